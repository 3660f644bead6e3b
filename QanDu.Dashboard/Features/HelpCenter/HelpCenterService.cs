using Microsoft.EntityFrameworkCore;
using QanDu.Dashboard.Data;
using QanDu.Dashboard.Data.Entities;
using QanDu.Dashboard.Features.Knowledge;
using QanDu.Dashboard.Rendering;

namespace QanDu.Dashboard.Features.HelpCenter;

/// <summary>An article as the help center lists it: plain-text excerpt (encode it when shown), link to its page.</summary>
public sealed record HelpArticleSummary(long Id, string Title, string Language, string Excerpt, string Url, DateTime UpdatedAt);

/// <summary>An article as a customer reads it: the body as sanitized HTML.</summary>
public sealed record HelpArticle(long Id, string Title, string Language, string Html, string Url, DateTime UpdatedAt);

/// <summary>A language the help center has articles in.</summary>
public sealed record HelpLanguage(string Code, string Name, int Articles);

/// <summary>
/// What customers may read of the knowledge base: published articles whose audience is Public, and nothing else —
/// an internal, candidate or rejected article does not exist here. Read-only; articles are written by KnowledgeService.
/// </summary>
public sealed class HelpCenterService(IDbContextFactory<ChatDbContext> dbFactory, KnowledgeRetriever retriever, MarkdownRenderer markdown)
{
    public const int ExcerptLength = 200;

    public async Task<bool> AnyAsync(CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        return await Public(db).AnyAsync(ct);
    }

    public async Task<IReadOnlyList<HelpLanguage>> LanguagesAsync(CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var counts = await Public(db).GroupBy(a => a.Language).Select(g => new { g.Key, Count = g.Count() }).ToListAsync(ct);
        return [.. counts.OrderByDescending(c => c.Count).ThenBy(c => c.Key).Select(c => new HelpLanguage(c.Key, KnowledgeLanguages.NameOf(c.Key), c.Count))];
    }

    /// <summary>Every public article, by title; in one language when <paramref name="language"/> is given.</summary>
    public async Task<IReadOnlyList<HelpArticleSummary>> ListAsync(string? language = null, CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var articles = Public(db);
        if (Normalized(language) is { } lang)
            articles = articles.Where(a => a.Language == lang);
        var rows = await articles.Select(a => new { a.Id, a.Title, a.Language, a.Body, a.UpdatedAt }).ToListAsync(ct);
        return [.. rows.OrderBy(r => r.Title, StringComparer.CurrentCultureIgnoreCase)
            .Select(r => new HelpArticleSummary(r.Id, r.Title, r.Language, Excerpt(r.Body), HelpLinks.Article(r.Id, r.Title), r.UpdatedAt))];
    }

    /// <summary>
    /// Public articles for a question, best first, through the knowledge index (parameterized FTS5); articles in
    /// <paramref name="language"/> win close calls. The excerpt is the sentences that share the question's words.
    /// </summary>
    public async Task<IReadOnlyList<HelpArticleSummary>> SearchAsync(string? query, string? language = null, int limit = 10, CancellationToken ct = default)
    {
        if (string.IsNullOrWhiteSpace(query))
            return [];
        var matches = await retriever.RetrieveAsync(query, Normalized(language), limit, ct, KnowledgeAudience.Public);
        if (matches.Count == 0)
            return [];
        var ids = matches.Select(m => m.Id).ToList();
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var updated = await db.KnowledgeArticles.AsNoTracking().Where(a => ids.Contains(a.Id)).ToDictionaryAsync(a => a.Id, a => a.UpdatedAt, ct);
        return [.. matches.Where(m => updated.ContainsKey(m.Id)).Select(m => new HelpArticleSummary(
            m.Id, m.Title, m.Language,
            MarkdownText.Shorten(string.Join(" ", KnowledgeExcerpt.KeySentences(m.Body, m.Terms, 2)), ExcerptLength),
            HelpLinks.Article(m.Id, m.Title), updated[m.Id]))];
    }

    /// <summary>A public, published article, or null for anything else (unknown, internal, candidate, rejected).</summary>
    public async Task<HelpArticle?> GetAsync(long id, CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var article = await Public(db).Where(a => a.Id == id).Select(a => new { a.Id, a.Title, a.Language, a.Body, a.UpdatedAt }).FirstOrDefaultAsync(ct);
        return article is null ? null
            : new HelpArticle(article.Id, article.Title, article.Language, markdown.ToHtml(article.Body), HelpLinks.Article(article.Id, article.Title), article.UpdatedAt);
    }

    private static IQueryable<KnowledgeArticle> Public(ChatDbContext db) =>
        db.KnowledgeArticles.AsNoTracking().Where(a => a.Status == KnowledgeStatus.Published && a.Audience == KnowledgeAudience.Public);

    private static string Excerpt(string body) => MarkdownText.Shorten(MarkdownText.OneLine(body), ExcerptLength);

    private static string? Normalized(string? language) =>
        language?.Trim().ToLowerInvariant() is { Length: > 0 } lang && KnowledgeLanguages.IsKnown(lang) ? lang : null;
}
