using System.Security.Claims;
using Microsoft.AspNetCore.Http.HttpResults;
using QanDu.Dashboard.Features.Access;
using QanDu.Dashboard.Features.Audit;

namespace QanDu.Dashboard.Features.TwoFactor;

/// <summary>An admin's reset of a person's two-factor on the REST API (<c>POST /api/admin/users/{id}/reset-two-factor</c>).</summary>
internal static class TwoFactorApi
{
    public static IEndpointRouteBuilder MapTwoFactorApi(this IEndpointRouteBuilder routes)
    {
        routes.MapPost("/api/admin/users/{id}/reset-two-factor", ResetAsync).WithTags("Admin")
            .RequireAuthorization(p => p.RequireRole(Roles.Admin))
            .ProducesProblem(StatusCodes.Status401Unauthorized)
            .ProducesProblem(StatusCodes.Status403Forbidden)
            .ProducesProblem(StatusCodes.Status404NotFound);
        return routes;
    }

    /// <summary>Turns the person's two-factor off, removes their key and recovery codes, and ends their sessions.</summary>
    private static async Task<NoContent> ResetAsync(string id, ClaimsPrincipal user, HttpContext http, TwoFactorService twoFactor, CancellationToken ct)
    {
        await twoFactor.ResetAsync(ChatCaller.From(user), id, AuditActor.From(user, http.Connection.RemoteIpAddress), ct);
        return TypedResults.NoContent();
    }
}
