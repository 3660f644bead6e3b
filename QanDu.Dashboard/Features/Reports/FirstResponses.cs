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
    // One row per conversation with a person's reply in the range, each found through the (ThreadId, At) index: the
    // clock start (the first hand-off, else creation; none while the assistant has it and never handed it off) and the
    // first person's reply at or after it — the same reading as ConversationTimes.From, without loading every fact.
    private const string Sql = $"""
        WITH t AS (
          SELECT DISTINCT a.ThreadId AS ThreadId FROM ConversationActivity a
          WHERE a.Kind = 2 AND a.At >= @start AND a.At < @end AND {ReportScope.Sql}),
        c AS (
          SELECT t.ThreadId AS ThreadId, th.ChannelId AS ChannelId,
                 COALESCE((SELECT h.At FROM ConversationActivity h WHERE h.ThreadId = t.ThreadId AND h.Kind = 7 ORDER BY h.At, h.Id LIMIT 1),
                          CASE WHEN th.Status = 2 THEN NULL
                               ELSE (SELECT x.At FROM ConversationActivity x WHERE x.ThreadId = t.ThreadId AND x.Kind = 0 ORDER BY x.At, x.Id LIMIT 1) END) AS Start
          FROM t JOIN Threads th ON th.Id = t.ThreadId)
        SELECT c.ThreadId AS ThreadId, c.ChannelId AS ChannelId, c.Start AS Start, r.At AS RepliedAt, r.UserId AS UserId
        FROM c JOIN ConversationActivity r ON r.Id = (
          SELECT r2.Id FROM ConversationActivity r2 WHERE r2.ThreadId = c.ThreadId AND r2.Kind = 2 AND r2.At >= c.Start ORDER BY r2.At, r2.Id LIMIT 1)
        WHERE c.Start IS NOT NULL AND r.At >= @start AND r.At < @end AND r.UserId IS NOT NULL
        """;

    private sealed record Row(long ThreadId, long? ChannelId, DateTime Start, DateTime RepliedAt, string UserId);

    public static async Task<List<FirstResponse>> InRangeAsync(ChatDbContext db, ReportQuery query, DateTime start, DateTime end, CancellationToken ct)
    {
        // The agent filter narrows to the person who gave the first response, not to the conversation's assignee.
        var rows = await db.Database.SqlQueryRaw<Row>(Sql, AssistantSql.Parameters(query with { AgentId = null }, start, end)).ToListAsync(ct);
        if (rows.Count == 0)
            return [];
        var channels = await ChannelHoursAsync(db, ct);
        var result = new List<FirstResponse>();
        foreach (var row in rows)
        {
            if (query.AgentId is { } only && only != row.UserId)
                continue;
            var clock = DateTime.SpecifyKind(row.Start, DateTimeKind.Utc);
            var replied = DateTime.SpecifyKind(row.RepliedAt, DateTimeKind.Utc);
            var (hours, zone) = row.ChannelId is { } id && channels.TryGetValue(id, out var found) ? found : ([], TimeZoneInfo.Utc);
            result.Add(new FirstResponse(row.ThreadId, row.UserId, clock, replied, replied - clock, BusinessTime.Between(clock, replied, hours, zone)));
        }
        return result;
    }

    /// <summary>Each channel's business hours and time zone.</summary>
    public static async Task<Dictionary<long, (IReadOnlyList<BusinessHoursSlot> Hours, TimeZoneInfo Zone)>> ChannelHoursAsync(ChatDbContext db, CancellationToken ct)
    {
        var channels = await db.Channels.AsNoTracking().ToListAsync(ct);
        return channels.ToDictionary(c => c.Id, c => ((IReadOnlyList<BusinessHoursSlot>)c.BusinessHours, ChannelHours.ZoneOf(c)));
    }
}
