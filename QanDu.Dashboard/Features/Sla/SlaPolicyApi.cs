using Microsoft.AspNetCore.Http.HttpResults;
using QanDu.Dashboard.Features.Access;
using QanDu.Dashboard.Features.Audit;

namespace QanDu.Dashboard.Features.Sla;

/// <summary>SLA policies on the REST API, admins only, under /api/admin/sla-policies; the same rules as the SLA page.</summary>
internal static class SlaPolicyApi
{
    public static IEndpointRouteBuilder MapSlaPolicyApi(this IEndpointRouteBuilder routes)
    {
        var admin = routes.MapGroup("/api/admin/sla-policies").WithTags("SLA policies")
            .RequireAuthorization(p => p.RequireRole(Roles.Admin))
            .ProducesProblem(StatusCodes.Status400BadRequest)
            .ProducesProblem(StatusCodes.Status401Unauthorized)
            .ProducesProblem(StatusCodes.Status403Forbidden)
            .ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status409Conflict);
        admin.MapGet("", List);
        admin.MapPost("", Create);
        admin.MapGet("/{id:long}", Get);
        admin.MapPut("/{id:long}", Update);
        admin.MapDelete("/{id:long}", Delete);
        return routes;
    }

    private static async Task<Ok<IReadOnlyList<SlaPolicyView>>> List(HttpContext http, SlaPolicyService policies, CancellationToken ct) =>
        TypedResults.Ok(await policies.ListAsync(ChatCaller.From(http.User), ct));

    private static async Task<Ok<SlaPolicyView>> Get(long id, HttpContext http, SlaPolicyService policies, CancellationToken ct) =>
        TypedResults.Ok(await policies.GetAsync(ChatCaller.From(http.User), id, ct));

    private static async Task<Created<SlaPolicyView>> Create(SaveSlaPolicyRequest request, HttpContext http, SlaPolicyService policies, CancellationToken ct)
    {
        var policy = await policies.CreateAsync(ChatCaller.From(http.User), Actor(http), request, ct);
        return TypedResults.Created($"/api/admin/sla-policies/{policy.Id}", policy);
    }

    private static async Task<Ok<SlaPolicyView>> Update(long id, SaveSlaPolicyRequest request, HttpContext http, SlaPolicyService policies, CancellationToken ct) =>
        TypedResults.Ok(await policies.UpdateAsync(ChatCaller.From(http.User), Actor(http), id, request, ct));

    private static async Task<NoContent> Delete(long id, HttpContext http, SlaPolicyService policies, CancellationToken ct)
    {
        await policies.DeleteAsync(ChatCaller.From(http.User), Actor(http), id, ct);
        return TypedResults.NoContent();
    }

    private static AuditActor Actor(HttpContext http) => AuditActor.From(http.User, http.Connection.RemoteIpAddress);
}
