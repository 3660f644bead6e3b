using Microsoft.EntityFrameworkCore;
using QanDu.Dashboard.Data;
using QanDu.Dashboard.Data.Entities;
using QanDu.Dashboard.Rendering;

namespace QanDu.Dashboard.Features.Knowledge;

/// <summary>A published article found for a question, best first, with the sentences that match it.</summary>
public sealed record KnowledgeSearchResult(
    long Id, string Title, string Language, KnowledgeAudience Audience, string Excerpt, double Score, string Url, string? HelpUrl);

/// <summary>
/// Ranked search over published articles for staff and integrations (GET /api/knowledge/search): the same retrieval the
/// assistant uses (<see cref="KnowledgeRetriever"/>, parameterized FTS5), narrowed to one audience when asked.
/// </summary>
public sealed class KnowledgeSearchService(IDbContextFactory<ChatDbContext> dbFactory, KnowledgeRetriever retriever)
{
    public const int MaxLimit = 50;

    public async Task<IReadOnlyList<KnowledgeSearchResult>> SearchAsync(
        string? query, string? language = null, KnowledgeAudience? audience = null, int limit = 10, CancellationToken ct = default)
    {
        if (string.IsNullOrWhiteSpace(query))
            throw new Access.ChatValidationException("q", "Say what to search for (q).");
        limit = Math.Clamp(limit, 1, MaxLimit);
        // Public retrieval filters in SQL; internal-only is the complement, so ask for more and keep the internal ones.
        var matches = await retriever.RetrieveAsync(query, language?.Trim().ToLowerInvariant(), audience == KnowledgeAudience.Internal ? limit * 3 : limit, ct,
            audience == KnowledgeAudience.Public ? KnowledgeAudience.Public : KnowledgeAudience.Internal);
        if (matches.Count == 0)
            return [];
        var ids = matches.Select(m => m.Id).ToList();
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var audiences = await db.KnowledgeArticles.AsNoTracking().Where(a => ids.Contains(a.Id)).ToDictionaryAsync(a => a.Id, a => a.Audience, ct);
        return [.. matches
            .Where(m => audiences.ContainsKey(m.Id) && (audience is null || audiences[m.Id] == audience))
            .Take(limit)
            .Select(m => new KnowledgeSearchResult(m.Id, m.Title, m.Language, audiences[m.Id],
                MarkdownText.Shorten(string.Join(" ", KnowledgeExcerpt.KeySentences(m.Body, m.Terms, 2)), 240), Math.Round(m.Score, 4),
                $"/knowledge/{m.Id}", audiences[m.Id] == KnowledgeAudience.Public ? HelpLinks.Article(m.Id, m.Title) : null))];
    }
}
