using System.Security.Claims;
using Microsoft.AspNetCore.Http.HttpResults;
using QanDu.Dashboard.Features.Access;

namespace QanDu.Dashboard.Features.Search;

/// <summary>GET /api/chat/search: the same query language as the search dialog, only over threads the caller may see.</summary>
internal static class SearchApi
{
    public static IEndpointRouteBuilder MapSearchApi(this IEndpointRouteBuilder routes)
    {
        routes.MapGroup("/api/chat").WithTags("Search").RequireAuthorization()
            .MapGet("/search", Search)
            .ProducesProblem(StatusCodes.Status400BadRequest)
            .ProducesProblem(StatusCodes.Status401Unauthorized);
        return routes;
    }

    private static async Task<Ok<SearchResults>> Search(
        string? q, string? sort, int? limit, long? before, ClaimsPrincipal user, SearchService search, CancellationToken ct)
    {
        var order = sort?.ToLowerInvariant() switch
        {
            null or "" or "newest" => SearchSort.Newest,
            "relevance" => SearchSort.Relevance,
            _ => throw new ChatValidationException("sort", $"'{sort}' is not a sort order; use newest or relevance."),
        };
        if (limit is < 1 or > SearchService.MaxLimit)
            throw new ChatValidationException("limit", $"limit must be between 1 and {SearchService.MaxLimit}.");
        return TypedResults.Ok(await search.SearchAsync(ChatCaller.From(user), q, order, limit, before, ct));
    }
}
