using Microsoft.AspNetCore.Http.HttpResults;
using QanDu.Dashboard.Features.Access;
using QanDu.Dashboard.Features.Audit;

namespace QanDu.Dashboard.Features.Webhooks;

/// <summary>The hosts webhooks may reach on private addresses, admins only, under /api/admin/webhooks/allowed-hosts.</summary>
internal static class WebhookAllowListApi
{
    public static IEndpointRouteBuilder MapWebhookAllowListApi(this IEndpointRouteBuilder routes)
    {
        var admin = routes.MapGroup("/api/admin/webhooks/allowed-hosts").WithTags("Webhooks")
            .RequireAuthorization(p => p.RequireRole(Roles.Admin))
            .ProducesProblem(StatusCodes.Status400BadRequest)
            .ProducesProblem(StatusCodes.Status401Unauthorized)
            .ProducesProblem(StatusCodes.Status403Forbidden)
            .ProducesProblem(StatusCodes.Status404NotFound);
        admin.MapGet("", List);
        admin.MapPost("", Add);
        admin.MapDelete("/{id:long}", Remove);
        return routes;
    }

    private static async Task<Ok<IReadOnlyList<AllowedHostView>>> List(HttpContext http, WebhookAllowList hosts, CancellationToken ct) =>
        TypedResults.Ok(await hosts.ListAsync(ChatCaller.From(http.User), ct));

    private static async Task<Created<AllowedHostView>> Add(AddAllowedHostRequest request, HttpContext http, WebhookAllowList hosts, CancellationToken ct)
    {
        var host = await hosts.AddAsync(ChatCaller.From(http.User), request, Actor(http), ct);
        return TypedResults.Created($"/api/admin/webhooks/allowed-hosts/{host.Id}", host);
    }

    private static async Task<NoContent> Remove(long id, HttpContext http, WebhookAllowList hosts, CancellationToken ct)
    {
        await hosts.RemoveAsync(ChatCaller.From(http.User), id, Actor(http), ct);
        return TypedResults.NoContent();
    }

    private static AuditActor Actor(HttpContext http) => AuditActor.From(http.User, http.Connection.RemoteIpAddress);
}
