using System.Text.Json.Serialization;
using QanDu.Dashboard.Data.Entities;
using QanDu.Dashboard.Features.Files;
using QanDu.Dashboard.Features.Reactions;

namespace QanDu.Dashboard.Features.Messages;

/// <summary>
/// A message as one caller sees it (<see cref="MessageProjection.For(Access.ChatCaller, MessageView)"/> shapes it by the caller's kind): staff get the
/// metadata, a visitor never does, nor other people's ids or idempotency keys.
/// </summary>
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
    MessageMetadataView? Metadata,
    IReadOnlyList<AttachmentView> Attachments)
{
    /// <summary>Reactions per emoji, filled in by the reads that show messages (history, a single message, edits).</summary>
    public IReadOnlyList<ReactionView> Reactions { get; init; } = [];

    /// <summary>Replies to this message that are not deleted.</summary>
    public int ReplyCount { get; init; }

    /// <summary>A private note: staff only, never shown to or sent to a customer.</summary>
    public bool IsPrivate { get; init; }
}

/// <summary>
/// The metadata staff see on a message, as an immutable copy (the stored <c>MessageMetadata</c> belongs to EF and is never
/// handed out): the assistant's reply details, the system's and the local analysis.
/// </summary>
public sealed record MessageMetadataView(AiMetadata? Ai, SystemMetadata? System, AnalysisMetadata? Analysis);

/// <summary>The quote above a reply: who wrote the original and its first words as plain text (empty when deleted).</summary>
public sealed record ReplyPreview(long Id, string SenderName, string Snippet, bool Deleted = false);

/// <summary>A message and the replies to it, oldest first (at most <c>limit</c>; <see cref="HasMore"/> says if there are more).</summary>
public sealed record ReplyChain(MessageView Original, IReadOnlyList<MessageView> Replies, int Total, bool HasMore);

public sealed record MessagePage(IReadOnlyList<MessageView> Messages, bool HasOlder, long? OlderCursor);

/// <summary>Messages after a known one, oldest first; <see cref="HasMore"/>: there are more after the last of them.</summary>
public sealed record NewerMessages(IReadOnlyList<MessageView> Messages, bool HasMore);

/// <summary>
/// A new message. <c>UploadIds</c>: files uploaded with POST /api/chat/files, attached in the same commit. A body without
/// <c>threadId</c> is refused as missing, never read as thread 0. <c>IsPrivate</c>: a private note in a customer
/// conversation, for staff only (a visitor is refused).
/// </summary>
public sealed record PostMessageRequest(
    [property: JsonRequired] long ThreadId, string? Content, string? ClientKey = null, long? ReplyToId = null, IReadOnlyList<string>? UploadIds = null,
    bool IsPrivate = false);

public sealed record EditMessageRequest(string? Content);

/// <summary>The result of a post: the stored message, and whether this call created it or found it (a retry).</summary>
public sealed record PostOutcome(MessageView Message, bool Created);

/// <summary>An earlier version of a message: the text as it was until <see cref="ReplacedAt"/>, and who replaced it.</summary>
public sealed record MessageVersionView(string Content, DateTime ReplacedAt, string ReplacedBy, bool Deleted);
