using Microsoft.AspNetCore.Http.HttpResults;
using QanDu.Dashboard.Features.Access;
using QanDu.Dashboard.Features.Audit;

namespace QanDu.Dashboard.Features.Retention;

/// <summary>The retention policy on the REST API, admins only, under /api/admin/retention; the same rules as its page.</summary>
internal static class RetentionApi
{
    public static IEndpointRouteBuilder MapRetentionApi(this IEndpointRouteBuilder routes)
    {
        var admin = routes.MapGroup("/api/admin/retention").WithTags("Data retention")
            .RequireAuthorization(p => p.RequireRole(Roles.Admin))
            .ProducesProblem(StatusCodes.Status400BadRequest)
            .ProducesProblem(StatusCodes.Status401Unauthorized)
            .ProducesProblem(StatusCodes.Status403Forbidden)
            .ProducesProblem(StatusCodes.Status409Conflict);
        admin.MapGet("", Get);
        admin.MapPut("", Set);
        admin.MapPost("/dry-run", DryRun);
        admin.MapPost("/run", Run);
        return routes;
    }

    private static async Task<Ok<RetentionView>> Get(HttpContext http, RetentionService retention, CancellationToken ct) =>
        TypedResults.Ok(await retention.GetAsync(ChatCaller.From(http.User), ct));

    private static async Task<Ok<RetentionView>> Set(SetRetentionRequest request, HttpContext http, RetentionService retention, CancellationToken ct) =>
        TypedResults.Ok(await retention.SetAsync(ChatCaller.From(http.User), Actor(http), request.ResolvedConversationDays, ct));

    /// <summary><c>?days=</c> tries a period before saving it; without it, the policy's.</summary>
    private static async Task<Ok<RetentionDryRun>> DryRun(int? days, HttpContext http, RetentionService retention, CancellationToken ct) =>
        TypedResults.Ok(await retention.DryRunAsync(ChatCaller.From(http.User), days, ct));

    private static async Task<Ok<RetentionRunResult>> Run(HttpContext http, RetentionService retention, CancellationToken ct) =>
        TypedResults.Ok(await retention.RunAsync(ChatCaller.From(http.User), Actor(http), progress: null, ct));

    private static AuditActor Actor(HttpContext http) => AuditActor.From(http.User, http.Connection.RemoteIpAddress);
}
