using QanDu.Dashboard.Data.Entities;

namespace QanDu.Dashboard.Features.ReadState;

/// <summary>The caller's read position in a thread: every message from others after it is unread.</summary>
public sealed record ReadStateView(long ThreadId, long LastReadMessageId, int UnreadCount);

/// <summary>
/// How far one person has read a thread; <c>ReadAt</c> is when that position was reached (null: never opened).
/// <c>Participant</c> is false for a supervisor or admin who only looks on.
/// </summary>
public sealed record ReaderView(string UserId, string DisplayName, long LastReadMessageId, DateTime? ReadAt, bool Participant);

public sealed record SetStatusRequest(long MessageId, MessageStatus Status);

/// <summary>Where the caller has read a thread up to: a message of the thread, or 0 for nothing.</summary>
public sealed record SetReadPositionRequest(long? LastReadMessageId);
