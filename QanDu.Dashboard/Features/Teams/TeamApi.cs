using Microsoft.AspNetCore.Http.HttpResults;
using QanDu.Dashboard.Features.Access;
using QanDu.Dashboard.Features.Audit;

namespace QanDu.Dashboard.Features.Teams;

/// <summary>
/// Teams on the REST API: admins manage them under /api/admin/teams; any staff member lists them at /api/chat/teams
/// (to pick a conversation's team).
/// </summary>
internal static class TeamApi
{
    public static IEndpointRouteBuilder MapTeamApi(this IEndpointRouteBuilder routes)
    {
        var admin = routes.MapGroup("/api/admin/teams").WithTags("Teams")
            .RequireAuthorization(p => p.RequireRole(Roles.Admin))
            .ProducesProblem(StatusCodes.Status400BadRequest)
            .ProducesProblem(StatusCodes.Status401Unauthorized)
            .ProducesProblem(StatusCodes.Status403Forbidden)
            .ProducesProblem(StatusCodes.Status404NotFound);
        admin.MapGet("", List);
        admin.MapPost("", Create);
        admin.MapPut("/{id:long}", Update);
        admin.MapDelete("/{id:long}", Delete);
        admin.MapPut("/{id:long}/members", SetMembers);

        routes.MapGroup("/api/chat").WithTags("Teams").RequireAuthorization()
            .ProducesProblem(StatusCodes.Status401Unauthorized)
            .MapGet("/teams", Choices);
        return routes;
    }

    private static async Task<Ok<IReadOnlyList<TeamView>>> List(HttpContext http, TeamService teams, CancellationToken ct) =>
        TypedResults.Ok(await teams.ListAsync(ChatCaller.From(http.User), ct));

    private static async Task<Created<TeamView>> Create(SaveTeamRequest request, HttpContext http, TeamService teams, CancellationToken ct)
    {
        var team = await teams.CreateAsync(ChatCaller.From(http.User), Actor(http), request, ct);
        return TypedResults.Created($"/api/admin/teams/{team.Id}", team);
    }

    private static async Task<Ok<TeamView>> Update(long id, SaveTeamRequest request, HttpContext http, TeamService teams, CancellationToken ct) =>
        TypedResults.Ok(await teams.UpdateAsync(ChatCaller.From(http.User), Actor(http), id, request, ct));

    private static async Task<NoContent> Delete(long id, HttpContext http, TeamService teams, CancellationToken ct)
    {
        await teams.DeleteAsync(ChatCaller.From(http.User), Actor(http), id, ct);
        return TypedResults.NoContent();
    }

    private static async Task<Ok<TeamView>> SetMembers(long id, SetTeamMembersRequest request, HttpContext http, TeamService teams, CancellationToken ct) =>
        TypedResults.Ok(await teams.SetMembersAsync(ChatCaller.From(http.User), Actor(http), id, request, ct));

    private static async Task<Ok<IReadOnlyList<TeamChoice>>> Choices(HttpContext http, TeamService teams, CancellationToken ct) =>
        TypedResults.Ok(await teams.ChoicesAsync(ChatCaller.From(http.User), ct));

    private static AuditActor Actor(HttpContext http) => AuditActor.From(http.User, http.Connection.RemoteIpAddress);
}
