namespace QanDu.Dashboard.Data.Entities;

public sealed class ChatThread
{
    public long Id { get; set; }
    public string? Title { get; set; }
    public ThreadType Type { get; set; }
    public ThreadStatus Status { get; set; }
    public PriorityLevel Priority { get; set; } = PriorityLevel.Normal;
    public string? AssigneeId { get; set; }
    public AppUser? Assignee { get; set; }
    /// <summary>The team the conversation is assigned to (optionally with a person of it as <see cref="AssigneeId"/>).</summary>
    public long? TeamId { get; set; }
    public Team? Team { get; set; }
    public string CreatedById { get; set; } = "";
    public DateTime CreatedAt { get; set; }
    public DateTime UpdatedAt { get; set; }

    // Denormalised preview of the last message, so the thread list never scans messages.
    public long? LastMessageId { get; set; }
    public string? LastMessagePreview { get; set; }
    public string? LastMessageSenderName { get; set; }
    public DateTime? LastMessageAt { get; set; }

    /// <summary>The website channel a customer conversation came through.</summary>
    public long? ChannelId { get; set; }

    /// <summary>Set on customer conversations: the customer it is with.</summary>
    public long? ContactId { get; set; }
    public DateTime? SnoozedUntil { get; set; }
    public DateTime? ResolvedAt { get; set; }

    /// <summary>The earlier conversation of the same customer this one follows (a message after the reopen window).</summary>
    public long? PreviousThreadId { get; set; }

    /// <summary>The customer's satisfaction rating (1–5) of the resolved conversation, with an optional comment.</summary>
    public int? Rating { get; set; }
    public string? RatingComment { get; set; }
    public DateTime? RatedAt { get; set; }

    /// <summary>When staff first answered the customer.</summary>
    public DateTime? FirstReplyAt { get; set; }

    /// <summary>When the assistant handed the conversation to a person (it had been answering it, status Pending).</summary>
    public DateTime? HandedOffAt { get; set; }

    /// <summary>Why it handed off: <c>asked-for-person</c>, <c>low-confidence</c>, <c>not-helpful</c>, <c>repeated-question</c>, <c>negative-sentiment</c>.</summary>
    public string? HandOffReason { get; set; }

    public List<ThreadParticipant> Participants { get; set; } = [];
    public List<ThreadLabel> Labels { get; set; } = [];
}

public sealed class ThreadParticipant
{
    public long ThreadId { get; set; }
    public string UserId { get; set; } = "";
    public AppUser? User { get; set; }
    public DateTime JoinedAt { get; set; }
}

public sealed class Label
{
    public long Id { get; set; }
    public string Name { get; set; } = "";
    public string Color { get; set; } = "#607d8b";
}

public sealed class ThreadLabel
{
    public long ThreadId { get; set; }
    public long LabelId { get; set; }
    public Label? Label { get; set; }
}
