using Microsoft.JSInterop;
using MudBlazor;
using QanDu.Dashboard.Data;
using QanDu.Dashboard.Data.Entities;
using QanDu.Dashboard.Features.Access;
using QanDu.Dashboard.Features.Assistant.Suggestions;
using QanDu.Dashboard.Features.Files.Components;
using QanDu.Dashboard.Features.Messages;
using QanDu.Dashboard.Realtime;

namespace QanDu.Dashboard.Features.Inbox.Components;

/// <summary>
/// What the agent does in the open thread: send (shown at once as "sending", "failed" with a retry that reuses the
/// idempotency key), send a suggested reply, edit and delete their messages (one inline editor at a time), react, mark
/// unread from a message, quote a message to reply to it, and open a message's reply chain.
/// </summary>
public sealed partial class ThreadView
{
    private SuggestionBar? _suggestionBar;
    private long? _suggestFor;
    private long? _insertedSuggestion;
    private long? _editingId;
    private string? _editError;
    private long? _chainId;

    /// <summary>People in the thread steer its assistant; a supervisor looking on watches.</summary>
    private bool TakesPart => _thread?.Participants.Any(p => p.UserId == _me.UserId) == true;

    /// <summary>Reply suggestions are for people taking part in a conversation with people (not AI threads).</summary>
    private bool Suggests => TakesPart && !LookingOn && _thread?.Type != ThreadType.Ai;

    /// <summary>A suggestion's Send: posted like a typed message, then recorded (sent as is unless it differs).</summary>
    private Task SendSuggestionAsync(long suggestionId, string text) => SendAsync(new ComposerMessage(text, []), suggestionId);

    private Task SendAsync(ComposerMessage sent)
    {
        var inserted = _insertedSuggestion;
        _insertedSuggestion = null;
        return SendAsync(sent, inserted);
    }

    /// <summary>Sends, and when the text came from a suggestion, has the bar record it as sent as is or edited.</summary>
    private async Task SendAsync(ComposerMessage sent, long? suggestionId)
    {
        var bar = _suggestionBar;
        bar?.Close();
        var timeline = _timeline;
        var pending = timeline.Send(sent, Clock.GetUtcNow().UtcDateTime);
        _scroll = ScrollIntent.Bottom;
        StateHasChanged();
        if (await PostAsync(timeline, pending) is { } posted && suggestionId is { } id && bar is not null)
            await bar.SentAsync(id, posted.Id);
    }

    /// <summary>Retries with the same idempotency key, so a post that did commit is not stored twice.</summary>
    private async Task RetryAsync(PendingMessage pending)
    {
        pending.Sending();
        StateHasChanged();
        await PostAsync(_timeline, pending);
    }

    /// <summary>The stored message, or null when it failed (it stays, marked failed, with Retry).</summary>
    private async Task<MessageView?> PostAsync(ThreadTimeline timeline, PendingMessage pending)
    {
        pending.Sending();
        try
        {
            // Not cancelled with the thread: the composer has let go of the text, so a send finishes even if the agent moves on.
            var request = new PostMessageRequest(pending.ThreadId, pending.Content, pending.Key, pending.View.ReplyToId, pending.UploadIds, pending.IsPrivate);
            var outcome = LookingOn
                ? await Whispers.PostAsync(_me, request, CancellationToken.None)
                : await Messages.PostAsync(_me, request, CancellationToken.None);
            timeline.Sent(pending, outcome.Message);
            return outcome.Message;
        }
        catch (Exception ex) when (ex is ChatValidationException or ChatForbiddenException)
        {
            pending.Fail(ex.Message);
        }
        catch (Exception ex) when (StorageErrors.WriteFailure(ex) is { } reason)
        {
            pending.Fail(StorageErrors.IsDiskFull(ex)
                ? "Not sent — the server's disk is full. Ask an administrator to free space, then retry."
                : $"Not sent — the server cannot write its database ({reason}). Ask an administrator, then retry.");
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            Logger.LogError(ex, "Could not send a message to thread {ThreadId}", pending.ThreadId);
            pending.Fail("Not sent — the server could not store it.");
        }
        return null;
    }

    private void StartEdit(long messageId) => (_editingId, _editError) = (messageId, null);

    /// <summary>Up arrow in an empty composer: edit the newest message of one's own that is not deleted.</summary>
    private void EditLastOwn()
    {
        if (_timeline.LastEditable is { } last)
            StartEdit(last.Id);
    }

    private async Task SaveEditAsync(long messageId, string text)
    {
        try
        {
            _timeline.Merge([await Edits.EditAsync(_me, messageId, text, _opening.Token)]);
            (_editingId, _editError) = (null, null);
            await FocusComposerAsync();
        }
        catch (Exception ex) when (ex is ChatValidationException or ChatForbiddenException or ChatNotFoundException)
        {
            _editError = ex.Message;
        }
    }

    private async Task CancelEditAsync()
    {
        (_editingId, _editError) = (null, null);
        await FocusComposerAsync();
    }

    /// <summary>Confirmed by the message's own menu before it gets here.</summary>
    private async Task DeleteAsync(long messageId)
    {
        try
        {
            _timeline.Merge([await Edits.DeleteAsync(_me, messageId, await CurrentActor.GetAsync(), _opening.Token)]);
        }
        catch (Exception ex) when (ex is ChatValidationException or ChatForbiddenException or ChatNotFoundException)
        {
            Snackbar.Add(ex.Message, Severity.Warning);
        }
    }

    /// <summary>Toggles the reader's reaction; the result shows at once, other circuits get it through ReactionChanged.</summary>
    private async Task ReactAsync(long messageId, string emoji)
    {
        try
        {
            var outcome = await Reactions.ToggleAsync(_me, messageId, emoji, _opening.Token);
            _timeline.ApplyReactions(messageId, outcome.Reactions);
        }
        catch (Exception ex) when (ex is ChatValidationException or ChatNotFoundException)
        {
            Snackbar.Add(ex.Message, Severity.Warning);
        }
    }

    /// <summary>Moves the agent's read position to before the message; the view leaves it unread until something new arrives.</summary>
    private async Task MarkUnreadFromAsync(long messageId)
    {
        try
        {
            var state = await ReadState.MarkUnreadFromAsync(_me, messageId, _opening.Token);
            _timeline.ApplyReadState(new ReadStateChanged(ThreadId, _me.UserId, state.LastReadMessageId), Clock.GetUtcNow().UtcDateTime);
        }
        catch (Exception ex) when (ex is ChatValidationException or ChatNotFoundException)
        {
            Snackbar.Add(ex.Message, Severity.Warning);
        }
    }

    private async Task StartReplyAsync(MessageView message)
    {
        if (!_timeline.StartReply(message))
            return;
        _editingId = null;
        StateHasChanged();
        await FocusComposerAsync();
    }

    /// <summary>Shift+Up in an empty composer: reply to the newest message that can be replied to.</summary>
    private async Task ReplyToLastAsync()
    {
        if (_timeline.LastRepliable is { } last)
            await StartReplyAsync(last);
    }

    private async Task CancelReplyAsync()
    {
        _timeline.CancelReply();
        StateHasChanged();
        await FocusComposerAsync();
    }

    private async Task JumpFromChainAsync(long messageId)
    {
        await JumpToAsync(messageId);
        if (await IsNarrowAsync())
            _chainId = null; // the panel covers the whole thread on a phone
    }

    private void ShowReplies(long messageId) => _chainId = messageId;

    private void CloseReplies() => _chainId = null;

    private async Task FocusComposerAsync()
    {
        try
        {
            await Js.InvokeVoidAsync("qandu.composer.focus");
        }
        catch (JSDisconnectedException)
        {
            // The circuit is gone; nothing to focus.
        }
    }

    private async Task<bool> IsNarrowAsync()
    {
        try
        {
            return await Js.InvokeAsync<bool>("qandu.messages.narrow");
        }
        catch (JSDisconnectedException)
        {
            return false;
        }
    }
}
