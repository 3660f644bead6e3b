using System.Security.Claims;
using Microsoft.AspNetCore.Http.HttpResults;
using QanDu.Dashboard.Features.Access;
using QanDu.Dashboard.Features.Messages;

namespace QanDu.Dashboard.Features.Analysis;

/// <summary>A message's intent, corrected by an agent.</summary>
public sealed record CorrectIntentRequest(string? Intent);

/// <summary>Intent corrections on the REST API, under the /api/chat group rules (404 for hidden threads).</summary>
internal static class IntentApi
{
    public static IEndpointRouteBuilder MapIntentApi(this IEndpointRouteBuilder routes)
    {
        var api = routes.MapGroup("/api/chat").WithTags("Chat").RequireAuthorization()
            .ProducesProblem(StatusCodes.Status400BadRequest)
            .ProducesProblem(StatusCodes.Status401Unauthorized)
            .ProducesProblem(StatusCodes.Status404NotFound);

        api.MapGet("/intents", (IntentCorrectionService corrections) => TypedResults.Ok(corrections.Intents));
        api.MapPost("/message/{id:long}/intent", Correct);
        return routes;
    }

    /// <summary>Sets the message's intent to one of GET /api/chat/intents; the classifier learns from it.</summary>
    private static async Task<Ok<MessageView>> Correct(
        long id, CorrectIntentRequest request, ClaimsPrincipal user, IntentCorrectionService corrections, CancellationToken ct) =>
        TypedResults.Ok(await corrections.CorrectAsync(ChatCaller.From(user), id, request.Intent, ct));
}
