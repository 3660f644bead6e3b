using Microsoft.AspNetCore.Components;
using Microsoft.JSInterop;
using MudBlazor;
using QanDu.Dashboard.Data.Entities;
using QanDu.Dashboard.Features.Access;
using QanDu.Dashboard.Features.Messages;

namespace QanDu.Dashboard.Features.Inbox.Components;

/// <summary>
/// Replies in the open thread: the quote in the composer, jumping to a message (a quoted original, a reply in the
/// chain, a search result), live reply counts, and the reply chain panel.
/// </summary>
public sealed partial class ThreadView
{
    /// <summary>Pages of this size are loaded back to a jump target: few round trips, and the list stays contiguous.</summary>
    private const int JumpPageSize = 200;

    private ReplyPreview? _replyTo;
    private long? _revealId;
    private long? _jumpedTo;
    private long? _chainId;

    /// <summary>A message to open the thread at (from a search result's link): loaded, scrolled into view, highlighted.</summary>
    [Parameter] public long? JumpTo { get; set; }

    private async Task StartReplyAsync(MessageView message)
    {
        if (message.Id == 0 || message.Deleted)
            return;
        _editingId = null;
        _replyTo = new ReplyPreview(message.Id, message.SenderName, MessageProjection.Preview(message.Content));
        StateHasChanged();
        await FocusComposerAsync();
    }

    /// <summary>Shift+Up in an empty composer: reply to the newest message that can be replied to.</summary>
    private async Task ReplyToLastAsync()
    {
        if (_messages.LastOrDefault(m => !m.Deleted) is { } last)
            await StartReplyAsync(last);
    }

    private async Task CancelReplyAsync()
    {
        _replyTo = null;
        StateHasChanged();
        await FocusComposerAsync();
    }

    private async Task JumpFromParameterAsync()
    {
        if (JumpTo is null)
            _jumpedTo = null; // the same link followed again later jumps again
        if (JumpTo is not { } id || id == _jumpedTo || _thread is null)
            return;
        _jumpedTo = id;
        await JumpToAsync(id);
    }

    /// <summary>
    /// Shows a message of this thread: when it is older than the loaded pages, history is loaded back to it (never
    /// beyond it), so the list stays one unbroken run and "load older" and live updates work as before.
    /// </summary>
    private async Task JumpToAsync(long messageId)
    {
        if (!_messages.Exists(m => m.Id == messageId))
        {
            try
            {
                var target = await Messages.GetMessageAsync(_me, messageId);
                if (target.ThreadId != ThreadId)
                    throw new ChatNotFoundException($"Message {messageId}");
            }
            catch (ChatNotFoundException)
            {
                Snackbar.Add("That message is not in this conversation any more.", Severity.Warning);
                return;
            }
            _loadingOlder = true;
            StateHasChanged();
            try
            {
                while (_hasOlder && !_messages.Exists(m => m.Id == messageId))
                {
                    var page = await Messages.GetHistoryAsync(_me, ThreadId, _olderCursor, JumpPageSize);
                    Merge(page.Messages);
                    _hasOlder = page.HasOlder;
                    _olderCursor = page.OlderCursor;
                }
            }
            finally
            {
                _loadingOlder = false;
            }
        }
        _scroll = ScrollIntent.None;
        _revealId = messageId;
        StateHasChanged();
    }

    private async Task JumpFromChainAsync(long messageId)
    {
        await JumpToAsync(messageId);
        if (await IsNarrowAsync())
            _chainId = null; // the panel covers the whole thread on a phone
    }

    private void ShowReplies(long messageId) => _chainId = messageId;

    private void CloseReplies() => _chainId = null;

    /// <summary>Keeps reply counts and quotes of loaded messages current as replies come and go and originals change.</summary>
    private async Task OnReplyEventAsync(MessageView message, bool posted)
    {
        if (message.ReplyToId is { } originalId && _messages.Exists(m => m.Id == originalId)
            && (posted || message.Deleted))
        {
            // Read back rather than count here: the same post can arrive both in a loaded page and as an event.
            try
            {
                var original = await Messages.GetMessageAsync(_me, originalId);
                Merge([original]);
            }
            catch (ChatNotFoundException)
            {
                // Gone meanwhile; nothing to update.
            }
        }
        if (posted)
            return;
        var quote = new ReplyPreview(message.Id, message.SenderName, message.Deleted ? "" : MessageProjection.Preview(message.Content), message.Deleted);
        for (var i = 0; i < _messages.Count; i++)
            if (_messages[i].ReplyTo?.Id == message.Id)
                _messages[i] = _messages[i] with { ReplyTo = quote };
        if (_replyTo?.Id == message.Id)
        {
            _replyTo = message.Deleted ? null : quote;
            if (message.Deleted)
                Snackbar.Add("The message you were replying to was deleted.", Severity.Info);
        }
    }

    private async Task RevealAsync()
    {
        if (_revealId is not { } id)
            return;
        _revealId = null;
        await Js.InvokeVoidAsync("qandu.messages.reveal", _scroller, id);
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
