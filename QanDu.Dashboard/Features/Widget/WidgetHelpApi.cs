using Microsoft.AspNetCore.Http.HttpResults;
using QanDu.Dashboard.Features.HelpCenter;

namespace QanDu.Dashboard.Features.Widget;

/// <summary>One help-center article in a search result of the widget.</summary>
public sealed record WidgetHelpArticleSummary(long Id, string Title, string Excerpt, string Url, string Language);

/// <summary>The answer of the widget's help search: at most <see cref="WidgetHelpApi.MaxResults"/> public articles, best first.</summary>
public sealed record WidgetHelpSearchView(IReadOnlyList<WidgetHelpArticleSummary> Articles);

/// <summary>A public article as the widget shows it: sanitized HTML, the help-center address to open it in full.</summary>
public sealed record WidgetHelpArticleView(long Id, string Title, string Html, string Url, string Language, DateTime UpdatedAt);

/// <summary>
/// The help center inside the widget, under <c>/api/widget/v1/help</c> (docs/api.md, "Visitor API"): searched before a
/// conversation starts, with the visitor token like every visitor endpoint (so the origin guard and rate limits apply).
/// Public, published articles only, through <see cref="HelpCenterService"/>; anything else answers 404.
/// </summary>
internal static class WidgetHelpApi
{
    public const int MaxResults = 5;
    public const int MaxQuery = 200;

    public static IEndpointRouteBuilder MapWidgetHelpApi(this IEndpointRouteBuilder routes)
    {
        var api = routes.MapGroup(WidgetApi.Prefix + "/help").WithTags("Widget").RequireAuthorization(VisitorAuthenticationHandler.PolicyName)
            .ProducesProblem(StatusCodes.Status400BadRequest)
            .ProducesProblem(StatusCodes.Status401Unauthorized)
            .ProducesProblem(StatusCodes.Status403Forbidden)
            .ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status429TooManyRequests);
        api.MapGet("/search", SearchAsync);
        api.MapGet("/articles/{id:long}", ArticleAsync);
        return routes;
    }

    private static async Task<Ok<WidgetHelpSearchView>> SearchAsync(string? q, string? language, HelpCenterService help, CancellationToken ct)
    {
        var query = q?.Trim() ?? "";
        if (query.Length > MaxQuery)
            throw new Access.ChatValidationException("q", $"A search is at most {MaxQuery} characters (this one has {query.Length}).");
        var found = await help.SearchAsync(query, language, MaxResults, ct);
        return TypedResults.Ok(new WidgetHelpSearchView([.. found.Select(a => new WidgetHelpArticleSummary(a.Id, a.Title, a.Excerpt, a.Url, a.Language))]));
    }

    private static async Task<Ok<WidgetHelpArticleView>> ArticleAsync(long id, HelpCenterService help, CancellationToken ct)
    {
        var article = await help.GetAsync(id, ct) ?? throw new Access.ChatNotFoundException($"Help article {id}");
        return TypedResults.Ok(new WidgetHelpArticleView(article.Id, article.Title, article.Html, article.Url, article.Language, article.UpdatedAt));
    }
}
