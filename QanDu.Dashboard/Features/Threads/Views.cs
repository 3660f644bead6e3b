using QanDu.Dashboard.Data.Entities;

namespace QanDu.Dashboard.Features.Threads;

public sealed record MessageView(
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
    ReplyPreview? ReplyTo,
    DateTime? EditedAt,
    bool Deleted,
    string? ClientKey,
    MessageMetadata? Metadata,
    IReadOnlyList<AttachmentView> Attachments)
{
    /// <summary>Reactions per emoji, filled in by the reads that show messages (history, a single message, edits).</summary>
    public IReadOnlyList<Reactions.ReactionView> Reactions { get; init; } = [];

    /// <summary>Replies to this message that are not deleted.</summary>
    public int ReplyCount { get; init; }
}

/// <summary>The quote above a reply: who wrote the original and its first words as plain text (empty when deleted).</summary>
public sealed record ReplyPreview(long Id, string SenderName, string Snippet, bool Deleted = false);

/// <summary>A message and the replies to it, oldest first (at most <c>limit</c>; <see cref="HasMore"/> says if there are more).</summary>
public sealed record ReplyChain(MessageView Original, IReadOnlyList<MessageView> Replies, int Total, bool HasMore);

public sealed record AttachmentView(long Id, AttachmentType Type, string Name, long Size, string MimeType)
{
    /// <summary>Where the file is served, to users who may see its thread (GET /api/chat/files/{id}).</summary>
    public string Url => $"/api/chat/files/{Id}";
}

public sealed record MessagePage(IReadOnlyList<MessageView> Messages, bool HasOlder, long? OlderCursor);

public sealed record ParticipantView(string UserId, string DisplayName);

public sealed record ThreadSummary(
    long Id,
    string? Title,
    string DisplayTitle,
    ThreadType Type,
    ThreadStatus Status,
    PriorityLevel Priority,
    DateTime CreatedAt,
    DateTime UpdatedAt,
    long? LastMessageId,
    string? LastMessagePreview,
    string? LastMessageSenderName,
    DateTime? LastMessageAt,
    int UnreadCount,
    string? AssigneeId,
    string? AssigneeName,
    IReadOnlyList<ParticipantView> Participants,
    IReadOnlyList<LabelView> Labels)
{
    public DateTime ActivityAt => LastMessageAt ?? CreatedAt;
}

/// <summary>A new message. <c>UploadIds</c>: files uploaded with POST /api/chat/files, attached in the same commit.</summary>
public sealed record PostMessageRequest(
    long ThreadId, string? Content, string? ClientKey = null, long? ReplyToId = null, IReadOnlyList<string>? UploadIds = null);

public sealed record CreateThreadRequest(ThreadType Type, string? Title, IReadOnlyList<string>? ParticipantIds);

/// <summary>Changes what is given and leaves the rest. <c>AssigneeId</c>: a user id assigns, <c>""</c> unassigns.</summary>
public sealed record UpdateThreadRequest(string? Title = null, ThreadStatus? Status = null, PriorityLevel? Priority = null, string? AssigneeId = null);

public sealed record LabelView(long Id, string Name, string Color);

/// <summary>The result of a post: the stored message, and whether this call created it or found it (a retry).</summary>
public sealed record PostOutcome(MessageView Message, bool Created);

/// <summary>The caller's read position in a thread: every message from others after it is unread.</summary>
public sealed record ReadStateView(long ThreadId, long LastReadMessageId, int UnreadCount);

/// <summary>
/// How far one person has read a thread; <c>ReadAt</c> is when that position was reached (null: never opened).
/// <c>Participant</c> is false for a supervisor or admin who only looks on.
/// </summary>
public sealed record ReaderView(string UserId, string DisplayName, long LastReadMessageId, DateTime? ReadAt, bool Participant);
