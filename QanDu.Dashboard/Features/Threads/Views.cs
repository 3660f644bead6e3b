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
}

public sealed record ReplyPreview(long Id, string SenderName, string Snippet);

public sealed record AttachmentView(long Id, AttachmentType Type, string Name, long Size, string MimeType)
{
    public string Url => $"/api/chat/attachment/{Id}";
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
    IReadOnlyList<ParticipantView> Participants)
{
    public DateTime ActivityAt => LastMessageAt ?? CreatedAt;
}

public sealed record PostMessageRequest(long ThreadId, string? Content, string? ClientKey = null, long? ReplyToId = null);

public sealed record CreateThreadRequest(ThreadType Type, string? Title, IReadOnlyList<string>? ParticipantIds);

public sealed record UpdateThreadRequest(string? Title = null, ThreadStatus? Status = null, PriorityLevel? Priority = null);

/// <summary>The result of a post: the stored message, and whether this call created it or found it (a retry).</summary>
public sealed record PostOutcome(MessageView Message, bool Created);
