using Microsoft.EntityFrameworkCore;
using QanDu.Dashboard.Data;
using QanDu.Dashboard.Data.Entities;
using QanDu.Dashboard.Features.Channels;
using QanDu.Dashboard.Features.Sla;

namespace QanDu.Dashboard.Features.Reports;

/// <summary>A conversation's first reply by a person: who gave it, and how long after the human clock started (calendar and business hours).</summary>
internal sealed record FirstResponse(long ThreadId, string AgentId, DateTime StartedAt, DateTime RepliedAt, TimeSpan Calendar, TimeSpan Business);

/// <summary>
/// First responses by people, as the SLA clock reads them (<see cref="ConversationTimes.From"/>): the clock starts at
/// creation, or at the hand-off when the assistant had the conversation first; the first person's reply after it stops
/// it. A first response belongs to the range its reply falls in, and to the person who gave it.
/// </summary>
internal static class FirstResponses
{
    public static async Task<List<FirstResponse>> InRangeAsync(ChatDbContext db, ReportQuery query, DateTime start, DateTime end, CancellationToken ct)
    {
        var threadIds = await ReportScope.Facts(db, query, ActivityKind.AgentReply, start, end).Select(a => a.ThreadId).Distinct().ToListAsync(ct);
        if (threadIds.Count == 0)
            return [];
        var threads = await db.Threads.AsNoTracking().Where(t => threadIds.Contains(t.Id))
            .Select(t => new { t.Id, t.Status, t.HandedOffAt, t.ChannelId }).ToDictionaryAsync(t => t.Id, ct);
        var facts = await db.ConversationActivity.AsNoTracking()
            .Where(a => threadIds.Contains(a.ThreadId) && a.At < end
                        && (a.Kind == ActivityKind.Created || a.Kind == ActivityKind.HandedOff || a.Kind == ActivityKind.AgentReply))
            .Select(a => new ConversationActivity { Id = a.Id, ThreadId = a.ThreadId, Kind = a.Kind, At = a.At, UserId = a.UserId })
            .ToListAsync(ct);
        var channels = await ChannelHoursAsync(db, ct);
        var result = new List<FirstResponse>();
        foreach (var conversation in facts.GroupBy(f => f.ThreadId))
        {
            if (!threads.TryGetValue(conversation.Key, out var thread))
                continue;
            var times = ConversationTimes.From(conversation, thread.Status == ThreadStatus.Pending && thread.HandedOffAt == null);
            if (times is not { ClockStart: { } clock, FirstHumanReplyAt: { } replied } || replied < start || replied >= end)
                continue;
            var reply = conversation.Where(f => f.Kind == ActivityKind.AgentReply && f.At == replied).OrderBy(f => f.Id).First();
            if (reply.UserId is not { } agent || (query.AgentId is { } only && only != agent))
                continue;
            var (hours, zone) = thread.ChannelId is { } id && channels.TryGetValue(id, out var found) ? found : ([], TimeZoneInfo.Utc);
            result.Add(new FirstResponse(thread.Id, agent, clock, replied, replied - clock, BusinessTime.Between(clock, replied, hours, zone)));
        }
        return result;
    }

    /// <summary>Each channel's business hours and time zone.</summary>
    public static async Task<Dictionary<long, (IReadOnlyList<BusinessHoursSlot> Hours, TimeZoneInfo Zone)>> ChannelHoursAsync(ChatDbContext db, CancellationToken ct)
    {
        var channels = await db.Channels.AsNoTracking().ToListAsync(ct);
        return channels.ToDictionary(c => c.Id, c => ((IReadOnlyList<BusinessHoursSlot>)c.BusinessHours, ChannelHours.ZoneOf(c)));
    }

    /// <summary>The median of <paramref name="values"/> (the mean of the middle two for an even count); null when empty.</summary>
    public static double? Median(IEnumerable<double> values)
    {
        var sorted = values.Order().ToList();
        if (sorted.Count == 0)
            return null;
        var mid = sorted.Count / 2;
        return sorted.Count % 2 == 1 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
    }
}
