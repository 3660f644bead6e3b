using System.Security.Claims;
using Microsoft.AspNetCore.Http.HttpResults;
using QanDu.Dashboard.Features.Access;

namespace QanDu.Dashboard.Features.Presence;

/// <summary>The status to show: online, away, busy, or offline (appear offline).</summary>
public sealed record SetPresenceRequest(string? Status);

/// <summary>One's own presence on the REST API (<c>PUT /api/chat/user/status</c>).</summary>
internal static class PresenceApi
{
    public static IEndpointRouteBuilder MapPresenceApi(this IEndpointRouteBuilder routes)
    {
        routes.MapPut("/api/chat/user/status", SetPresence).WithTags("Chat").RequireAuthorization()
            .ProducesProblem(StatusCodes.Status400BadRequest)
            .ProducesProblem(StatusCodes.Status401Unauthorized);
        return routes;
    }

    private static async Task<NoContent> SetPresence(SetPresenceRequest request, ClaimsPrincipal user, PresenceService presence, CancellationToken ct)
    {
        await presence.SetChosenAsync(ChatCaller.From(user), request.Status, ct);
        return TypedResults.NoContent();
    }
}
