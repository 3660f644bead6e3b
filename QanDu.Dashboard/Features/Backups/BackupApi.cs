using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Net.Http.Headers;
using QanDu.Dashboard.Features.Access;

namespace QanDu.Dashboard.Features.Backups;

/// <summary>Backups on the REST API, admins only, under /api/admin/backups: the same service as the backups page.</summary>
internal static class BackupApi
{
    public static IEndpointRouteBuilder MapBackupApi(this IEndpointRouteBuilder routes)
    {
        var admin = routes.MapGroup("/api/admin/backups").WithTags("Backups")
            .RequireAuthorization(p => p.RequireRole(Roles.Admin))
            .ProducesProblem(StatusCodes.Status401Unauthorized)
            .ProducesProblem(StatusCodes.Status403Forbidden)
            .ProducesProblem(StatusCodes.Status404NotFound);
        admin.MapGet("", List);
        admin.MapPost("", RunNow).ProducesProblem(StatusCodes.Status409Conflict);
        admin.MapGet("/{id:long}", Get);
        admin.MapGet("/{id:long}/download", Download).Produces(StatusCodes.Status200OK, contentType: "application/zip");
        return routes;
    }

    private static async Task<Ok<BackupsOverview>> List(HttpContext http, BackupCatalog catalog, CancellationToken ct) =>
        TypedResults.Ok(await catalog.OverviewAsync(ChatCaller.From(http.User), ct));

    private static async Task<Accepted<BackupStarted>> RunNow(HttpContext http, BackupRunner runner, CancellationToken ct)
    {
        var id = await runner.StartNowAsync(ChatCaller.From(http.User), ct);
        return TypedResults.Accepted($"/api/admin/backups/{id}", new BackupStarted(id));
    }

    private static async Task<Ok<BackupView>> Get(long id, HttpContext http, BackupCatalog catalog, CancellationToken ct) =>
        TypedResults.Ok(await catalog.GetAsync(ChatCaller.From(http.User), id, ct));

    private static async Task<PhysicalFileHttpResult> Download(long id, HttpContext http, BackupCatalog catalog, CancellationToken ct)
    {
        var (path, name) = await catalog.OpenFileAsync(ChatCaller.From(http.User), id, ct);
        var disposition = new ContentDispositionHeaderValue("attachment");
        disposition.SetHttpFileName(name);
        http.Response.Headers.ContentDisposition = disposition.ToString();
        http.Response.Headers.XContentTypeOptions = "nosniff";
        http.Response.Headers.CacheControl = "no-store";
        return TypedResults.PhysicalFile(path, "application/zip", enableRangeProcessing: true);
    }
}
