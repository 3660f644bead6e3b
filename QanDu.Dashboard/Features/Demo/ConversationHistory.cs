using QanDu.Dashboard.Data.Entities;
using QanDu.Dashboard.Features.Activity;
using QanDu.Dashboard.Features.Assistant.Customers;
using QanDu.Dashboard.Features.Sla;

namespace QanDu.Dashboard.Features.Demo;

/// <summary>A website channel a history is made for: its team (the queue new conversations land in), whether the assistant answers first.</summary>
internal sealed record HistoryChannel(long Id, long? TeamId, bool AssistantFirst);

/// <summary>A customer: the stand-in user who writes, and the contact the conversation belongs to.</summary>
internal sealed record HistoryCustomer(string UserId, string Name, long ContactId);

/// <summary>A person of the team who answers.</summary>
internal sealed record HistoryAgent(string UserId, string Name);

internal enum HistorySender { Customer, Agent, Assistant, System }

internal sealed record HistoryMessage(HistorySender Sender, string? UserId, string Name, DateTime At, string Text);

/// <summary>A fact of the activity log that is not about a message (those follow from <see cref="HistoryConversation.Messages"/>).</summary>
internal sealed record HistoryFact(ActivityKind Kind, DateTime At, string? UserId = null, int? Value = null, string? Detail = null);

/// <summary>How a generated conversation ends up.</summary>
internal enum HistoryOutcome
{
    /// <summary>Resolved (by a person, or by the assistant on an assistant-first channel).</summary>
    Resolved,

    /// <summary>Open: a person answered and the customer wrote again.</summary>
    WaitingForReply,

    /// <summary>Open: no person has answered yet (after the hand-off, when the assistant had it first).</summary>
    WaitingForFirstReply,
}

/// <summary>
/// One past customer conversation, whole: the thread's columns, its messages in order, and the activity facts that are not
/// about a message. The columns agree with the messages and facts (first reply, resolve, rating, hand-off), by construction.
/// </summary>
internal sealed class HistoryConversation
{
    public required HistoryChannel Channel { get; init; }
    public required HistoryCustomer Customer { get; init; }
    public required PriorityLevel Priority { get; init; }
    public required DateTime CreatedAt { get; set; }
    public List<HistoryMessage> Messages { get; private set; } = [];
    public List<HistoryFact> Facts { get; private set; } = [];
    public HistoryAgent? Assignee { get; set; }
    public ThreadStatus Status { get; set; } = ThreadStatus.Active;
    public DateTime? ResolvedAt { get; set; }
    public DateTime? FirstReplyAt { get; set; }
    public DateTime? HandedOffAt { get; set; }
    public string? HandOffReason { get; set; }
    public int? Rating { get; set; }
    public string? RatingComment { get; set; }
    public DateTime? RatedAt { get; set; }

    /// <summary>Moves the whole conversation earlier by <paramref name="by"/> (to keep a long one in the past).</summary>
    public void MoveEarlier(TimeSpan by)
    {
        CreatedAt -= by;
        ResolvedAt -= by;
        FirstReplyAt -= by;
        HandedOffAt -= by;
        RatedAt -= by;
        Messages = [.. Messages.Select(m => m with { At = m.At - by })];
        Facts = [.. Facts.Select(f => f with { At = f.At - by })];
    }

    /// <summary>Keeps it in the past: if it ends after <paramref name="latest"/>, all of it moves earlier.</summary>
    public void EndBy(DateTime latest)
    {
        if (EndsAt > latest)
            MoveEarlier(EndsAt - latest);
    }

    /// <summary>When the last thing in it happened.</summary>
    public DateTime EndsAt => Facts.Select(f => f.At).Concat(Messages.Select(m => m.At)).Max();

    /// <summary>The widget's rule: the first words of the customer's first message.</summary>
    public string Title => Rendering.MarkdownText.Shorten(Rendering.MarkdownText.OneLine(Messages[0].Text), 60);

    /// <summary>The last message customers and the inbox see (not a private note or system line).</summary>
    public HistoryMessage LastVisible => Messages.Last(m => m.Sender != HistorySender.System);

    /// <summary>
    /// Every fact of the activity log, in time order, as the app records them: message facts by
    /// <see cref="ConversationActivityLog.KindOf"/>'s rules (system lines never count; the customer has no user id on the fact).
    /// The index points into <see cref="Messages"/> for message facts.
    /// </summary>
    public IEnumerable<(HistoryFact Fact, int? MessageIndex)> AllFacts()
    {
        var message = Messages.Select((m, i) => (m, i)).Where(x => x.m.Sender != HistorySender.System).Select(x => (
            new HistoryFact(x.m.Sender switch
            {
                HistorySender.Customer => ActivityKind.CustomerMessage,
                HistorySender.Assistant => ActivityKind.AssistantReply,
                _ => ActivityKind.AgentReply,
            }, x.m.At, x.m.Sender == HistorySender.Agent ? x.m.UserId : null), (int?)x.i));
        return Facts.Select(f => (f, (int?)null)).Concat(message)
            .OrderBy(x => x.Item1.At).ThenBy(x => x.Item1.Kind == ActivityKind.Created ? 0 : 1);
    }
}

/// <summary>The lines a generated conversation is made of.</summary>
internal sealed partial record HistoryTexts(
    string[] Openers, string[] NegativeOpeners, string[] FollowUps, string[] Thanks, string[] Complaints,
    string[] AgentFirst, string[] AgentReplies, string[] AgentClosings, string[] AssistantReplies, string[] AskForPerson,
    string[] GoodComments, string[] BadComments);

/// <summary>
/// Makes past customer conversations by the rules the app records them with (the message writer, the activity recorder,
/// hand-offs, ratings, the SLA clock), from a caller's seeded <see cref="Random"/>, so the same seed gives the same history.
/// Used by the demo workspace (a few hundred) and the reports benchmark (tens of thousands).
/// </summary>
internal sealed class ConversationHistory(Random random, HistoryTexts texts, IReadOnlyList<HistoryAgent> agents, IReadOnlyDictionary<long, HistoryAgent[]> teamAgents)
{
    /// <summary>Share of resolved conversations that come back (the customer writes again) and are resolved again.</summary>
    public double ReopenRate { get; init; } = 0.06;

    /// <summary>Share of resolved conversations the customer rates.</summary>
    public double RatingRate { get; init; } = 0.4;

    /// <summary>Share of an assistant-first channel's conversations the assistant hands to a person.</summary>
    public double HandOffRate { get; init; } = 0.6;

    /// <summary>Write the app's private "Rated n/5" line into the history, as the widget's rating does.</summary>
    public bool RatingNotes { get; init; } = true;

    /// <summary>Median minutes to a person's first reply (log-normal; the long tail misses SLA targets).</summary>
    public double FirstReplyMedianMinutes { get; init; } = 4;

    /// <summary>
    /// One conversation of <paramref name="size"/> messages (at least 2, or 1 waiting for a first reply; system lines not
    /// counted) started at <paramref name="createdAt"/>. The caller keeps it in the past (<see cref="HistoryConversation.EndBy"/>:
    /// a long tail of slow replies can stretch it).
    /// </summary>
    public HistoryConversation Create(HistoryChannel channel, HistoryCustomer customer, DateTime createdAt, int size, HistoryOutcome outcome)
    {
        size = Math.Max(outcome == HistoryOutcome.WaitingForFirstReply ? 1 : 2, size);
        var priority = random.Next(100) switch { < 10 => PriorityLevel.Low, < 80 => PriorityLevel.Normal, < 95 => PriorityLevel.High, _ => PriorityLevel.Urgent };
        var c = new HistoryConversation { Channel = channel, Customer = customer, Priority = priority, CreatedAt = createdAt };
        c.Facts.Add(new HistoryFact(ActivityKind.Created, createdAt));
        if (channel.TeamId != null)
            c.Facts.Add(new HistoryFact(ActivityKind.Assigned, createdAt)); // into the channel's team queue, nobody yet
        var unhappy = random.NextDouble() < 0.2;
        var at = createdAt;
        Customer(c, at, Pick(unhappy ? texts.NegativeOpeners : texts.Openers));
        var left = size - 1;

        if (channel.AssistantFirst)
        {
            c.Status = ThreadStatus.Pending;
            var handsOff = outcome != HistoryOutcome.Resolved || random.NextDouble() < HandOffRate;
            // The assistant answers; handed off, the customer asked for a person (or it gave up) after one or two answers.
            var keep = outcome switch { HistoryOutcome.WaitingForFirstReply => 0, HistoryOutcome.WaitingForReply => 2, _ => 1 }; // for the people
            var turns = handsOff ? Math.Max(0, Math.Min(left - keep, 1 + random.Next(2) * 2)) : left;
            for (var i = 0; i < turns; i++)
            {
                var assistant = i % 2 == 0;
                at += assistant ? TimeSpan.FromSeconds(3 + random.Next(8)) : Minutes(1.5, 0.8);
                if (assistant)
                    c.Messages.Add(new HistoryMessage(HistorySender.Assistant, null, "Assistant", at, Pick(texts.AssistantReplies)));
                else
                    Customer(c, at, Pick(handsOff && i == turns - 1 ? texts.AskForPerson : texts.FollowUps));
                left--;
            }
            if (!handsOff)
            {
                Resolve(c, at + Minutes(8, 0.8), assignee: null);
                return c;
            }
            at += TimeSpan.FromSeconds(2 + random.Next(20));
            c.HandedOffAt = at;
            c.HandOffReason = random.Next(100) switch
            {
                < 50 => HandOffRules.AskedForPerson,
                < 75 => HandOffRules.LowConfidence,
                < 90 => HandOffRules.NotHelpful,
                _ => HandOffRules.NegativeSentiment,
            };
            c.Status = ThreadStatus.Active;
            c.Facts.Add(new HistoryFact(ActivityKind.HandedOff, at, Detail: c.HandOffReason));
        }
        if (outcome == HistoryOutcome.WaitingForFirstReply)
        {
            for (; left > 0; left--)
            {
                at += Minutes(3, 0.6);
                Customer(c, at, Pick(texts.FollowUps));
            }
            return c;
        }

        // A person of the channel's team takes it and answers.
        var pool = channel.TeamId is { } team && teamAgents.TryGetValue(team, out var members) && members.Length > 0 ? members : [.. agents];
        var agent = pool[(int)(pool.Length * Math.Pow(random.NextDouble(), 1.4))]; // some carry more than others
        var reply = at + Minutes(FirstReplyMedianMinutes, 1.1);
        c.Assignee = agent;
        c.Facts.Add(new HistoryFact(ActivityKind.Assigned, reply - TimeSpan.FromSeconds(5 + random.Next(40)), agent.UserId));
        at = reply;
        Agent(c, agent, at, Pick(texts.AgentFirst));
        left--;
        var reopen = outcome == HistoryOutcome.Resolved && left >= 4 && random.NextDouble() < ReopenRate;
        var body = left - (reopen ? 2 : 0) - (outcome == HistoryOutcome.WaitingForReply ? 1 : 0);
        var customerTurn = true;
        for (var i = 0; i < body; i++)
        {
            var last = i == body - 1;
            if (last && outcome == HistoryOutcome.Resolved)
                customerTurn = random.NextDouble() < 0.5; // a last word of thanks, or the agent's closing line
            if (customerTurn)
            {
                at += Minutes(1.5, 0.9);
                Customer(c, at, Pick(last ? (unhappy && random.NextDouble() < 0.5 ? texts.Complaints : texts.Thanks) : texts.FollowUps));
            }
            else
            {
                at += Minutes(2.5, 1.0);
                Agent(c, agent, at, Pick(last ? texts.AgentClosings : texts.AgentReplies));
            }
            customerTurn = random.NextDouble() < 0.3 ? customerTurn : !customerTurn; // now and then two lines in a row
        }
        if (outcome == HistoryOutcome.WaitingForReply)
        {
            if (c.Messages[^1].Sender == HistorySender.Customer)
            {
                at += Minutes(2.5, 1.0);
                Agent(c, agent, at, Pick(texts.AgentReplies));
            }
            else
            {
                at += Minutes(1.5, 0.9);
                Customer(c, at, Pick(texts.FollowUps));
            }
            return c;
        }
        at += Minutes(10, 1.0);
        Resolve(c, at, agent, rate: !reopen);
        if (reopen)
        {
            // The customer writes again: the message reopens it (as the message writer does), the agent answers, resolves again.
            at += TimeSpan.FromHours(1 + random.NextDouble() * 20);
            Customer(c, at, Pick(texts.Complaints));
            c.Facts.Add(new HistoryFact(ActivityKind.Reopened, at));
            c.Status = ThreadStatus.Active;
            c.ResolvedAt = null;
            at += Minutes(FirstReplyMedianMinutes, 1.0);
            Agent(c, agent, at, Pick(texts.AgentClosings));
            Resolve(c, at + Minutes(5, 0.8), agent);
        }
        return c;
    }

    /// <summary>
    /// The SLA breaches the clock would have recorded for <paramref name="c"/> by <paramref name="now"/> under <paramref name="policies"/>
    /// (channels without business hours: around the clock), at each missed target's due time.
    /// </summary>
    public static void AddBreaches(HistoryConversation c, IReadOnlyList<SlaPolicy> policies, DateTime now)
    {
        if (SlaClock.Match(policies, c.Priority, [], c.Channel.Id) is not { } policy)
            return;
        var facts = c.AllFacts().Select((f, i) => new ConversationActivity { Id = i, Kind = f.Fact.Kind, At = f.Fact.At, UserId = f.Fact.UserId }).ToList();
        var times = ConversationTimes.From(facts, withAssistant: c.Channel.AssistantFirst && c.HandedOffAt is null);
        foreach (var target in SlaClock.Targets(policy, times, [], TimeZoneInfo.Utc))
        {
            if (target.BreachedAt(now) && target.DueAt <= now)
                c.Facts.Add(new HistoryFact(ActivityKind.SlaBreached, target.DueAt, Value: (int)policy.Id, Detail: ConversationActivityLog.MetricName(target.Metric)));
        }
    }

    private void Resolve(HistoryConversation c, DateTime at, HistoryAgent? assignee, bool rate = true)
    {
        c.Status = ThreadStatus.Archived;
        c.ResolvedAt = at;
        c.Facts.Add(new HistoryFact(ActivityKind.Resolved, at, assignee?.UserId));
        if (!rate || random.NextDouble() >= RatingRate)
            return;
        var rating = random.Next(100) switch { < 52 => 5, < 77 => 4, < 87 => 3, < 93 => 2, _ => 1 };
        var ratedAt = at + TimeSpan.FromMinutes(1 + random.Next(45));
        c.Rating = rating;
        c.RatedAt = ratedAt;
        c.RatingComment = random.NextDouble() < 0.4 ? Pick(rating >= 4 ? texts.GoodComments : texts.BadComments) : null;
        c.Facts.Add(new HistoryFact(ActivityKind.Rated, ratedAt, assignee?.UserId, Value: rating));
        if (RatingNotes)
            c.Messages.Add(new HistoryMessage(HistorySender.System, null, "QanDu", ratedAt,
                $"Rated {rating}/5" + (c.RatingComment is { } comment ? ": " + comment : "")));
    }

    private static void Customer(HistoryConversation c, DateTime at, string text) =>
        c.Messages.Add(new HistoryMessage(HistorySender.Customer, c.Customer.UserId, c.Customer.Name, at, text));

    private static void Agent(HistoryConversation c, HistoryAgent agent, DateTime at, string text)
    {
        c.Messages.Add(new HistoryMessage(HistorySender.Agent, agent.UserId, agent.Name, at, text));
        c.FirstReplyAt ??= at;
    }

    private string Pick(string[] lines) => lines[random.Next(lines.Length)];

    /// <summary>A log-normal gap with this median (minutes) and spread.</summary>
    private TimeSpan Minutes(double median, double sigma)
    {
        var normal = Math.Sqrt(-2 * Math.Log(1 - random.NextDouble())) * Math.Cos(2 * Math.PI * random.NextDouble());
        return TimeSpan.FromMinutes(Math.Min(median * Math.Exp(sigma * normal), 60 * 24));
    }
}
