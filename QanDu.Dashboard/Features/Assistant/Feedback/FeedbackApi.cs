using System.Security.Claims;
using Microsoft.AspNetCore.Http.HttpResults;
using QanDu.Dashboard.Features.Access;

namespace QanDu.Dashboard.Features.Assistant.Feedback;

/// <summary>Thumbs up/down on AI messages on the REST API, under the /api/chat group rules (404 for hidden threads).</summary>
internal static class FeedbackApi
{
    public static IEndpointRouteBuilder MapFeedbackApi(this IEndpointRouteBuilder routes)
    {
        var api = routes.MapGroup("/api/chat").WithTags("Chat").RequireAuthorization()
            .ProducesProblem(StatusCodes.Status400BadRequest)
            .ProducesProblem(StatusCodes.Status401Unauthorized)
            .ProducesProblem(StatusCodes.Status404NotFound);

        api.MapGet("/message/{id:long}/feedback", Get);
        api.MapPost("/message/{id:long}/feedback", Rate);
        api.MapDelete("/message/{id:long}/feedback", Remove);
        return routes;
    }

    private static async Task<Ok<AiFeedbackView>> Get(long id, ClaimsPrincipal user, FeedbackService feedback, CancellationToken ct) =>
        TypedResults.Ok(await feedback.GetAsync(ChatCaller.From(user), id, ct));

    /// <summary>Sets the caller's rating of an AI message ("up" or "down", a comment only with "down"), replacing an earlier one.</summary>
    private static async Task<Ok<AiFeedbackView>> Rate(
        long id, RateAiMessageRequest request, ClaimsPrincipal user, FeedbackService feedback, CancellationToken ct) =>
        TypedResults.Ok(await feedback.RateAsync(ChatCaller.From(user), id, request, ct));

    private static async Task<Ok<AiFeedbackView>> Remove(long id, ClaimsPrincipal user, FeedbackService feedback, CancellationToken ct) =>
        TypedResults.Ok(await feedback.RemoveAsync(ChatCaller.From(user), id, ct));
}
