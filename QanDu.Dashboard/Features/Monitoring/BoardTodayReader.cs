using QanDu.Dashboard.Features.Reports;
using Microsoft.EntityFrameworkCore;
using QanDu.Dashboard.Data;
using QanDu.Dashboard.Data.Entities;
using QanDu.Dashboard.Features.Sla;

namespace QanDu.Dashboard.Features.Monitoring;

/// <summary>One agent's day so far: replies to customers, and the median of the first responses they gave.</summary>
internal sealed record AgentDay(int Replies, TimeSpan? MedianFirstResponse);

internal sealed record BoardDay(BoardToday Today, IReadOnlyDictionary<string, AgentDay> Agents);

/// <summary>
/// "Today so far" from the activity log, the same source as the reports: midnight in the board's zone until now, beside
/// the same stretch a week earlier. A first response is the first person's reply after the human clock started
/// (creation, or the assistant's hand-off), counted on the day it was given, in calendar time.
/// </summary>
internal sealed class BoardTodayReader(IDbContextFactory<ChatDbContext> dbFactory)
{
    private sealed record Window(int New, int Resolved, List<(string? UserId, TimeSpan Wait)> FirstResponses, List<int> Ratings, Dictionary<string, int> Replies);

    public async Task<BoardDay> ReadAsync(DateTime now, TimeZoneInfo zone, CancellationToken ct)
    {
        var local = TimeZoneInfo.ConvertTimeFromUtc(now, zone);
        var midnight = BusinessTime.ToUtc(local.Date, zone);
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var today = await ReadWindowAsync(db, midnight, now, ct);
        var lastWeek = await ReadWindowAsync(db, midnight.AddDays(-7), now.AddDays(-7), ct);
        var agents = today.Replies.Keys.Concat(today.FirstResponses.Where(f => f.UserId != null).Select(f => f.UserId!)).Distinct()
            .ToDictionary(id => id, id => new AgentDay(today.Replies.GetValueOrDefault(id),
                Median(today.FirstResponses.Where(f => f.UserId == id).Select(f => f.Wait))));
        return new BoardDay(new BoardToday(
            today.New, lastWeek.New, today.Resolved, lastWeek.Resolved,
            Median(today.FirstResponses.Select(f => f.Wait)), Median(lastWeek.FirstResponses.Select(f => f.Wait)),
            Average(today.Ratings), Average(lastWeek.Ratings), today.Ratings.Count, lastWeek.Ratings.Count), agents);
    }

    private static async Task<Window> ReadWindowAsync(ChatDbContext db, DateTime from, DateTime to, CancellationToken ct)
    {
        var facts = await db.ConversationActivity.AsNoTracking()
            .Where(a => a.At >= from && a.At < to && (a.Kind == ActivityKind.Created || a.Kind == ActivityKind.Resolved
                || a.Kind == ActivityKind.AgentReply || a.Kind == ActivityKind.Rated))
            .Select(a => new { a.ThreadId, a.Kind, a.UserId, a.Value })
            .ToListAsync(ct);
        var replied = facts.Where(f => f.Kind == ActivityKind.AgentReply).Select(f => f.ThreadId).Distinct().ToList();
        // The clock facts of the conversations answered in the window, to find which answer was their first.
        var clockFacts = await db.ConversationActivity.AsNoTracking()
            .Where(a => replied.Contains(a.ThreadId) && a.At < to
                        && (a.Kind == ActivityKind.Created || a.Kind == ActivityKind.HandedOff || a.Kind == ActivityKind.AgentReply))
            .ToListAsync(ct);
        var firstResponses = new List<(string?, TimeSpan)>();
        foreach (var thread in clockFacts.GroupBy(f => f.ThreadId))
        {
            var times = ConversationTimes.From(thread, withAssistant: false);
            if (times is { ClockStart: { } start, FirstHumanReplyAt: { } first } && first >= from)
            {
                var by = thread.Where(f => f.Kind == ActivityKind.AgentReply && f.At == first).Select(f => f.UserId).FirstOrDefault();
                firstResponses.Add((by, first - start));
            }
        }
        return new Window(
            facts.Count(f => f.Kind == ActivityKind.Created),
            facts.Count(f => f.Kind == ActivityKind.Resolved),
            firstResponses,
            [.. facts.Where(f => f.Kind == ActivityKind.Rated && f.Value != null).Select(f => f.Value!.Value)],
            facts.Where(f => f.Kind == ActivityKind.AgentReply && f.UserId != null).GroupBy(f => f.UserId!).ToDictionary(g => g.Key, g => g.Count()));
    }

    // The same median as the reports (nearest rank over whole seconds), so today's figure here and there agree.
    private static TimeSpan? Median(IEnumerable<TimeSpan> values) =>
        ReportFacts.Percentile(values.Select(ReportFacts.Seconds), 50) is { } seconds ? TimeSpan.FromSeconds(seconds) : null;

    private static double? Average(List<int> values) => values.Count == 0 ? null : values.Average();
}
