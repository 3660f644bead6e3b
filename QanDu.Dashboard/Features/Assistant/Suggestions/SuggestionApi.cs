using System.Security.Claims;
using Microsoft.AspNetCore.Http.HttpResults;
using QanDu.Dashboard.Data.Entities;
using QanDu.Dashboard.Features.Access;

namespace QanDu.Dashboard.Features.Assistant.Suggestions;

/// <summary>What an integration tells about a suggestion: inserted, sent (with the message sent from it) or dismissed.</summary>
public sealed record SuggestionOutcomeRequest(string? Outcome, long? MessageId);

public sealed record SuggestionOutcomeView(long Id, SuggestionOutcome Outcome);

/// <summary>Reply suggestions on the REST API (not streamed), under the same /api/chat group rules.</summary>
internal static class SuggestionApi
{
    public static IEndpointRouteBuilder MapSuggestionApi(this IEndpointRouteBuilder routes)
    {
        var api = routes.MapGroup("/api/chat").WithTags("Chat").RequireAuthorization()
            .ProducesProblem(StatusCodes.Status400BadRequest)
            .ProducesProblem(StatusCodes.Status401Unauthorized)
            .ProducesProblem(StatusCodes.Status404NotFound);

        api.MapGet("/thread/{id:long}/suggestions", GetSuggestions).ProducesProblem(StatusCodes.Status502BadGateway);
        api.MapPost("/suggestions/{id:long}/outcome", SetOutcome);
        return routes;
    }

    /// <summary>Up to three suggested replies to <paramref name="messageId"/> (default: the latest message from someone else).</summary>
    private static async Task<Results<Ok<SuggestionsResult>, ProblemHttpResult>> GetSuggestions(
        long id, long? messageId, ClaimsPrincipal user, SuggestionService suggestions, CancellationToken ct)
    {
        var result = await suggestions.SuggestAllAsync(ChatCaller.From(user), id, messageId, ct);
        if (result.Error is { } error)
            return TypedResults.Problem(error, statusCode: StatusCodes.Status502BadGateway, title: "The assistant could not write suggestions");
        return TypedResults.Ok(result);
    }

    private static async Task<Ok<SuggestionOutcomeView>> SetOutcome(
        long id, SuggestionOutcomeRequest request, ClaimsPrincipal user, SuggestionService suggestions, CancellationToken ct)
    {
        var caller = ChatCaller.From(user);
        switch (request.Outcome?.Trim().ToLowerInvariant())
        {
            case "inserted":
                await suggestions.InsertedAsync(caller, id, ct);
                return TypedResults.Ok(new SuggestionOutcomeView(id, SuggestionOutcome.Inserted));
            case "dismissed":
                var outcomes = await suggestions.DismissAsync(caller, [id], ct);
                return TypedResults.Ok(new SuggestionOutcomeView(id, outcomes[id]));
            case "sent":
                var messageId = request.MessageId
                    ?? throw new ChatValidationException("messageId", "messageId is required with outcome sent: the message sent from the suggestion.");
                return TypedResults.Ok(new SuggestionOutcomeView(id, await suggestions.SentAsync(caller, id, messageId, ct)));
            default:
                throw new ChatValidationException("outcome", "outcome is inserted, sent or dismissed.");
        }
    }
}
