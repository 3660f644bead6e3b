using Microsoft.JSInterop;
using MudBlazor;
using QanDu.Dashboard.Data.Entities;
using QanDu.Dashboard.Features.Access;
using QanDu.Dashboard.Features.Messages;
using QanDu.Dashboard.Realtime;

namespace QanDu.Dashboard.Features.Inbox.Components;

/// <summary>
/// How the list changes once it is open: what the event bus reports through the view's one subscription (posts, edits
/// and deletions, reactions, receipts and read positions, ratings of the assistant's replies, changes to the thread,
/// resyncs), older history loaded on demand or back to a message jumped to, and the thumbs under the assistant's replies.
/// </summary>
public sealed partial class ThreadView
{
    /// <summary>Pages of this size are loaded back to a jump target: few round trips, and the list stays contiguous.</summary>
    private const int JumpPageSize = 200;

    private async Task OnEventAsync(long threadId, ChatEvent chatEvent, CancellationToken ct)
    {
        if (threadId != ThreadId || _thread is null)
            return;
        switch (chatEvent)
        {
            case MessagePosted { Message: var snapshot }:
                await OnPostedAsync(await Messages.ShapeAsync(_me, MessageProjection.FromSnapshot(_me, snapshot), ct), ct);
                break;
            case MessageUpdated { Message: var snapshot }:
            {
                var message = await Messages.ShapeAsync(_me, MessageProjection.FromSnapshot(_me, snapshot), ct);
                if (_timeline.IsOutsideLoadedRange(message))
                    return;
                _timeline.MergeFromEvent(message);
                await OnReplyEventAsync(message, posted: false, ct);
                await LoadFeedbackAsync(ct); // an assistant's reply that just finished
                break;
            }
            case ReactionChanged change when _timeline.Contains(change.MessageId):
                // Read back rather than trust the payload: two reactions committed close together may publish out of order.
                _timeline.ApplyReactions(change.MessageId, await Reactions.GetAsync(_me, change.MessageId, ct));
                break;
            case MessagesStatusChanged change:
                if (!_timeline.ApplyStatus(change))
                    return;
                break;
            case AiFeedbackChanged change when _feedback.Tracks(change.MessageId):
                await ReadFeedbackAsync(change.MessageId, ct);
                break;
            case ReadStateChanged read:
                _timeline.ApplyReadState(read, Clock.GetUtcNow().UtcDateTime);
                break;
            case ThreadChanged:
                _thread = await Threads.GetThreadAsync(_me, ThreadId, ct);
                _timeline.ParticipantsChanged(await ReadState.GetReadersAsync(_me, ThreadId, ct));
                break;
            case ViewersChanged viewers:
                _viewers = viewers.Viewers;
                break;
            case ResyncRequired:
                await LoadLatestAsync(ct);
                if (_viewing is not null)
                    _viewers = Viewers.Get(ThreadId); // changes may have been dropped with the rest
                break;
            default:
                return;
        }
        StateHasChanged();
    }

    private async Task OnPostedAsync(MessageView message, CancellationToken ct)
    {
        _timeline.Posted(message);
        _scroll = ScrollIntent.BottomIfNear;
        if (_thread!.Status != ThreadStatus.Active && !message.IsPrivate)
            _thread = _thread with { Status = ThreadStatus.Active, SnoozedUntil = null, ResolvedAt = null }; // the writer brought it back
        if (message.SenderId != _me.UserId)
        {
            OnIncomingForSuggestions(message);
            StateHasChanged(); // show it first: the read receipt is a database write that can wait for the writer
            await MarkReadAsync(ct);
        }
        await OnReplyEventAsync(message, posted: true, ct);
        await LoadFeedbackAsync(ct);
        await LoadSendersAsync(ct);
    }

    /// <summary>The thumbs under the assistant's replies just loaded or finished: one read for all of them.</summary>
    private async Task LoadFeedbackAsync(CancellationToken ct)
    {
        var feedback = _feedback;
        var ids = feedback.TakeToRead(_timeline.Messages);
        if (ids.Count == 0)
            return;
        try
        {
            feedback.Read(ids, await Feedback.GetForThreadAsync(_me, ThreadId, ids, ct));
        }
        catch (ChatNotFoundException)
        {
            // Removed from the thread meanwhile: the ThreadChanged event shows that.
        }
        catch (Exception ex) when (ex is not OperationCanceledException && !ct.IsCancellationRequested)
        {
            // The thread works without them: the thumbs stay disabled.
            Logger.LogWarning(ex, "Could not read the feedback on the assistant's replies in thread {ThreadId}", ThreadId);
        }
    }

    /// <summary>Which of the loaded messages' senders are staff: only others' messages show their analysis chips.</summary>
    private async Task LoadSendersAsync(CancellationToken ct)
    {
        var senders = _senders;
        var unknown = senders.Unknown(_timeline.Messages);
        if (unknown.Count == 0)
            return;
        try
        {
            senders.Read(unknown, await AnalysisAudience.StaffAmongAsync(unknown, ct));
        }
        catch (Exception ex) when (ex is not OperationCanceledException && !ct.IsCancellationRequested)
        {
            // The thread works without them: the chips stay hidden.
            Logger.LogWarning(ex, "Could not read whose messages in thread {ThreadId} show their analysis", ThreadId);
        }
    }

    /// <summary>Someone rated: read back rather than trust the payload, as two ratings committed close together may publish out of order.</summary>
    private async Task ReadFeedbackAsync(long messageId, CancellationToken ct)
    {
        var feedback = _feedback;
        try
        {
            feedback.Changed(messageId, await Feedback.GetAsync(_me, messageId, ct));
        }
        catch (ChatNotFoundException)
        {
            feedback.Changed(messageId, null); // gone, or out of sight: nothing to rate
        }
    }

    /// <summary>Who looks on reads nothing: no cursor moves, no "seen" reaches the customer or the agent.</summary>
    private async Task MarkReadAsync(CancellationToken ct)
    {
        if (LookingOn)
            return;
        if (_timeline.NextReadReceipt() is { } upTo)
            await ReadState.MarkAsync(_me, ThreadId, upTo, MessageStatus.Read, ct);
    }

    /// <summary>A message from someone else arrived: suggest replies to it.</summary>
    private void OnIncomingForSuggestions(MessageView message)
    {
        if (Suggests && message is { SenderType: SenderType.User, Deleted: false, Content.Length: > 0 })
            _suggestFor = message.Id;
    }

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

    private async Task LoadOlderAsync()
    {
        if (_loadingOlder || !_timeline.HasOlder)
            return;
        var ct = _opening.Token;
        _loadingOlder = true;
        _olderError = null;
        try
        {
            await Js.InvokeVoidAsync("qandu.messages.remember", _scroller);
            _timeline.AddOlder(await Messages.GetHistoryAsync(_me, ThreadId, _timeline.OlderCursor, limit: null, ct));
            _scroll = ScrollIntent.KeepPosition;
            await LoadFeedbackAsync(ct);
            await LoadSendersAsync(ct);
        }
        catch (Exception) when (ct.IsCancellationRequested)
        {
            // The thread closed while its older messages loaded.
        }
        catch (Exception ex) when (ex is not (OperationCanceledException or JSDisconnectedException))
        {
            Logger.LogError(ex, "Could not load older messages of thread {ThreadId}", ThreadId);
            _olderError = "Could not load older messages.";
        }
        finally
        {
            _loadingOlder = false;
        }
    }

    /// <summary>Called from the browser when the list is scrolled near its top.</summary>
    [JSInvokable]
    public Task OnScrolledToTopAsync() => InvokeAsync(async () =>
    {
        await LoadOlderAsync();
        StateHasChanged();
    });

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
                await LoadFeedbackAsync(ct);
                await LoadSendersAsync(ct);
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
}
