using System.Security.Claims;
using Microsoft.AspNetCore.Http.HttpResults;
using QanDu.Dashboard.Features.Access;

namespace QanDu.Dashboard.Features.People;

/// <summary>The invitation and its link, shown once: only the link's hash is stored.</summary>
public sealed record InvitationResponse(PersonView User, IssuedLink Invitation);

/// <summary>Staff accounts on the REST API, admins only (401 anonymous, 403 others); the same rules as the people page.</summary>
internal static class PeopleApi
{
    public static IEndpointRouteBuilder MapPeopleApi(this IEndpointRouteBuilder routes)
    {
        var api = routes.MapGroup("/api/admin/users").WithTags("People")
            .RequireAuthorization(p => p.RequireRole(Roles.Admin))
            .ProducesProblem(StatusCodes.Status400BadRequest)
            .ProducesProblem(StatusCodes.Status401Unauthorized)
            .ProducesProblem(StatusCodes.Status403Forbidden)
            .ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status409Conflict);

        api.MapGet("/", List);
        api.MapPost("/", Invite);
        api.MapPut("/{userId}", Update);
        api.MapPost("/{userId}/reset-password", ResetPassword);
        api.MapPost("/{userId}/invitation", ResendInvitation);
        api.MapDelete("/{userId}/invitation", RevokeInvitation);
        return routes;
    }

    private static async Task<Ok<IReadOnlyList<PersonView>>> List(
        ClaimsPrincipal user, PeopleDirectory people, string? search, string? role, string? status, CancellationToken ct)
    {
        PersonStatus? parsed = null;
        if (!string.IsNullOrWhiteSpace(status))
            parsed = Enum.TryParse<PersonStatus>(status, ignoreCase: true, out var s) && Enum.IsDefined(s)
                ? s
                : throw new ChatValidationException("status", $"\"{status}\" is not a status: use active, invited or deactivated.");
        return TypedResults.Ok(await people.ListAsync(ChatCaller.From(user), new PeopleQuery(search, string.IsNullOrWhiteSpace(role) ? null : role, parsed), ct));
    }

    private static async Task<Created<InvitationResponse>> Invite(InviteRequest request, HttpContext http, PeopleService people, CancellationToken ct)
    {
        var invitation = await people.InviteAsync(ChatCaller.From(http.User), request, BaseUri(http.Request), http.Connection.RemoteIpAddress, ct);
        return TypedResults.Created($"/api/admin/users/{invitation.Person.Id}", new InvitationResponse(invitation.Person, invitation.Link));
    }

    private static async Task<Ok<PersonView>> Update(string userId, UpdatePersonRequest request, HttpContext http, PeopleService people, CancellationToken ct) =>
        TypedResults.Ok(await people.UpdateAsync(ChatCaller.From(http.User), userId, request, http.Connection.RemoteIpAddress, ct));

    private static async Task<Ok<IssuedLink>> ResetPassword(string userId, HttpContext http, PeopleService people, CancellationToken ct) =>
        TypedResults.Ok(await people.CreateResetLinkAsync(ChatCaller.From(http.User), userId, BaseUri(http.Request), http.Connection.RemoteIpAddress, ct));

    private static async Task<Ok<IssuedLink>> ResendInvitation(string userId, HttpContext http, PeopleService people, CancellationToken ct) =>
        TypedResults.Ok(await people.ResendInvitationAsync(ChatCaller.From(http.User), userId, BaseUri(http.Request), http.Connection.RemoteIpAddress, ct));

    private static async Task<NoContent> RevokeInvitation(string userId, HttpContext http, PeopleService people, CancellationToken ct)
    {
        await people.RevokeInvitationAsync(ChatCaller.From(http.User), userId, http.Connection.RemoteIpAddress, ct);
        return TypedResults.NoContent();
    }

    /// <summary>The app's address as the client reached it (scheme and host from trusted proxies only: Proxy:TrustedProxies).</summary>
    private static Uri BaseUri(HttpRequest request) => new($"{request.Scheme}://{request.Host}{request.PathBase}/");
}
