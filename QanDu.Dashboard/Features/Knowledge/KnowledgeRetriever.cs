using Microsoft.EntityFrameworkCore;
using QanDu.Dashboard.Data;
using QanDu.Dashboard.Data.Entities;

namespace QanDu.Dashboard.Features.Knowledge;

/// <summary>
/// Published articles for a question, best first: bm25 over the question's significant words (stop words dropped,
/// porter-stemmed by the index, synonyms added, OR-combined), title weighted above body. Articles in the preferred
/// language win close calls. Used by the offline assistant and as context for remote models. <c>audience</c> Public
/// (answers to customers): public articles only; Internal (staff): every published article.
/// </summary>
public sealed class KnowledgeRetriever(IDbContextFactory<ChatDbContext> dbFactory)
{
    /// <summary>How much an article in the preferred language is lifted: enough to win a close call, not to beat a clearly better match.</summary>
    internal const double PreferredLanguageBoost = 1.3;

    public async Task<IReadOnlyList<KnowledgeMatch>> RetrieveAsync(
        string? question, string? preferredLanguage = null, int limit = 3, CancellationToken ct = default,
        KnowledgeAudience audience = KnowledgeAudience.Internal)
    {
        var terms = KnowledgeText.QuestionTerms(question);
        if (KnowledgeText.OrMatch(terms) is not { } match || limit <= 0)
            return [];
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var ranked = new List<(long Id, double Rank)>();
        await foreach (var row in KnowledgeSql.RankedAsync(db, match, published: true, limit: limit * 4 + 8, ct, publicOnly: audience == KnowledgeAudience.Public))
            ranked.Add(row);
        if (ranked.Count == 0)
            return [];
        var ids = ranked.ConvertAll(r => r.Id);
        var articles = await db.KnowledgeArticles.AsNoTracking()
            .Where(a => ids.Contains(a.Id) && a.Status == KnowledgeStatus.Published && (audience != KnowledgeAudience.Public || a.Audience == KnowledgeAudience.Public))
            .Select(a => new { a.Id, a.Title, a.Language, a.Body })
            .ToDictionaryAsync(a => a.Id, ct);
        var preferred = preferredLanguage?.Trim().ToLowerInvariant();
        return ranked.Where(r => articles.ContainsKey(r.Id))
            .Select(r =>
            {
                var a = articles[r.Id];
                var score = -r.Rank * (preferred is not null && a.Language == preferred ? PreferredLanguageBoost : 1.0);
                return new KnowledgeMatch(a.Id, a.Title, a.Language, a.Body, score, terms);
            })
            .OrderByDescending(m => m.Score).ThenBy(m => m.Id)
            .Take(limit)
            .ToList();
    }
}
