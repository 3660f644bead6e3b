using Microsoft.EntityFrameworkCore;
using QanDu.Dashboard.Data;
using QanDu.Dashboard.Data.Entities;
using QanDu.Dashboard.Features.Activity;
using QanDu.Dashboard.Features.Sla;

namespace QanDu.Dashboard.Features.Reports;

/// <summary>
/// One decided SLA target of a conversation: met (by its due time) or missed, with the policy, and the agent and team
/// it is credited to (the assignee and team when it was decided: when met, or at its due time when missed).
/// </summary>
internal sealed record SlaOutcome(long ThreadId, SlaPolicy Policy, SlaMetric Metric, DateTime DueAt, bool Met, string? AgentId, long? TeamId);

/// <summary>
/// Evaluates the SLA clock (<see cref="SlaClock.Targets"/>) for the conversations whose targets fell due in a range,
/// with the enabled policies of the SlaPolicies table. A target counts in the range its due time falls in, once decided:
/// met when a person answered (or it was resolved) by the due time; missed when the due time passed first — exactly
/// the targets the breach monitor records. A target stopped by a resolve before its due time without a reply, or still
/// running before its due time, does not count.
/// </summary>
internal static class SlaEvaluation
{
    private static readonly ActivityKind[] ClockKinds =
        [ActivityKind.Created, ActivityKind.HandedOff, ActivityKind.CustomerMessage, ActivityKind.AgentReply, ActivityKind.Resolved, ActivityKind.Reopened, ActivityKind.Assigned];

    public static async Task<List<SlaOutcome>> DecidedAsync(ChatDbContext db, ReportQuery query, DateTime now, CancellationToken ct)
    {
        var (start, end) = query.UtcRange;
        var policies = await db.SlaPolicies.AsNoTracking().Where(p => p.Enabled).ToListAsync(ct);
        if (policies.Count == 0 || start >= now)
            return [];
        var channels = await FirstResponses.ChannelHoursAsync(db, ct);
        var earliest = EarliestStart(policies, channels, start);
        // Conversations where a target could start early enough to fall due in the range: created, handed off, the
        // customer wrote, or reopened since the earliest such start.
        var starts = db.ConversationActivity.Where(a =>
            (a.Kind == ActivityKind.Created || a.Kind == ActivityKind.HandedOff || a.Kind == ActivityKind.CustomerMessage || a.Kind == ActivityKind.Reopened)
            && a.At >= earliest && a.At < end);
        var threads = ReportScope.Threads(db, query with { TeamId = null, AgentId = null }).Where(t => t.ContactId != null);
        var candidates = await starts.Select(a => a.ThreadId).Distinct()
            .Join(threads, id => id, t => t.Id, (id, t) => new { t.Id, t.Priority, t.ChannelId, t.AssigneeId, t.TeamId, t.Status, t.HandedOffAt })
            .ToListAsync(ct);
        if (candidates.Count == 0)
            return [];
        var candidateIds = candidates.Select(c => c.Id).ToList();
        var labels = (await db.ThreadLabels.AsNoTracking().Where(l => candidateIds.Contains(l.ThreadId)).Select(l => new { l.ThreadId, l.LabelId }).ToListAsync(ct))
            .ToLookup(l => l.ThreadId, l => l.LabelId);
        // Only conversations a policy applies to need their clock read.
        var matched = candidates.Select(c => (Thread: c, Policy: SlaClock.Match(policies, c.Priority, [.. labels[c.Id]], c.ChannelId)))
            .Where(c => c.Policy is not null).ToList();
        var ids = matched.Select(c => c.Thread.Id).ToList();
        var facts = (await db.ConversationActivity.AsNoTracking()
                .Where(a => ids.Contains(a.ThreadId) && ClockKinds.Contains(a.Kind))
                .Select(a => new ConversationActivity { Id = a.Id, ThreadId = a.ThreadId, Kind = a.Kind, At = a.At, UserId = a.UserId, TeamId = a.TeamId })
                .ToListAsync(ct))
            .ToLookup(a => a.ThreadId);
        var outcomes = new List<SlaOutcome>();
        foreach (var (thread, policy) in matched)
        {
            var log = facts[thread.Id].OrderBy(f => f.At).ThenBy(f => f.Id).ToList();
            var times = ConversationTimes.From(log, thread.Status == ThreadStatus.Pending && thread.HandedOffAt == null);
            var (hours, zone) = thread.ChannelId is { } id && channels.TryGetValue(id, out var found) ? found : ([], TimeZoneInfo.Utc);
            foreach (var target in SlaClock.Targets(policy!, times, hours, zone))
            {
                if (target.DueAt < start || target.DueAt >= end)
                    continue;
                var missed = target.BreachedAt(now);
                var met = target.MetAt is { } at && at <= target.DueAt;
                if (!missed && !met)
                    continue; // still running before its due time, or stopped by a resolve before it without a reply
                var decidedAt = met ? target.MetAt!.Value : target.DueAt;
                var (agent, team) = Responsible(log, decidedAt, thread.AssigneeId, thread.TeamId);
                if ((query.AgentId is { } onlyAgent && onlyAgent != agent) || (query.TeamId is { } onlyTeam && onlyTeam != team))
                    continue;
                outcomes.Add(new SlaOutcome(thread.Id, policy!, target.Metric, target.DueAt, met, agent, team));
            }
        }
        return outcomes;
    }

    /// <summary>The assignee and team at <paramref name="at"/> by the log (a conversation from before the log: as now).</summary>
    private static (string? Agent, long? Team) Responsible(List<ConversationActivity> log, DateTime at, string? assigneeNow, long? teamNow)
    {
        var assigned = log.Where(f => f.Kind == ActivityKind.Assigned).ToList();
        var agent = assigned.Count == 0 ? assigneeNow : assigned.LastOrDefault(f => f.At <= at)?.UserId;
        var team = log.Count == 0 ? teamNow : (log.LastOrDefault(f => f.At <= at) ?? log[0]).TeamId;
        return (agent, team);
    }

    /// <summary>
    /// The earliest moment a target could start and still fall due at or after <paramref name="start"/>: the longest
    /// target of any policy counted back from it, in business time for a business-hours policy (per channel).
    /// </summary>
    private static DateTime EarliestStart(List<SlaPolicy> policies, Dictionary<long, (IReadOnlyList<BusinessHoursSlot> Hours, TimeZoneInfo Zone)> channels, DateTime start)
    {
        var earliest = start;
        foreach (var policy in policies)
        {
            var minutes = new[] { policy.FirstResponseMinutes, policy.NextResponseMinutes, policy.ResolutionMinutes }.Max() ?? 0;
            var longest = TimeSpan.FromMinutes(minutes);
            var back = start - longest;
            if (policy.BusinessHoursOnly)
            {
                IEnumerable<(IReadOnlyList<BusinessHoursSlot> Hours, TimeZoneInfo Zone)> counted =
                    policy.ChannelId is { } only && channels.TryGetValue(only, out var one) ? [one] : channels.Values;
                foreach (var (hours, zone) in counted)
                    back = Min(back, BackInBusinessTime(start, longest, hours, zone));
            }
            earliest = Min(earliest, back);
        }
        return earliest;
    }

    /// <summary>A moment from which at least <paramref name="span"/> of business time passes before <paramref name="start"/> (searched by doubling).</summary>
    private static DateTime BackInBusinessTime(DateTime start, TimeSpan span, IReadOnlyList<BusinessHoursSlot> hours, TimeZoneInfo zone)
    {
        if (hours.Count == 0 || span <= TimeSpan.Zero)
            return start - span;
        var step = span < TimeSpan.FromDays(1) ? TimeSpan.FromDays(1) : span;
        for (var back = step; back <= TimeSpan.FromDays(800); back += back)
        {
            if (BusinessTime.Between(start - back, start, hours, zone) > span)
                return start - back;
        }
        return start - TimeSpan.FromDays(800);
    }

    private static DateTime Min(DateTime a, DateTime b) => a < b ? a : b;

    public static string MetricName(SlaMetric metric) => ConversationActivityLog.MetricName(metric);

    public static string MetricLabel(SlaMetric metric) => metric switch
    {
        SlaMetric.FirstResponse => "First response",
        SlaMetric.NextResponse => "Next response",
        _ => "Resolution",
    };
}
