namespace QanDu.Dashboard.Data.Entities;

/// <summary>What happened in a customer conversation, as the activity log records it.</summary>
public enum ActivityKind
{
    /// <summary>The conversation started (<see cref="ConversationActivity.ChannelId"/>, <see cref="ConversationActivity.TeamId"/> as created).</summary>
    Created,

    /// <summary>The customer wrote (not a private note, not a system line).</summary>
    CustomerMessage,

    /// <summary>A person of the team answered the customer (<see cref="ConversationActivity.UserId"/>); private notes do not count.</summary>
    AgentReply,

    /// <summary>The assistant answered the customer (recorded when its reply starts; the message says whether it completed).</summary>
    AssistantReply,

    /// <summary>Resolved; <see cref="ConversationActivity.UserId"/> is the assignee at that moment (null: unassigned).</summary>
    Resolved,

    /// <summary>Back to open after it had been resolved (by a person, or by the customer writing again).</summary>
    Reopened,

    /// <summary>Given to a person (<see cref="ConversationActivity.UserId"/>; null: taken off) and/or a team (<see cref="ConversationActivity.TeamId"/>).</summary>
    Assigned,

    /// <summary>The assistant handed the conversation to a person; <see cref="ConversationActivity.Detail"/> says why.</summary>
    HandedOff,

    /// <summary>The customer rated it; <see cref="ConversationActivity.Value"/> is 1–5.</summary>
    Rated,

    /// <summary>An SLA target was missed; <see cref="ConversationActivity.Detail"/> names the metric, <see cref="ConversationActivity.Value"/> the policy id.</summary>
    SlaBreached,
}

/// <summary>
/// One fact about a customer conversation, appended in the same commit as the change it records: the one source every
/// report, SLA clock and the live board's first load read, so their figures reconcile. Never updated, never deleted
/// except with its conversation.
/// </summary>
public sealed class ConversationActivity
{
    public long Id { get; set; }
    public long ThreadId { get; set; }
    public ChatThread? Thread { get; set; }
    public ActivityKind Kind { get; set; }
    public DateTime At { get; set; }

    /// <summary>The person concerned: who replied, who was assigned, the assignee when resolved.</summary>
    public string? UserId { get; set; }

    /// <summary>The conversation's channel and team at the time of the fact.</summary>
    public long? ChannelId { get; set; }
    public long? TeamId { get; set; }

    /// <summary>The message a message fact is about.</summary>
    public long? MessageId { get; set; }

    /// <summary>A number the fact carries: the rating (Rated), the policy id (SlaBreached).</summary>
    public int? Value { get; set; }

    /// <summary>A word the fact carries: the hand-off reason, the breached metric.</summary>
    public string? Detail { get; set; }

    /// <summary>
    /// A customer message's analysis, copied here when it lands (after the commit), so the sentiment report reads the
    /// log alone: <c>positive</c>/<c>neutral</c>/<c>negative</c>, the compound score (−1 to 1), the intent.
    /// </summary>
    public string? Sentiment { get; set; }
    public double? SentimentScore { get; set; }
    public string? Intent { get; set; }
}

/// <summary>Which target of an SLA policy.</summary>
public enum SlaMetric { FirstResponse, NextResponse, Resolution }

/// <summary>
/// Response and resolution targets for customer conversations of a priority (and optionally a label or channel), counted
/// in the channel's business hours or around the clock. The most specific enabled policy that matches a conversation applies.
/// </summary>
public sealed class SlaPolicy
{
    public long Id { get; set; }
    public string Name { get; set; } = "";

    /// <summary>Null: any priority.</summary>
    public PriorityLevel? Priority { get; set; }

    /// <summary>Only conversations with this label (null: any).</summary>
    public long? LabelId { get; set; }

    /// <summary>Only conversations of this channel (null: any).</summary>
    public long? ChannelId { get; set; }

    /// <summary>Minutes from the start of the human clock (creation, or the assistant's hand-off) to the first reply of a person; null: no target.</summary>
    public int? FirstResponseMinutes { get; set; }

    /// <summary>Minutes from a customer message that follows a person's reply to the next reply of a person; null: no target.</summary>
    public int? NextResponseMinutes { get; set; }

    /// <summary>Minutes from the start of the human clock to resolve; null: no target.</summary>
    public int? ResolutionMinutes { get; set; }

    /// <summary>Count only the channel's business hours (a channel without hours is always open); false: around the clock.</summary>
    public bool BusinessHoursOnly { get; set; }
    public bool Enabled { get; set; } = true;
    public DateTime CreatedAt { get; set; }
    public DateTime UpdatedAt { get; set; }
}

/// <summary>A staff member's effective presence from <see cref="At"/> on (until their next change): online time in reports.</summary>
public sealed class PresenceChange
{
    public long Id { get; set; }
    public string UserId { get; set; } = "";
    public PresenceStatus Status { get; set; }
    public DateTime At { get; set; }
}
