using System.Security.Claims;
using Microsoft.AspNetCore.Http.HttpResults;
using QanDu.Dashboard.Features.Access;

namespace QanDu.Dashboard.Features.Reactions;

/// <summary>Reactions on the REST API, under the same /api/chat group rules: signed in, not found for hidden threads.</summary>
internal static class ReactionApi
{
    public static IEndpointRouteBuilder MapReactionApi(this IEndpointRouteBuilder routes)
    {
        var api = routes.MapGroup("/api/chat").WithTags("Chat").RequireAuthorization()
            .ProducesProblem(StatusCodes.Status400BadRequest)
            .ProducesProblem(StatusCodes.Status401Unauthorized)
            .ProducesProblem(StatusCodes.Status404NotFound);

        api.MapPost("/message/{id:long}/reactions", Toggle);
        api.MapGet("/message/{id:long}/reactions", List);
        return routes;
    }

    private static async Task<Ok<ReactionOutcome>> Toggle(
        long id, ToggleReactionRequest request, ClaimsPrincipal user, ReactionService reactions, CancellationToken ct) =>
        TypedResults.Ok(await reactions.ToggleAsync(ChatCaller.From(user), id, request.Emoji, ct));

    private static async Task<Ok<IReadOnlyList<ReactionView>>> List(long id, ClaimsPrincipal user, ReactionService reactions, CancellationToken ct) =>
        TypedResults.Ok(await reactions.GetAsync(ChatCaller.From(user), id, ct));
}
