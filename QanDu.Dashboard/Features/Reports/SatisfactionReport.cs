using Microsoft.EntityFrameworkCore;
using QanDu.Dashboard.Data;
using QanDu.Dashboard.Data.Entities;
using QanDu.Dashboard.Features.Access;

namespace QanDu.Dashboard.Features.Reports;

/// <summary>
/// Satisfaction (CSAT): the average rating, the response rate, the distribution 1–5, by day, and the customers' comments
/// with a link to each conversation. A rating counts in the range it was given in; a conversation rated more than once in
/// the range counts once, with its last rating there.
/// </summary>
public sealed class SatisfactionReport(IDbContextFactory<ChatDbContext> dbFactory) : IReport
{
    /// <summary>The most comments the comments table lists (newest first).</summary>
    public const int MaxComments = 200;

    public string Name => "satisfaction";

    public string Title => "Satisfaction";

    private sealed record Rating(long ThreadId, DateTime At, int Value);

    public async Task<ReportResult> RunAsync(ReportQuery query, CancellationToken ct)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var ratings = await RatingsAsync(db, query, ct);
        var before = await RatingsAsync(db, query.Previous, ct);
        var (resolved, resolvedRated) = await ResponseAsync(db, query, ct);
        var (resolvedBefore, resolvedRatedBefore) = await ResponseAsync(db, query.Previous, ct);
        string Link(string key) => ReportLinks.Drill(Name, key, query);

        var figures = new List<ReportFigure>
        {
            new("csat", "CSAT (average rating, 1–5)", Average(ratings), Average(before), ReportUnit.Rating, Link("rated")),
            new("ratings", "Ratings", ratings.Count, before.Count, ReportUnit.Count, Link("rated")),
            new("response-rate", "Response rate (rated / resolved)", Rate(resolvedRated, resolved), Rate(resolvedRatedBefore, resolvedBefore),
                ReportUnit.Percent, Link("resolved-rated")),
            new("resolved", "Resolved conversations", resolved, resolvedBefore, ReportUnit.Count, Link("resolved")),
        };

        var distribution = Enumerable.Range(1, 5).Select(stars =>
        {
            var count = ratings.Count(r => r.Value == stars);
            return new ReportRow([
                ReportCell.Of(Stars(stars)),
                new ReportCell(count, Link: Link($"rating-{stars}")),
                new ReportCell(ratings.Count == 0 ? null : 100.0 * count / ratings.Count, Link: Link($"rating-{stars}")),
            ]);
        });
        var zone = query.Zone;
        var byDay = ReportFacts.Days(query).Select(day =>
        {
            var ofDay = ratings.Where(r => ReportFacts.Day(r.At, zone) == day).ToList();
            var link = Link($"rated:{ReportFacts.DayKey(day)}");
            return new ReportRow([ReportCell.Of(day.ToString("yyyy-MM-dd")), new ReportCell(Average(ofDay), Link: link), new ReportCell(ofDay.Count, Link: link)]);
        });

        var newest = ratings.OrderByDescending(r => r.At).ThenByDescending(r => r.ThreadId).ToList();
        var ids = newest.Select(r => r.ThreadId).ToList();
        var comments = await db.Threads.AsNoTracking()
            .Where(t => ids.Contains(t.Id) && t.RatingComment != null && t.RatingComment != "")
            .Select(t => new { t.Id, t.Title, Contact = t.ContactId == null ? null : db.Contacts.Where(c => c.Id == t.ContactId).Select(c => c.Name).FirstOrDefault(), t.RatingComment })
            .ToDictionaryAsync(t => t.Id, ct);
        var commentRows = newest.Where(r => comments.ContainsKey(r.ThreadId)).Take(MaxComments).Select(r =>
        {
            var thread = comments[r.ThreadId];
            var conversation = $"/threads/{r.ThreadId}";
            return new ReportRow([
                ReportCell.Of(ReportFacts.Local(r.At, zone).ToString("yyyy-MM-dd HH:mm")),
                ReportCell.Of(thread.Title ?? thread.Contact ?? $"Conversation {r.ThreadId}", conversation),
                new ReportCell(r.Value, Link: conversation),
                ReportCell.Of(thread.RatingComment!, conversation),
            ]);
        });

        return new ReportResult(Name, Title, query, figures,
        [
            new("distribution", "Ratings by score", ReportChart.Bar,
                [new("rating", "Rating", ReportUnit.Text), new("count", "Ratings", ReportUnit.Count), new("share", "Share", ReportUnit.Percent)], [.. distribution]),
            new("by-day", $"CSAT by day ({query.TimeZone})", ReportChart.Line,
                [new("day", "Day", ReportUnit.Text), new("csat", "CSAT", ReportUnit.Rating), new("ratings", "Ratings", ReportUnit.Count)], [.. byDay]),
            new("comments", $"Comments (newest {MaxComments})", ReportChart.None,
                [new("at", $"Rated at ({query.TimeZone})", ReportUnit.Text), new("conversation", "Conversation", ReportUnit.Text),
                    new("rating", "Rating", ReportUnit.Rating), new("comment", "Comment", ReportUnit.Text)], [.. commentRows]),
        ]);
    }

    public async Task<IReadOnlyList<long>> DrillAsync(string key, ReportQuery query, int limit, CancellationToken ct)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var zone = query.Zone;
        if (key is "resolved" or "resolved-rated")
        {
            var (start, end) = query.UtcRange;
            var resolved = ReportFacts.InRange(db, query, ActivityKind.Resolved, start, end);
            if (key == "resolved-rated")
                resolved = resolved.Where(a => db.ConversationActivity.Any(r => r.ThreadId == a.ThreadId && r.Kind == ActivityKind.Rated));
            return await resolved.GroupBy(a => a.ThreadId).Select(g => new { ThreadId = g.Key, At = g.Max(a => a.At) })
                .OrderByDescending(g => g.At).ThenByDescending(g => g.ThreadId).Select(g => g.ThreadId).Take(limit).ToListAsync(ct);
        }
        IEnumerable<Rating> ratings = await RatingsAsync(db, query, ct);
        ratings = key switch
        {
            "rated" => ratings,
            _ when key.StartsWith("rated:day-", StringComparison.Ordinal) && DateOnly.TryParseExact(key["rated:day-".Length..], "yyyy-MM-dd", out var day) =>
                ratings.Where(r => ReportFacts.Day(r.At, zone) == day),
            _ when key.StartsWith("rating-", StringComparison.Ordinal) && int.TryParse(key["rating-".Length..], out var stars) && stars is >= 1 and <= 5 =>
                ratings.Where(r => r.Value == stars),
            _ => throw new ChatValidationException("key",
                $"The satisfaction report has no figure '{key}'; figures: rated, rated:day-<yyyy-MM-dd>, rating-<1-5>, resolved, resolved-rated."),
        };
        return [.. ratings.OrderByDescending(r => r.At).ThenByDescending(r => r.ThreadId).Select(r => r.ThreadId).Take(limit)];
    }

    /// <summary>The last rating of each conversation rated in the range (after the filters).</summary>
    private static async Task<List<Rating>> RatingsAsync(ChatDbContext db, ReportQuery query, CancellationToken ct)
    {
        var (start, end) = query.UtcRange;
        var rows = await ReportFacts.InRange(db, query, ActivityKind.Rated, start, end)
            .Where(a => a.Value != null)
            .Select(a => new { a.Id, a.ThreadId, a.At, a.Value }).ToListAsync(ct);
        return [.. rows.GroupBy(r => r.ThreadId)
            .Select(g => g.OrderByDescending(r => r.At).ThenByDescending(r => r.Id).First())
            .Select(r => new Rating(r.ThreadId, r.At, r.Value!.Value))];
    }

    /// <summary>Conversations resolved in the range, and how many of them the customer rated (by the time the report runs).</summary>
    private static async Task<(int Resolved, int Rated)> ResponseAsync(ChatDbContext db, ReportQuery query, CancellationToken ct)
    {
        var (start, end) = query.UtcRange;
        var resolved = ReportFacts.InRange(db, query, ActivityKind.Resolved, start, end).Select(a => a.ThreadId).Distinct();
        var total = await resolved.CountAsync(ct);
        var rated = await resolved.Where(id => db.ConversationActivity.Any(r => r.ThreadId == id && r.Kind == ActivityKind.Rated)).CountAsync(ct);
        return (total, rated);
    }

    private static double? Average(IReadOnlyCollection<Rating> ratings) => ratings.Count == 0 ? null : ratings.Average(r => (double)r.Value);

    private static double? Rate(int part, int whole) => whole == 0 ? null : 100.0 * part / whole;

    private static string Stars(int stars) => stars == 1 ? "1 star" : $"{stars} stars";
}
