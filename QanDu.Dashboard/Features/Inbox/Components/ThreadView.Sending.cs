using QanDu.Dashboard.Data.Entities;
using QanDu.Dashboard.Features.Access;
using QanDu.Dashboard.Features.Files.Components;
using QanDu.Dashboard.Features.Messages;

namespace QanDu.Dashboard.Features.Inbox.Components;

public sealed partial class ThreadView
{
    /// <summary>Shows the message at once as "sending"; it becomes the stored message when its commit is acknowledged.</summary>
    private Task SendAsync(ComposerMessage sent)
    {
        var inserted = _insertedSuggestion;
        _insertedSuggestion = null;
        return SendAsync(sent, inserted);
    }

    /// <summary>Sends, and when the text came from a suggestion, records it as sent as is or edited.</summary>
    private async Task SendAsync(ComposerMessage sent, long? suggestionId)
    {
        _suggestionBar?.Close();
        var pending = new PendingMessage(Guid.NewGuid().ToString("N"), sent.Text, ThreadId, _me, Clock.GetUtcNow().UtcDateTime, _replyTo, sent.Files);
        _replyTo = null;
        _pending.Add(pending);
        _scroll = ScrollIntent.Bottom;
        StateHasChanged();
        if (await PostAsync(pending) is { } posted && suggestionId is { } id)
            await RecordSentAsync(id, posted.Id);
    }

    /// <summary>From the composer, a few seconds apart while the user types (true), or when they clear it (false).</summary>
    private async Task SignalTypingAsync(bool typing)
    {
        if (_thread is null)
            return;
        try
        {
            if (typing)
                await Typing.TypingAsync(_me, ThreadId);
            else
                Typing.Stopped(_me, ThreadId);
        }
        catch (ChatNotFoundException)
        {
            // Removed from the thread meanwhile: nobody there should see this user type.
        }
    }

    /// <summary>The stored message, or null when it failed (it stays, marked failed, with Retry).</summary>
    private async Task<MessageView?> PostAsync(PendingMessage pending)
    {
        pending.Error = null;
        pending.View = pending.View with { Status = MessageStatus.Sending };
        try
        {
            var outcome = await Messages.PostAsync(_me, new PostMessageRequest(
                pending.ThreadId, pending.Content, pending.Key, pending.View.ReplyToId, pending.UploadIds));
            _pending.Remove(pending);
            if (outcome.Message.ThreadId == ThreadId)
                Merge([outcome.Message]);
            return outcome.Message;
        }
        catch (ChatValidationException ex)
        {
            Fail(pending, ex.Message);
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            Logger.LogError(ex, "Could not send a message to thread {ThreadId}", pending.ThreadId);
            Fail(pending, "Not sent — the server could not store it.");
        }
        return null;
    }

    private static void Fail(PendingMessage pending, string error)
    {
        pending.Error = error;
        pending.View = pending.View with { Status = MessageStatus.Failed };
    }

    /// <summary>Retries with the same idempotency key, so a post that did commit is not stored twice.</summary>
    private async Task RetryAsync(PendingMessage pending)
    {
        pending.View = pending.View with { Status = MessageStatus.Sending };
        StateHasChanged();
        await PostAsync(pending);
    }

    private void Discard(PendingMessage pending) => _pending.Remove(pending);

    private sealed class PendingMessage(
        string key, string content, long threadId, ChatCaller sender, DateTime utcNow, ReplyPreview? replyTo, IReadOnlyList<PendingUpload> files)
    {
        public string Key { get; } = key;
        public string Content { get; } = content.Trim();
        public long ThreadId { get; } = threadId;
        public IReadOnlyList<string>? UploadIds { get; } = files.Count == 0 ? null : [.. files.Select(f => f.UploadId!)];
        public string? Error { get; set; }

        public MessageView View { get; set; } = new(
            0, threadId, content.Trim(), MessageType.Text, sender.UserId, sender.DisplayName, SenderType.User,
            utcNow, MessageStatus.Sending, replyTo?.Id, replyTo, null, false, key, null, [.. files.Select(f => f.AsPendingAttachment())]);
    }
}
