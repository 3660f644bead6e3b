using Microsoft.AspNetCore.Http.HttpResults;
using QanDu.Dashboard.Data.Entities;
using QanDu.Dashboard.Features.Access;
using QanDu.Dashboard.Features.Audit;

namespace QanDu.Dashboard.Features.Knowledge;

/// <summary>
/// The knowledge base on the REST API under /api/knowledge (docs/api.md, "Knowledge API"): any staff caller reads (agents
/// published articles only), supervisors and admins write. Thin doors onto <see cref="KnowledgeService"/>, the one
/// writer of articles; a stale edit answers 409.
/// </summary>
internal static class KnowledgeApi
{
    public const string Prefix = "/api/knowledge";

    public static IEndpointRouteBuilder MapKnowledgeApi(this IEndpointRouteBuilder routes)
    {
        var api = routes.MapGroup(Prefix).WithTags("Knowledge").RequireAuthorization()
            .ProducesProblem(StatusCodes.Status400BadRequest)
            .ProducesProblem(StatusCodes.Status401Unauthorized)
            .ProducesProblem(StatusCodes.Status403Forbidden)
            .ProducesProblem(StatusCodes.Status404NotFound);

        api.MapGet("/articles", ListAsync);
        api.MapGet("/articles/{id:long}", GetAsync);
        api.MapPost("/articles", CreateAsync);
        api.MapPut("/articles/{id:long}", UpdateAsync).ProducesProblem(StatusCodes.Status409Conflict);
        api.MapDelete("/articles/{id:long}", DeleteAsync);
        api.MapGet("/search", SearchAsync);
        return routes;
    }

    private static async Task<Ok<IReadOnlyList<KnowledgeListItem>>> ListAsync(
        string? q, string? status, string? audience, string? language, HttpContext http, KnowledgeService knowledge, CancellationToken ct)
    {
        var wantedStatus = Parse<KnowledgeStatus>("status", status);
        var wantedAudience = Parse<KnowledgeAudience>("audience", audience);
        var lang = Language(language);
        return TypedResults.Ok(await knowledge.ListAsync(ChatCaller.From(http.User), q, wantedStatus, wantedAudience, lang, ct));
    }

    private static async Task<Ok<KnowledgeArticleView>> GetAsync(long id, HttpContext http, KnowledgeService knowledge, CancellationToken ct) =>
        TypedResults.Ok(await knowledge.GetAsync(ChatCaller.From(http.User), id, ct));

    private static async Task<Created<KnowledgeArticleView>> CreateAsync(
        SaveKnowledgeRequest request, HttpContext http, KnowledgeService knowledge, CancellationToken ct)
    {
        // What an import may set: Source and SourceMessageId belong to the assistant's learning loop.
        var manual = request with { Source = KnowledgeSource.Manual, SourceMessageId = null };
        var article = await knowledge.CreateAsync(ChatCaller.From(http.User), manual, Actor(http), ct);
        return TypedResults.Created($"{Prefix}/articles/{article.Id}", article);
    }

    private static async Task<Ok<KnowledgeArticleView>> UpdateAsync(
        long id, SaveKnowledgeRequest request, HttpContext http, KnowledgeService knowledge, CancellationToken ct) =>
        TypedResults.Ok(await knowledge.UpdateAsync(ChatCaller.From(http.User), id, request with { Source = KnowledgeSource.Manual, SourceMessageId = null },
            Actor(http), ct));

    private static async Task<NoContent> DeleteAsync(long id, HttpContext http, KnowledgeService knowledge, CancellationToken ct)
    {
        await knowledge.DeleteAsync(ChatCaller.From(http.User), id, Actor(http), ct);
        return TypedResults.NoContent();
    }

    private static async Task<Ok<KnowledgeSearchResults>> SearchAsync(
        string? q, string? language, string? audience, int? limit, KnowledgeSearchService search, CancellationToken ct)
    {
        var wantedAudience = Parse<KnowledgeAudience>("audience", audience);
        var results = await search.SearchAsync(q, Language(language), wantedAudience, limit ?? 10, ct);
        return TypedResults.Ok(new KnowledgeSearchResults(q!.Trim(), results));
    }

    private static AuditActor Actor(HttpContext http) => AuditActor.From(http.User, http.Connection.RemoteIpAddress);

    /// <summary>An enum from the query string, by name in any case; a wrong one names the parameter and what it may be.</summary>
    private static T? Parse<T>(string field, string? value) where T : struct, Enum
    {
        if (string.IsNullOrWhiteSpace(value))
            return null;
        if (Enum.TryParse<T>(value.Trim(), ignoreCase: true, out var parsed) && Enum.IsDefined(parsed) && !char.IsAsciiDigit(value.Trim()[0]))
            return parsed;
        throw new ChatValidationException(field,
            $"'{value}' is not a {field}. Use one of: {string.Join(", ", Enum.GetNames<T>().Select(n => n.ToLowerInvariant()))}.");
    }

    private static string? Language(string? language)
    {
        if (string.IsNullOrWhiteSpace(language))
            return null;
        var code = language.Trim().ToLowerInvariant();
        return KnowledgeLanguages.IsKnown(code) ? code
            : throw new ChatValidationException("language", $"'{language}' is not a known language code. Use one of: {string.Join(", ", KnowledgeLanguages.Names.Keys)}.");
    }
}

/// <summary>The answer of GET /api/knowledge/search: the query as searched and the articles, best first.</summary>
public sealed record KnowledgeSearchResults(string Query, IReadOnlyList<KnowledgeSearchResult> Articles);
