using Microsoft.AspNetCore.Components;
using Microsoft.JSInterop;
using MudBlazor;
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

    private long? _revealId;
    private long? _jumpedTo;
    private long? _chainId;

    /// <summary>A message to open the thread at (from a search result's link): loaded, scrolled into view, highlighted.</summary>
    [Parameter] public long? JumpTo { get; set; }

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

    private async Task JumpFromParameterAsync(CancellationToken ct)
    {
        if (JumpTo is null)
            _jumpedTo = null; // the same link followed again later jumps again
        if (JumpTo is not { } id || id == _jumpedTo || _thread is null)
            return;
        _jumpedTo = id;
        await JumpToAsync(id, ct);
    }

    /// <summary>
    /// Shows a message of this thread: when it is older than the loaded pages, history is loaded back to it (never
    /// beyond it), so the list stays one unbroken run and "load older" and live updates work as before.
    /// </summary>
    private Task JumpToAsync(long messageId) => JumpToAsync(messageId, _opening.Token);

    private async Task JumpToAsync(long messageId, CancellationToken ct)
    {
        if (!_timeline.Contains(messageId))
        {
            try
            {
                var target = await Messages.GetMessageAsync(_me, messageId, ct);
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
                while (_timeline.HasOlder && !_timeline.Contains(messageId))
                    _timeline.AddOlder(await Messages.GetHistoryAsync(_me, ThreadId, _timeline.OlderCursor, JumpPageSize, ct));
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
    private async Task OnReplyEventAsync(MessageView message, bool posted, CancellationToken ct)
    {
        if ((posted || message.Deleted) && _timeline.ShowsOriginalOf(message))
        {
            // Read back rather than count here: the same post can arrive both in a loaded page and as an event.
            try
            {
                _timeline.Merge([await Messages.GetMessageAsync(_me, message.ReplyToId!.Value, ct)]);
            }
            catch (ChatNotFoundException)
            {
                // Gone meanwhile; nothing to update.
            }
        }
        if (!posted && _timeline.RefreshQuotes(message))
            Snackbar.Add("The message you were replying to was deleted.", Severity.Info);
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
