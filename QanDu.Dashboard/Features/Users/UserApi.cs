using System.Security.Claims;
using Microsoft.AspNetCore.Http.HttpResults;
using QanDu.Dashboard.Features.Access;

namespace QanDu.Dashboard.Features.Users;

/// <summary>The people directory on the REST API (<c>GET /api/chat/users</c>), for the team only.</summary>
internal static class UserApi
{
    public static IEndpointRouteBuilder MapUserApi(this IEndpointRouteBuilder routes)
    {
        routes.MapGet("/api/chat/users", GetUsers).WithTags("Chat").RequireAuthorization()
            .ProducesProblem(StatusCodes.Status401Unauthorized)
            .ProducesProblem(StatusCodes.Status403Forbidden);
        return routes;
    }

    private static async Task<Ok<IReadOnlyList<UserView>>> GetUsers(ClaimsPrincipal user, UserDirectory users, CancellationToken ct) =>
        TypedResults.Ok(await users.ListAsync(ChatCaller.From(user), ct));
}
