using Microsoft.EntityFrameworkCore;
using QanDu.Dashboard.Data;
using QanDu.Dashboard.Data.Entities;

namespace QanDu.Dashboard.Features.Knowledge;

/// <summary>
/// Published articles for a question, best first: bm25 over the question's significant words (stop words dropped,
/// porter-stemmed by the index, synonyms added, OR-combined, title weighted above body) finds the candidates, then
/// <see cref="KnowledgeRanker"/> orders them by title match, topic, question type, language and ratings, so articles
/// on overlapping topics are told apart. Used by the offline assistant (staff and customers) and as context for remote
/// models. <c>audience</c> Public (answers to customers): public articles only; Internal (staff): every published article.
/// </summary>
public sealed class KnowledgeRetriever(IDbContextFactory<ChatDbContext> dbFactory)
{
    /// <summary>Candidates the full-text search hands the ranker: enough to hold every article on the question's topic.</summary>
    private const int Candidates = 24;

    public async Task<IReadOnlyList<KnowledgeMatch>> RetrieveAsync(
        string? question, string? preferredLanguage = null, int limit = 3, CancellationToken ct = default,
        KnowledgeAudience audience = KnowledgeAudience.Internal) =>
        [.. (await RankAsync(question, preferredLanguage, limit, ct, audience)).Select(r => r.Match)];

    /// <summary>
    /// The ranked articles with what the ranker saw in each (for a confidence to be computed from).
    /// <paramref name="intentOf"/>: a classifier of text to an intent; when given, an article whose title has the
    /// question's intent moves up.
    /// </summary>
    public async Task<IReadOnlyList<RankedArticle>> RankAsync(
        string? question, string? preferredLanguage, int limit, CancellationToken ct,
        KnowledgeAudience audience = KnowledgeAudience.Internal, Func<string, string?>? intentOf = null)
    {
        var terms = KnowledgeText.QuestionTerms(question);
        if (KnowledgeText.OrMatch(terms) is not { } match || limit <= 0)
            return [];
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var ranked = new List<(long Id, double Rank)>();
        await foreach (var row in KnowledgeSql.RankedAsync(db, match, published: true, limit: Math.Max(Candidates, limit * 4), ct, publicOnly: audience == KnowledgeAudience.Public))
            ranked.Add(row);
        if (ranked.Count == 0)
            return [];
        var ids = ranked.ConvertAll(r => r.Id);
        var articles = await db.KnowledgeArticles.AsNoTracking()
            .Where(a => ids.Contains(a.Id) && a.Status == KnowledgeStatus.Published && (audience != KnowledgeAudience.Public || a.Audience == KnowledgeAudience.Public))
            .Select(a => new { a.Id, a.Title, a.Language, a.Body, a.Tags, a.HelpfulCount, a.UnhelpfulCount })
            .ToDictionaryAsync(a => a.Id, ct);
        var candidates = ranked.Where(r => articles.ContainsKey(r.Id))
            .Select(r => articles[r.Id] is var a ? new RankCandidate(a.Id, a.Title, a.Language, a.Body, a.Tags ?? "", -r.Rank, a.HelpfulCount, a.UnhelpfulCount) : null!)
            .ToList();
        return KnowledgeRanker.Rank(question!, terms, candidates, preferredLanguage, intentOf).Take(limit).ToList();
    }
}
