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
/// The SLA targets that fell due in a range, decided: read from the SLA target roll-up (<see cref="SlaTargetRollup"/>,
/// brought up to date first), which holds each target as <see cref="SlaClock.Targets"/> evaluates it with the enabled
/// policies. A target counts in the range its due time falls in, once decided: met when a person answered (or it was
/// resolved) by the due time; missed when the due time passed first — exactly the targets the breach monitor records. A
/// target stopped by a resolve before its due time without a reply, or still running before its due time, does not count.
/// </summary>
internal static class SlaEvaluation
{
    public static async Task<List<SlaOutcome>> DecidedAsync(ChatDbContext db, SlaTargetRollup rollup, ReportQuery query, DateTime now, CancellationToken ct)
    {
        var (start, end) = query.UtcRange;
        if (start >= now)
            return [];
        await rollup.CatchUpAsync(ct);
        var threads = ReportScope.Threads(db, query with { TeamId = null, AgentId = null });
        var targets = db.SlaTargets.AsNoTracking().Where(t => t.DueAt >= start && t.DueAt < end);
        if (ReportScope.Narrowed(query with { TeamId = null, AgentId = null }))
            targets = targets.Where(t => threads.Any(th => th.Id == t.ThreadId));
        if (query.AgentId is { } agent)
            targets = targets.Where(t => t.AgentId == agent);
        if (query.TeamId is { } team)
            targets = targets.Where(t => t.TeamId == team);
        var rows = await targets.Select(t => new { t.ThreadId, t.PolicyId, t.Metric, t.DueAt, t.MetAt, t.StoppedAt, t.AgentId, t.TeamId }).ToListAsync(ct);
        if (rows.Count == 0)
            return [];
        var policies = await db.SlaPolicies.AsNoTracking().ToDictionaryAsync(p => p.Id, ct);
        var outcomes = new List<SlaOutcome>(rows.Count);
        foreach (var row in rows)
        {
            var target = new SlaTarget(row.Metric, default, row.DueAt, row.MetAt, row.StoppedAt);
            var met = target.MetAt is { } at && at <= target.DueAt;
            if (!met && !target.BreachedAt(now))
                continue; // stopped by a resolve before its due time without a reply
            if (policies.TryGetValue(row.PolicyId, out var policy))
                outcomes.Add(new SlaOutcome(row.ThreadId, policy, row.Metric, row.DueAt, met, row.AgentId, row.TeamId));
        }
        return outcomes;
    }

    public static string MetricName(SlaMetric metric) => ConversationActivityLog.MetricName(metric);

    public static string MetricLabel(SlaMetric metric) => metric switch
    {
        SlaMetric.FirstResponse => "First response",
        SlaMetric.NextResponse => "Next response",
        _ => "Resolution",
    };
}
