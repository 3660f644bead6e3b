namespace QanDu.Dashboard.Data.Entities;

/// <summary>A reply suggested to one agent for one incoming message, and what the agent did with it.</summary>
public sealed class AiSuggestion
{
    public long Id { get; set; }
    public long ThreadId { get; set; }

    /// <summary>The message the suggestion answers.</summary>
    public long? ForMessageId { get; set; }
    public string UserId { get; set; } = "";

    /// <summary>Position among the suggestions shown together (0-2).</summary>
    public int Rank { get; set; }
    public string Text { get; set; } = "";
    public string? Model { get; set; }
    public SuggestionOutcome Outcome { get; set; }

    /// <summary>The message the agent sent from it, when sent as is or edited.</summary>
    public long? SentMessageId { get; set; }
    public DateTime CreatedAt { get; set; }
    public DateTime? DecidedAt { get; set; }
}

public enum SuggestionOutcome { Shown, Inserted, SentAsIs, Edited, Dismissed }

/// <summary>One user's thumbs up or down on an AI message.</summary>
public sealed class AiFeedback
{
    public long MessageId { get; set; }
    public string UserId { get; set; } = "";
    public FeedbackRating Rating { get; set; }
    public string? Comment { get; set; }
    public DateTime CreatedAt { get; set; }
}

public enum FeedbackRating { Down = -1, Up = 1 }

/// <summary>The assistant's behaviour as the admin set it (one row, the settings as JSON so new settings need no migration).</summary>
public sealed class AssistantSettingsRecord
{
    public int Id { get; set; }
    public string Json { get; set; } = "{}";
    public string? UpdatedById { get; set; }
    public DateTime UpdatedAt { get; set; }

    /// <summary>Changed on every save: a stale edit is refused instead of overwriting a newer one.</summary>
    public Guid Version { get; set; }
}

/// <summary>An agent's correction of a message's intent; the intent classifier retrains on these.</summary>
public sealed class IntentCorrection
{
    public long Id { get; set; }
    public long MessageId { get; set; }

    /// <summary>The message text when corrected, so retraining does not depend on later edits or deletion.</summary>
    public string Text { get; set; } = "";
    public string? PreviousIntent { get; set; }
    public string Intent { get; set; } = "";
    public string UserId { get; set; } = "";
    public DateTime CreatedAt { get; set; }
}

/// <summary>A tool call the assistant asked to run that changes something: it runs only once a person approves it.</summary>
public sealed class ToolApproval
{
    public long Id { get; set; }
    public long ThreadId { get; set; }

    /// <summary>The AI message that asked for the call; the approval card is shown with it.</summary>
    public long? AiMessageId { get; set; }

    /// <summary>Whose request the assistant was answering: the call is limited to this user's rights.</summary>
    public string RequestedById { get; set; } = "";
    public string ToolName { get; set; } = "";
    public string ArgumentsJson { get; set; } = "{}";
    public string? CallId { get; set; }
    public ToolApprovalStatus Status { get; set; }
    public string? Result { get; set; }
    public string? DecidedById { get; set; }
    public DateTime CreatedAt { get; set; }
    public DateTime? DecidedAt { get; set; }
}

public enum ToolApprovalStatus { Pending, Approved, Denied, Ran, Failed, Expired }
