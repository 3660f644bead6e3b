using Microsoft.EntityFrameworkCore;
using QanDu.Dashboard.Data;

namespace QanDu.Dashboard.Features.Knowledge;

/// <summary>
/// The only writer of an article's helpful/unhelpful counts: a customer's "Was this helpful?" or an agent's thumbs on an
/// answer that cited it. Atomic increments, so concurrent votes are all counted; ranking reads the counts.
/// </summary>
public sealed class KnowledgePopularity(IDbContextFactory<ChatDbContext> dbFactory)
{
    public async Task RecordAsync(IReadOnlyCollection<long> articleIds, bool helpful, CancellationToken ct = default)
    {
        if (articleIds.Count == 0)
            return;
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var articles = db.KnowledgeArticles.Where(a => articleIds.Contains(a.Id));
        if (helpful)
            await articles.ExecuteUpdateAsync(s => s.SetProperty(a => a.HelpfulCount, a => a.HelpfulCount + 1), ct);
        else
            await articles.ExecuteUpdateAsync(s => s.SetProperty(a => a.UnhelpfulCount, a => a.UnhelpfulCount + 1), ct);
    }

    /// <summary>The article ids an answer cited: its sources' links <c>/knowledge/{id}</c> or <c>/help/…/{id}…</c>.</summary>
    public static IReadOnlyList<long> CitedArticleIds(IEnumerable<Data.Entities.AiSource>? sources) =>
        [.. (sources ?? []).Select(s => ArticleId(s.Url)).OfType<long>().Distinct()];

    private static long? ArticleId(string url)
    {
        var path = url.Split('?', '#')[0].TrimEnd('/');
        if (!path.StartsWith("/knowledge/", StringComparison.Ordinal) && !path.StartsWith("/help/", StringComparison.Ordinal))
            return null;
        var last = path[(path.LastIndexOf('/') + 1)..];
        var digits = new string([.. last.TakeWhile(char.IsAsciiDigit)]);
        return long.TryParse(digits, out var id) ? id : null;
    }
}
