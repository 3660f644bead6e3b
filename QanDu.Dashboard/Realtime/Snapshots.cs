using QanDu.Dashboard.Data.Entities;

namespace QanDu.Dashboard.Realtime;

// The bus's own payloads: plain, serializable records of what was committed, so events can cross servers later and no
// subscriber depends on a feature's view types. Each consumer shapes its view from them for its caller.

/// <summary>A message as committed: everything a view of it is made from, with no caller's shaping applied.</summary>
public sealed record MessageSnapshot(
    long Id,
    long ThreadId,
    string Content,
    MessageType Type,
    string? SenderId,
    string SenderName,
    SenderType SenderType,
    DateTime Timestamp,
    MessageStatus Status,
    long? ReplyToId,
    QuoteSnapshot? ReplyTo,
    DateTime? EditedAt,
    bool Deleted,
    string? ClientKey,
    MetadataSnapshot? Metadata,
    IReadOnlyList<AttachmentSnapshot> Attachments)
{
    /// <summary>A private note: consumers that serve customers (the widget) never pass it on.</summary>
    public bool IsPrivate { get; init; }
}

/// <summary>The quote of the message replied to: who wrote it and its first words as plain text (empty when deleted).</summary>
public sealed record QuoteSnapshot(long Id, string SenderName, string Snippet, bool Deleted);

public sealed record AttachmentSnapshot(long Id, AttachmentType Type, string Name, long Size, string MimeType);

/// <summary>The message's metadata as stored: the assistant's (ai), the system's and the local analysis.</summary>
public sealed record MetadataSnapshot(AiMetadata? Ai, SystemMetadata? System, AnalysisMetadata? Analysis);

/// <summary>One emoji on one message after a change: how many reacted with it and who, in the order they reacted.</summary>
public sealed record ReactionTally(string Emoji, int Count, IReadOnlyList<string> UserIds);

/// <summary>Someone typing in a thread.</summary>
public sealed record Typist(string UserId, string DisplayName);

/// <summary>
/// A staff member with a conversation open: <see cref="Composing"/> while they write a reply, <see cref="LookingOn"/>
/// when they watch without taking part (a supervisor from the board).
/// </summary>
public sealed record ConversationViewer(string UserId, string Name, bool Composing, bool LookingOn);
