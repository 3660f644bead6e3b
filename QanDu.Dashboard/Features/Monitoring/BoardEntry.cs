using QanDu.Dashboard.Data.Entities;
using QanDu.Dashboard.Features.Sla;

namespace QanDu.Dashboard.Features.Monitoring;

/// <summary>What the board keeps in memory about one open customer conversation, and what follows from it.</summary>
internal sealed class BoardEntry(long threadId)
{
    private const int ScoresKept = 5;
    private readonly List<ConversationActivity> _facts = [];
    private readonly HashSet<long> _messageIds = [];
    private readonly List<(long MessageId, double Score)> _scores = [];
    private readonly List<(long MessageId, string Intent)> _intents = [];

    public long ThreadId { get; } = threadId;
    public string Customer { get; set; } = "";
    public string? CustomerUserId { get; set; }
    public ThreadStatus Status { get; set; }
    public PriorityLevel Priority { get; set; }
    public long? ChannelId { get; set; }
    public long? TeamId { get; set; }
    public string? AssigneeId { get; set; }
    public DateTime CreatedAt { get; set; }
    public DateTime? SnoozedUntil { get; set; }
    public IReadOnlyCollection<long> LabelIds { get; set; } = [];

    public QueueState State { get; private set; }
    public DateTime Since { get; private set; }
    public int Reopened { get; private set; }
    public SlaPolicy? Policy { get; private set; }
    public IReadOnlyList<SlaTarget> Running { get; private set; } = [];

    /// <summary>When the passing of time alone next changes how the board shows it (a warning, a breach, a long wait).</summary>
    public DateTime NextChangeAt { get; private set; } = DateTime.MaxValue;

    public IReadOnlyList<double> Scores => [.. _scores.Select(s => s.Score)];
    public IReadOnlyList<string> Intents => [.. _intents.Select(i => i.Intent)];

    /// <summary>Replaces the facts (a re-read of the conversation's log).</summary>
    public void SetFacts(IEnumerable<ConversationActivity> facts)
    {
        _facts.Clear();
        _messageIds.Clear();
        foreach (var fact in facts)
            AddFact(fact);
    }

    /// <summary>Adds a fact once (a message seen both in the first load and on the bus counts once).</summary>
    public bool AddFact(ConversationActivity fact)
    {
        if (fact.MessageId is { } id && !_messageIds.Add(id))
            return false;
        _facts.Add(fact);
        return true;
    }

    /// <summary>The analysis of a customer message: the last few scores and intents, in message order.</summary>
    public bool SetAnalysis(long messageId, AnalysisMetadata? analysis)
    {
        if (analysis is null)
            return false;
        var changed = false;
        if (analysis.SentimentScore is { } score)
            changed |= Keep(_scores, (messageId, score), s => s.Item1);
        if (analysis.Intent is { Length: > 0 } intent)
            changed |= Keep(_intents, (messageId, intent), i => i.Item1);
        return changed;
    }

    private static bool Keep<T>(List<T> list, T item, Func<T, long> id)
    {
        var index = list.FindIndex(x => id(x) == id(item));
        if (index >= 0)
            list[index] = item;
        else
            list.Add(item);
        list.Sort((a, b) => id(a).CompareTo(id(b)));
        if (list.Count > ScoresKept)
            list.RemoveRange(0, list.Count - ScoresKept);
        return true;
    }

    /// <summary>Recomputes the queue state and the SLA targets after a change of facts, status, policy or hours.</summary>
    public void Recompute(IReadOnlyList<SlaPolicy> policies, Func<long?, (IReadOnlyList<BusinessHoursSlot> Hours, TimeZoneInfo Zone)> hoursOf,
        DateTime now, TimeSpan warning, TimeSpan longWait)
    {
        var withAssistant = Status == ThreadStatus.Pending && !_facts.Any(f => f.Kind == ActivityKind.HandedOff);
        var times = ConversationTimes.From(_facts, withAssistant);
        Reopened = _facts.Count(f => f.Kind == ActivityKind.Reopened);
        (State, Since) = Status switch
        {
            ThreadStatus.Pending => (QueueState.WithAssistant, CreatedAt),
            ThreadStatus.Snoozed => (QueueState.Snoozed, LastFactAt() ?? CreatedAt),
            _ when times.FirstHumanReplyAt is null => (QueueState.WaitingFirstReply, times.ClockStart ?? CreatedAt),
            _ when times.NextResponses.LastOrDefault() is { AnsweredAt: null } waiting => (QueueState.WaitingNextReply, waiting.AskedAt),
            _ => (QueueState.WaitingOnCustomer, LastReplyAt() ?? times.FirstHumanReplyAt.Value),
        };
        Policy = SlaClock.Match(policies, Priority, LabelIds, ChannelId);
        if (Policy is null || Status == ThreadStatus.Pending)
            Running = [];
        else
        {
            var (hours, zone) = hoursOf(ChannelId);
            Running = [.. SlaClock.Targets(Policy, times, hours, zone).Where(t => t.Running)];
        }
        UpdateNextChange(now, warning, longWait);
    }

    public bool IsWaitingForPerson => State is QueueState.WaitingFirstReply or QueueState.WaitingNextReply;

    /// <summary>Moves <see cref="NextChangeAt"/> past <paramref name="now"/>: the next warning, breach or long-wait moment.</summary>
    public void UpdateNextChange(DateTime now, TimeSpan warning, TimeSpan longWait)
    {
        var next = DateTime.MaxValue;
        foreach (var target in Running)
        {
            var warnAt = target.DueAt - warning;
            var breachAt = target.DueAt.AddTicks(1); // missed once now is past the due time
            var at = now < warnAt ? warnAt : now < breachAt ? breachAt : DateTime.MaxValue;
            if (at < next)
                next = at;
        }
        if (IsWaitingForPerson && Since + longWait is var longAt && now < longAt && longAt < next)
            next = longAt;
        NextChangeAt = next;
    }

    private DateTime? LastFactAt() => _facts.Count == 0 ? null : _facts.Max(f => f.At);

    private DateTime? LastReplyAt() =>
        _facts.Where(f => f.Kind == ActivityKind.AgentReply).Select(f => (DateTime?)f.At).DefaultIfEmpty().Max();
}
