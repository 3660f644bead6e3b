using QanDu.Dashboard.Data.Entities;
using QanDu.Dashboard.Features.Presence;
using QanDu.Dashboard.Realtime;

namespace QanDu.Dashboard.Features.Monitoring;

/// <summary>Turns the board's in-memory state into one immutable <see cref="BoardSnapshot"/> (called under the board's lock).</summary>
internal static class BoardSnapshotBuilder
{
    public const double NegativeScore = -0.5;
    public const double FallingBy = 0.3;

    public static BoardSnapshot Build(long version, DateTime now, IReadOnlyCollection<BoardEntry> entries, BoardReference reference,
        IReadOnlyDictionary<long, IReadOnlyList<ConversationViewer>> viewers, BoardDay day, PresenceService presence,
        MonitoringOptions options, int rowsPerList)
    {
        var staffNames = reference.Staff.ToDictionary(s => s.UserId, s => s.Name);
        BoardConversation Row(BoardEntry e) => new(
            e.ThreadId, e.Customer, e.State, e.Since, e.ChannelId,
            e.ChannelId is { } c && reference.Channels.TryGetValue(c, out var channel) ? channel.Name : null,
            e.TeamId, e.TeamId is { } t && reference.Teams.TryGetValue(t, out var team) ? team : null,
            e.AssigneeId, e.AssigneeId is { } a && staffNames.TryGetValue(a, out var name) ? name : null,
            e.Priority, e.SnoozedUntil, viewers.TryGetValue(e.ThreadId, out var v) ? v : []);

        var queues = Enum.GetValues<QueueState>().Select(state =>
        {
            var inState = entries.Where(e => e.State == state).ToList();
            var rows = state == QueueState.Snoozed
                ? inState.OrderBy(e => e.SnoozedUntil ?? DateTime.MaxValue)
                : inState.OrderBy(e => e.Since).ThenBy(e => e.ThreadId);
            return new BoardQueue(state, inState.Count, [.. rows.Take(rowsPerList).Select(Row)]);
        }).ToList();

        var warning = TimeSpan.FromMinutes(options.SlaWarningMinutes);
        var soon = new List<(BoardEntry Entry, Sla.SlaTarget Target)>();
        var missed = new List<(BoardEntry Entry, Sla.SlaTarget Target)>();
        foreach (var entry in entries)
            foreach (var target in entry.Running)
            {
                if (target.BreachedAt(now))
                    missed.Add((entry, target));
                else if (target.DueAt - now <= warning)
                    soon.Add((entry, target));
            }
        List<BoardSlaRow> SlaRows(IEnumerable<(BoardEntry Entry, Sla.SlaTarget Target)> rows, bool breached) =>
            [.. rows.OrderBy(r => r.Target.DueAt).Take(rowsPerList)
                .Select(r => new BoardSlaRow(Row(r.Entry), r.Target.Metric, r.Entry.Policy!.Id, r.Entry.Policy.Name, r.Target.DueAt, breached))];

        var longWait = TimeSpan.FromMinutes(options.LongWaitMinutes);
        var risks = entries
            .Select(e => (Entry: e, Reasons: Reasons(e, now, longWait)))
            .Where(r => r.Reasons.Count > 0)
            .OrderByDescending(r => r.Reasons.Count).ThenBy(r => r.Entry.Since)
            .Take(rowsPerList)
            .Select(r => new BoardRiskRow(Row(r.Entry), r.Reasons))
            .ToList();

        var openBy = entries.Where(e => e.AssigneeId != null).GroupBy(e => e.AssigneeId!).ToDictionary(g => g.Key, g => g.Count());
        var viewing = new Dictionary<string, long>();
        foreach (var (threadId, people) in viewers.OrderBy(v => v.Key))
            foreach (var person in people.Where(p => !p.LookingOn))
                viewing.TryAdd(person.UserId, threadId);
        var customers = entries.ToDictionary(e => e.ThreadId, e => e.Customer);
        var agents = reference.Staff
            .Select(s =>
            {
                var today = day.Agents.GetValueOrDefault(s.UserId);
                long? at = viewing.TryGetValue(s.UserId, out var id) ? id : null;
                return new BoardAgentRow(s.UserId, s.Name, presence.Get(s.UserId), openBy.GetValueOrDefault(s.UserId), s.Capacity,
                    today?.Replies ?? 0, today?.MedianFirstResponse, at, at is { } open && customers.TryGetValue(open, out var who) ? who : null);
            })
            .OrderBy(a => a.Presence == PresenceStatus.Offline).ThenBy(a => a.Name, StringComparer.CurrentCultureIgnoreCase)
            .ToList();

        return new BoardSnapshot(version, now, true, queues,
            Groups(entries, e => e.ChannelId, id => reference.Channels.TryGetValue(id, out var c) ? c.Name : "Channel removed", "No channel"),
            Groups(entries, e => e.TeamId, id => reference.Teams.GetValueOrDefault(id, "Team removed"), "No team"),
            options.SlaWarningMinutes, SlaRows(soon, false), SlaRows(missed, true), risks, agents, day.Today);
    }

    /// <summary>Why a conversation is on the risk radar (empty: it is not).</summary>
    public static IReadOnlyList<string> Reasons(BoardEntry entry, DateTime now, TimeSpan longWait)
    {
        var reasons = new List<string>();
        var scores = entry.Scores;
        if (scores.Count > 0 && scores[^1] <= NegativeScore)
            reasons.Add($"Strongly negative ({scores[^1]:0.00})");
        if (scores.Count >= 3 && scores[^3] > scores[^2] && scores[^2] > scores[^1] && scores[^3] - scores[^1] >= FallingBy)
            reasons.Add($"Sentiment falling ({scores[^3]:0.00} → {scores[^1]:0.00})");
        if (entry.Intents.TakeLast(3).Any(i => string.Equals(i, "urgent", StringComparison.OrdinalIgnoreCase)))
            reasons.Add("Urgent request");
        if (entry.Priority == PriorityLevel.Urgent)
            reasons.Add("Urgent priority");
        if (entry.IsWaitingForPerson && now - entry.Since >= longWait)
            reasons.Add($"Waiting over {longWait.TotalMinutes:0} min");
        if (entry.Reopened >= 2)
            reasons.Add($"Reopened {entry.Reopened} times");
        return reasons;
    }

    private static List<BoardGroupCount> Groups(IEnumerable<BoardEntry> entries, Func<BoardEntry, long?> key, Func<long, string> name, string none) =>
        [.. entries.GroupBy(key)
            .Select(g => new BoardGroupCount(g.Key, g.Key is { } id ? name(id) : none,
                g.Count(e => e.State == QueueState.WaitingFirstReply), g.Count(e => e.State == QueueState.WaitingNextReply),
                g.Count(e => e.State == QueueState.WaitingOnCustomer), g.Count(e => e.State == QueueState.WithAssistant),
                g.Count(e => e.State == QueueState.Snoozed)))
            .OrderByDescending(g => g.Total).ThenBy(g => g.Name, StringComparer.CurrentCultureIgnoreCase)];
}
