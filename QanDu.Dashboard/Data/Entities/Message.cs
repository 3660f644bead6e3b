using QanDu.Dashboard.Features.Analysis;
namespace QanDu.Dashboard.Data.Entities;

public sealed class Message
{
    public long Id { get; set; }
    public long ThreadId { get; set; }
    public ChatThread? Thread { get; set; }
    public string Content { get; set; } = "";
    public MessageType Type { get; set; }
    public string? SenderId { get; set; }
    public string SenderName { get; set; } = "";
    public SenderType SenderType { get; set; }
    public DateTime Timestamp { get; set; }
    public long? ReplyToId { get; set; }
    public MessageStatus Status { get; set; }

    /// <summary>Client-generated key, unique per sender and thread: a retried post returns the stored message.</summary>
    public string? ClientKey { get; set; }
    public DateTime? EditedAt { get; set; }

    /// <summary>A private note: staff only, never sent to or shown to a customer.</summary>
    public bool IsPrivate { get; set; }
    public DateTime? DeletedAt { get; set; }

    /// <summary>The seed's metadata (ai, system, analysis) as JSON.</summary>
    public MessageMetadata? Metadata { get; set; }

    public List<Attachment> Attachments { get; set; } = [];

    /// <summary>Raised by every tracked change of the message (a concurrency token; see <c>MessageQueries.ChangeAsync</c>).</summary>
    public long Version { get; set; }
}

public sealed class MessageMetadata
{
    public AiMetadata? Ai { get; set; }
    public SystemMetadata? System { get; set; }
    public AnalysisMetadata? Analysis { get; set; }
}

public sealed record AiMetadata(double? Confidence, string? Context, string? Model)
{
    /// <summary>Null when the reply completed; "stopped" when a person stopped it; "failed" when the provider failed.</summary>
    public string? Outcome { get; init; }

    /// <summary>Why the reply failed, shown beside Retry.</summary>
    public string? Error { get; init; }

    /// <summary>The earlier conversations (or articles) the answer was built from.</summary>
    public IReadOnlyList<AiSource>? Sources { get; init; }

    /// <summary>What the model was given: tokens per part, the messages included, what was summarized.</summary>
    public AiContextReport? ContextUsed { get; init; }

    /// <summary>Changes the assistant asked to make, each waiting for (or past) a person's approval.</summary>
    public IReadOnlyList<AiToolCard>? Tools { get; init; }

    /// <summary>Tool requests that were refused outright (unknown tool, unreadable or foreign arguments), said plainly.</summary>
    public IReadOnlyList<string>? Notes { get; init; }

    /// <summary>Follow-up messages the assistant drafted for the agent to insert; nothing was sent.</summary>
    public IReadOnlyList<string>? Drafts { get; init; }
}

/// <summary>
/// The context one AI reply was built from, within <see cref="Budget"/> tokens: system, summary of older messages,
/// recent messages (ids), retrieved knowledge (sources), and the language the reply was asked for.
/// </summary>
public sealed record AiContextReport(
    int Budget,
    int SystemTokens,
    int SummaryTokens,
    int MessageTokens,
    int KnowledgeTokens,
    IReadOnlyList<long> MessageIds,
    int SummarizedMessages,
    IReadOnlyList<AiSource> Sources,
    string Language)
{
    public int TotalTokens => SystemTokens + SummaryTokens + MessageTokens + KnowledgeTokens;
}

/// <summary>One change the assistant asked for, as its approval card shows it.</summary>
public sealed record AiToolCard(long ApprovalId, string ToolName, string Description, ToolApprovalStatus Status, string? Result, string? DecidedBy);

/// <summary>One source an AI answer used: its title and where it is in the app.</summary>
public sealed record AiSource(string Title, string Url);

/// <summary>What a system message records: <see cref="Type"/> (e.g. "routing") and <see cref="Action"/> (e.g. "assigned").</summary>
public sealed record SystemMetadata(string Type, string Action)
{
    /// <summary>The person the action concerns (routing: the agent chosen or taken off), when there is one.</summary>
    public string? UserId { get; init; }
}

/// <summary>Local analysis of a message: sentiment label (positive, neutral, negative) with VADER's compound score, intent, language (ISO 639-1 or "und").</summary>
// IntentCorrected: an agent set the intent by hand; re-analysing the same text keeps it (an edit does not).
public sealed record AnalysisMetadata(string? Sentiment, string? Intent, string? Language, double? SentimentScore = null,
    [property: System.Text.Json.Serialization.JsonIgnore(Condition = System.Text.Json.Serialization.JsonIgnoreCondition.WhenWritingDefault)]
    bool IntentCorrected = false);

public sealed class Attachment
{
    public long Id { get; set; }
    public long MessageId { get; set; }
    public AttachmentType Type { get; set; }
    public string Name { get; set; } = "";
    public long Size { get; set; }
    public string MimeType { get; set; } = "application/octet-stream";

    /// <summary>Generated file name under the data folder; never the uploaded name.</summary>
    public string StoredName { get; set; } = "";
}

public sealed class MessageEdit
{
    public long Id { get; set; }
    public long MessageId { get; set; }
    public string PreviousContent { get; set; } = "";
    public DateTime EditedAt { get; set; }
    public string EditedById { get; set; } = "";
}

public sealed class Reaction
{
    public long MessageId { get; set; }
    public string UserId { get; set; } = "";
    public string Emoji { get; set; } = "";
    public DateTime CreatedAt { get; set; }
}

/// <summary>How far a user has read a thread: every message with a larger id is unread.</summary>
public sealed class ReadCursor
{
    public long ThreadId { get; set; }
    public string UserId { get; set; } = "";
    public long LastReadMessageId { get; set; }
    public DateTime UpdatedAt { get; set; }
}

public sealed class ApiKey
{
    public long Id { get; set; }
    public string UserId { get; set; } = "";
    public AppUser? User { get; set; }
    public string Name { get; set; } = "";

    /// <summary>The first characters of the key, shown so a user can tell keys apart.</summary>
    public string Prefix { get; set; } = "";

    /// <summary>SHA-256 of the key; the key itself is shown once and never stored.</summary>
    public string Hash { get; set; } = "";
    public DateTime CreatedAt { get; set; }
    public DateTime? LastUsedAt { get; set; }
    public DateTime? RevokedAt { get; set; }
}
