using System.Security.Claims;
using Microsoft.AspNetCore.Http.HttpResults;
using QanDu.Dashboard.Features.Access;

namespace QanDu.Dashboard.Features.Assistant.Summaries;

/// <summary>A conversation's summary on the REST API, under the same /api/chat group rules as the thread it summarizes.</summary>
internal static class SummaryApi
{
    public static IEndpointRouteBuilder MapSummaryApi(this IEndpointRouteBuilder routes)
    {
        routes.MapGroup("/api/chat").WithTags("Chat").RequireAuthorization()
            .ProducesProblem(StatusCodes.Status401Unauthorized)
            .ProducesProblem(StatusCodes.Status403Forbidden)
            .ProducesProblem(StatusCodes.Status404NotFound)
            .MapGet("/threads/{id:long}/summary", GetSummary);
        return routes;
    }

    /// <summary>The problem, what was done, the outcome and what is open, and the whole as Markdown; 404 for a thread the caller cannot see.</summary>
    private static async Task<Ok<ConversationSummary>> GetSummary(long id, ClaimsPrincipal user, ConversationSummaries summaries, CancellationToken ct) =>
        TypedResults.Ok(await summaries.SummarizeAsync(ChatCaller.From(user), id, ct));
}
