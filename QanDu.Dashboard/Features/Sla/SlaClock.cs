using QanDu.Dashboard.Data.Entities;

namespace QanDu.Dashboard.Features.Sla;

/// <summary>A customer message that waited for a person's next reply (after their first), and when it got one.</summary>
public sealed record ResponseCycle(DateTime AskedAt, DateTime? AnsweredAt);

/// <summary>One stretch from the start of the human clock (or a reopen) to a resolve (null: still open).</summary>
public sealed record ResolutionCycle(DateTime StartedAt, DateTime? ResolvedAt);

/// <summary>
/// A customer conversation's times as the SLA clock reads them, from its activity log: the human clock starts at
/// creation, or at the hand-off when the assistant had the conversation first (time with the assistant never counts).
/// </summary>
public sealed record ConversationTimes(
    DateTime? ClockStart,
    DateTime? FirstHumanReplyAt,
    IReadOnlyList<ResponseCycle> NextResponses,
    IReadOnlyList<ResolutionCycle> Resolutions)
{
    /// <summary>
    /// Reads the facts of one conversation (any order). <paramref name="withAssistant"/>: it waits on the assistant now
    /// and was never handed off, so no human clock runs yet.
    /// </summary>
    public static ConversationTimes From(IEnumerable<ConversationActivity> facts, bool withAssistant)
    {
        var ordered = facts.OrderBy(f => f.At).ThenBy(f => f.Id).ToList();
        var handOff = ordered.FirstOrDefault(f => f.Kind == ActivityKind.HandedOff);
        DateTime? start = handOff?.At ?? (withAssistant ? null : ordered.FirstOrDefault(f => f.Kind == ActivityKind.Created)?.At);
        if (start is not { } clock)
            return new ConversationTimes(null, null, [], []);
        DateTime? firstReply = null;
        DateTime? asked = null;
        var cycles = new List<ResponseCycle>();
        var resolutions = new List<ResolutionCycle>();
        DateTime? open = clock;
        foreach (var fact in ordered.Where(f => f.At >= clock))
        {
            switch (fact.Kind)
            {
                case ActivityKind.AgentReply when firstReply is null:
                    firstReply = fact.At;
                    break;
                case ActivityKind.AgentReply when asked is { } at:
                    cycles.Add(new ResponseCycle(at, fact.At));
                    asked = null;
                    break;
                case ActivityKind.CustomerMessage when firstReply is not null && asked is null && open is not null:
                    asked = fact.At;
                    break;
                case ActivityKind.Resolved when open is { } from:
                    resolutions.Add(new ResolutionCycle(from, fact.At));
                    open = null;
                    if (asked is { } waiting)
                        cycles.Add(new ResponseCycle(waiting, null)); // stopped by the resolve: judged up to it
                    asked = null;
                    break;
                case ActivityKind.Reopened when open is null:
                    open = fact.At;
                    break;
            }
        }
        if (asked is { } unanswered)
            cycles.Add(new ResponseCycle(unanswered, null));
        if (open is { } stillOpen)
            resolutions.Add(new ResolutionCycle(stillOpen, null));
        return new ConversationTimes(clock, firstReply, cycles, resolutions);
    }
}

/// <summary>One target of a policy for one conversation: when it started, when it is due, whether (and when) it was met.</summary>
public sealed record SlaTarget(SlaMetric Metric, DateTime StartedAt, DateTime DueAt, DateTime? MetAt, DateTime? StoppedAt)
{
    /// <summary>Missed: met after its due time, or not met and the due time passed (before a resolve stopped the clock).</summary>
    public bool BreachedAt(DateTime now) => MetAt is { } met ? met > DueAt : (StoppedAt ?? now) > DueAt;

    /// <summary>Still running (not met, not stopped by a resolve).</summary>
    public bool Running => MetAt is null && StoppedAt is null;
}

/// <summary>
/// The SLA rules: which policy applies to a conversation, and the targets it sets — due times counted in the channel's
/// business hours when the policy says so. The clock stops at resolve; a reopen starts a new resolution target.
/// </summary>
public static class SlaClock
{
    /// <summary>
    /// The enabled policy for a conversation: the most specific match (label and channel count before priority alone),
    /// then the lowest id. Null: no policy applies.
    /// </summary>
    public static SlaPolicy? Match(IEnumerable<SlaPolicy> policies, PriorityLevel priority, IReadOnlyCollection<long> labelIds, long? channelId) =>
        policies
            .Where(p => p.Enabled
                        && (p.Priority is null || p.Priority == priority)
                        && (p.LabelId is null || labelIds.Contains(p.LabelId.Value))
                        && (p.ChannelId is null || p.ChannelId == channelId))
            .OrderByDescending(p => (p.LabelId != null ? 4 : 0) + (p.ChannelId != null ? 2 : 0) + (p.Priority != null ? 1 : 0))
            .ThenBy(p => p.Id)
            .FirstOrDefault();

    /// <summary>Every target <paramref name="policy"/> sets for a conversation with these <paramref name="times"/>.</summary>
    public static IReadOnlyList<SlaTarget> Targets(SlaPolicy policy, ConversationTimes times, IReadOnlyList<BusinessHoursSlot> hours, TimeZoneInfo zone)
    {
        if (times.ClockStart is not { } start)
            return [];
        var countedHours = policy.BusinessHoursOnly ? hours : [];
        DateTime Due(DateTime from, int minutes) => BusinessTime.Add(from, TimeSpan.FromMinutes(minutes), countedHours, zone);
        var firstResolve = times.Resolutions.FirstOrDefault()?.ResolvedAt;
        var targets = new List<SlaTarget>();
        if (policy.FirstResponseMinutes is { } first)
            targets.Add(new SlaTarget(SlaMetric.FirstResponse, start, Due(start, first), times.FirstHumanReplyAt,
                times.FirstHumanReplyAt is null ? firstResolve : null));
        if (policy.NextResponseMinutes is { } next)
        {
            foreach (var cycle in times.NextResponses)
            {
                var stoppedBy = times.Resolutions.FirstOrDefault(r => r.ResolvedAt >= cycle.AskedAt)?.ResolvedAt;
                targets.Add(new SlaTarget(SlaMetric.NextResponse, cycle.AskedAt, Due(cycle.AskedAt, next), cycle.AnsweredAt,
                    cycle.AnsweredAt is null ? stoppedBy : null));
            }
        }
        if (policy.ResolutionMinutes is { } resolution)
        {
            foreach (var cycle in times.Resolutions)
                targets.Add(new SlaTarget(SlaMetric.Resolution, cycle.StartedAt, Due(cycle.StartedAt, resolution), cycle.ResolvedAt, null));
        }
        return targets;
    }
}
