using QanDu.Dashboard.Data.Entities;
using QanDu.Dashboard.Features.Access;
using QanDu.Dashboard.Features.Files.Components;
using QanDu.Dashboard.Features.Messages;

namespace QanDu.Dashboard.Features.Inbox;

/// <summary>
/// A message the agent sent that is not stored yet: shown as "sending", or "failed" with the reason and a retry that
/// reuses its idempotency key (<see cref="Key"/>), so a post that did commit is not stored twice.
/// </summary>
public sealed class PendingMessage(
    string key, string content, long threadId, ChatCaller sender, DateTime utcNow, ReplyPreview? replyTo, IReadOnlyList<PendingUpload> files)
{
    public string Key { get; } = key;
    public string Content { get; } = content.Trim();
    public long ThreadId { get; } = threadId;
    public IReadOnlyList<string>? UploadIds { get; } = files.Count == 0 ? null : [.. files.Select(f => f.UploadId!)];
    public string? Error { get; private set; }

    /// <summary>A private note (staff only), shown with the note's look while it is sent.</summary>
    public bool IsPrivate { get; init; }

    public MessageView View { get; private set; } = new(
        0, threadId, content.Trim(), MessageType.Text, sender.UserId, sender.DisplayName, SenderType.User,
        utcNow, MessageStatus.Sending, replyTo?.Id, replyTo, null, false, key, null, [.. files.Select(f => f.AsPendingAttachment())]);

    /// <summary>Posting (again): "sending", the earlier error gone.</summary>
    public void Sending()
    {
        Error = null;
        View = View with { Status = MessageStatus.Sending, IsPrivate = IsPrivate };
    }

    /// <summary>Not stored: "failed", with why.</summary>
    public void Fail(string error)
    {
        Error = error;
        View = View with { Status = MessageStatus.Failed };
    }
}
