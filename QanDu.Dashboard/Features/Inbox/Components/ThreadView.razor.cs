using Microsoft.AspNetCore.Components;
using Microsoft.Extensions.Options;
using Microsoft.JSInterop;
using QanDu.Dashboard.Components;
using QanDu.Dashboard.Data.Entities;
using QanDu.Dashboard.Features.Access;
using QanDu.Dashboard.Features.Files;
using QanDu.Dashboard.Features.Messages;
using QanDu.Dashboard.Features.Presence;
using QanDu.Dashboard.Features.ReadState;
using QanDu.Dashboard.Features.Threads;
using QanDu.Dashboard.Realtime;

namespace QanDu.Dashboard.Features.Inbox.Components;

/// <summary>
/// One open thread: the newest page of messages, older pages on demand, and live updates from the event bus.
/// Sent messages show as "sending" until committed, and "failed" with a retry that reuses the idempotency key.
/// </summary>
public sealed partial class ThreadView : IAsyncDisposable
{
    private readonly List<MessageView> _messages = [];
    private readonly List<PendingMessage> _pending = [];
    private ElementReference _scroller;
    private IDisposable? _subscription;
    private DotNetObjectReference<ThreadView>? _self;
    private ChatCaller _me = null!;
    private ThreadSummary? _thread;
    private string? _error;
    private bool _canRetry;
    private string? _olderError;
    private bool _hasOlder;
    private long? _olderCursor;
    private bool _loadingOlder;
    private long _markedRead;
    private bool _markReadAfterRender;
    private long _loadedThreadId;
    private ScrollIntent _scroll = ScrollIntent.None;

    [Inject] private MessageService Messages { get; set; } = null!;
    [Inject] private MessageEditService Edits { get; set; } = null!;
    [Inject] private ThreadService Threads { get; set; } = null!;
    [Inject] private ReadStateService ReadState { get; set; } = null!;
    [Inject] private FileStore Files { get; set; } = null!;
    [Inject] private IChatEvents Events { get; set; } = null!;
    [Inject] private CurrentUser CurrentUser { get; set; } = null!;
    [Inject] private UserTime Time { get; set; } = null!;
    [Inject] private TimeProvider Clock { get; set; } = null!;
    [Inject] private IJSRuntime Js { get; set; } = null!;
    [Inject] private ILogger<ThreadView> Logger { get; set; } = null!;
    [Inject] private TypingService Typing { get; set; } = null!;
    [Inject] private IOptions<PresenceOptions> PresenceSettings { get; set; } = null!;

    [Parameter, EditorRequired] public long ThreadId { get; set; }

    /// <summary>Where "back to the inbox" leads: the inbox with the view and filters the thread was opened from.</summary>
    [Parameter] public string InboxHref { get; set; } = "/";

    /// <summary>Told the thread's title once it is known, for the page title.</summary>
    [Parameter] public EventCallback<string?> TitleChanged { get; set; }

    /// <summary>A direct thread's other person, whose presence the header avatar shows.</summary>
    private string? DirectPartner => _thread?.Type == ThreadType.Direct
        ? _thread.Participants.FirstOrDefault(p => p.UserId != _me.UserId)?.UserId
        : null;

    protected override async Task OnParametersSetAsync()
    {
        if (ThreadId == _loadedThreadId)
        {
            await JumpFromParameterAsync();
            return;
        }
        _loadedThreadId = ThreadId;
        _me = await CurrentUser.GetAsync();
        _subscription?.Dispose();
        _messages.Clear();
        _pending.Clear();
        _thread = null;
        _error = null;
        _canRetry = false;
        _olderError = null;
        _markedRead = 0;
        _editingId = null;
        (_replyTo, _revealId, _jumpedTo, _chainId) = (null, null, null, null);
        (_suggestFor, _insertedSuggestion) = (null, null);
        _readers = [];
        _dividerBefore = null;
        _dividerPlaced = false;
        // Subscribe before loading, so nothing posted in between is missed; events are de-duplicated by id.
        var threadId = ThreadId;
        _subscription = Events.Subscribe(threadId, e => InvokeAsync(() => OnEventAsync(threadId, e)));
        try
        {
            _thread = await Threads.GetThreadAsync(_me, threadId);
            await LoadLatestAsync();
            await TitleChanged.InvokeAsync(_thread.DisplayTitle);
            await JumpFromParameterAsync();
        }
        catch (ChatNotFoundException)
        {
            // Not this user's thread: hear nothing more of it.
            _subscription?.Dispose();
            _subscription = null;
            _error = "This conversation does not exist, or you are not part of it.";
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            Logger.LogError(ex, "Could not load thread {ThreadId}", threadId);
            _thread = null;
            _error = "Could not load this conversation. Check the connection and try again.";
            _canRetry = true;
        }
    }

    private Task RetryLoadAsync()
    {
        _loadedThreadId = 0;
        _error = null;
        return OnParametersSetAsync();
    }

    private async Task LoadLatestAsync()
    {
        var page = await Messages.GetHistoryAsync(_me, ThreadId, before: null, limit: null);
        _messages.Clear();
        Merge(page.Messages);
        _hasOlder = page.HasOlder;
        _olderCursor = page.OlderCursor;
        _scroll = ScrollIntent.Bottom;
        await PlaceDividerAsync();
        // Marked read after the first interactive render: prerendering must not read it, or the circuit that
        // follows would open it with nothing unread and no "New messages" line.
        _markReadAfterRender = true;
    }

    private async Task LoadOlderAsync()
    {
        if (_loadingOlder || !_hasOlder)
            return;
        _loadingOlder = true;
        _olderError = null;
        try
        {
            await Js.InvokeVoidAsync("qandu.messages.remember", _scroller);
            var page = await Messages.GetHistoryAsync(_me, ThreadId, _olderCursor, limit: null);
            Merge(page.Messages);
            _hasOlder = page.HasOlder;
            _olderCursor = page.OlderCursor;
            _scroll = ScrollIntent.KeepPosition;
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

    private async Task OnEventAsync(long threadId, ChatEvent chatEvent)
    {
        if (threadId != ThreadId || _thread is null)
            return;
        switch (chatEvent)
        {
            case MessagePosted { Message: var snapshot }:
            {
                var message = MessageProjection.FromSnapshot(_me, snapshot);
                _pending.RemoveAll(p => p.Key == message.ClientKey && message.SenderId == _me.UserId);
                Merge([message], fromEvent: true);
                _scroll = ScrollIntent.BottomIfNear;
                if (_thread.Status == ThreadStatus.Archived)
                    _thread = _thread with { Status = ThreadStatus.Active }; // the writer brought it back
                if (message.SenderId != _me.UserId)
                {
                    OnIncomingForSuggestions(message);
                    StateHasChanged(); // show it first: the read receipt is a database write that can wait for the writer
                    await MarkReadAsync();
                }
                await OnReplyEventAsync(message, posted: true);
                break;
            }
            case MessageUpdated { Message: var snapshot }:
            {
                var message = MessageProjection.FromSnapshot(_me, snapshot);
                // Only within the loaded range: an edit or analysis of an older, unloaded message must not slip into
                // the list out of its page (it arrives with its page when the reader goes up), nor cost a render.
                if (_messages.Count > 0 && message.Id < _messages[0].Id
                    && !_messages.Exists(m => m.ReplyTo?.Id == message.Id) && _replyTo?.Id != message.Id)
                    return;
                Merge([message], fromEvent: true);
                await OnReplyEventAsync(message, posted: false);
                break;
            }
            case ReactionChanged change when _messages.Exists(m => m.Id == change.MessageId):
                // Read back rather than trust the payload: two reactions committed close together may publish out of order.
                ApplyReactions(change.MessageId, await Reactions.GetAsync(_me, change.MessageId));
                break;
            case MessagesStatusChanged change when change.ExceptSenderId != _me.UserId:
                for (var i = 0; i < _messages.Count; i++)
                    if (_messages[i].Id <= change.UpToMessageId && _messages[i].SenderId != change.ExceptSenderId
                        && _messages[i].Status < change.Status && _messages[i].Status >= MessageStatus.Sent)
                        _messages[i] = _messages[i] with { Status = change.Status };
                break;
            case ReadStateChanged read:
                OnReadStateChanged(read);
                break;
            case ThreadChanged:
                _thread = await Threads.GetThreadAsync(_me, ThreadId);
                _readers = [.. await ReadState.GetReadersAsync(_me, ThreadId)]; // participants may have changed
                break;
            case ResyncRequired:
                await LoadLatestAsync();
                break;
            default:
                return;
        }
        StateHasChanged();
    }

    /// <summary>
    /// Adds or replaces messages by id, keeping the list in id order. A message from the bus carries no reactions or
    /// reply count: the ones already shown stay (they change through their own events).
    /// </summary>
    private void Merge(IEnumerable<MessageView> incoming, bool fromEvent = false)
    {
        foreach (var message in incoming)
        {
            var index = _messages.BinarySearch(message, ById);
            if (index >= 0)
                _messages[index] = (fromEvent ? message with { Reactions = _messages[index].Reactions, ReplyCount = _messages[index].ReplyCount } : message)
                    with { Status = Forward(_messages[index].Status, message.Status) };
            else
                _messages.Insert(~index, message);
        }
    }

    /// <summary>Receipts only move forward: a late "sent" must not undo a "read" that arrived first.</summary>
    private static MessageStatus Forward(MessageStatus current, MessageStatus incoming) =>
        current is >= MessageStatus.Sent and <= MessageStatus.Read && incoming >= MessageStatus.Sent && incoming < current
            ? current
            : incoming;

    private static readonly Comparer<MessageView> ById = Comparer<MessageView>.Create((a, b) => a.Id.CompareTo(b.Id));

    private async Task MarkReadAsync()
    {
        var last = _messages.LastOrDefault(m => m.SenderId != _me.UserId)?.Id ?? 0;
        if (last <= _markedRead)
            return;
        _markedRead = last;
        await ReadState.MarkAsync(_me, ThreadId, last, MessageStatus.Read);
    }

    private static bool IsContinuation(MessageView? previous, MessageView message) =>
        previous is not null && previous.SenderId == message.SenderId && !previous.Deleted
        && message.ReplyToId is null && message.Timestamp - previous.Timestamp < TimeSpan.FromMinutes(5);

    protected override async Task OnAfterRenderAsync(bool firstRender)
    {
        if (_thread is null)
            return;
        var intent = _scroll;
        _scroll = ScrollIntent.None;
        try
        {
            await Js.InvokeVoidAsync("qandu.messages.attach", _scroller, _self ??= DotNetObjectReference.Create(this));
            if (intent != ScrollIntent.None)
                await Js.InvokeVoidAsync("qandu.messages.scroll", _scroller, intent.ToString());
            if (_markReadAfterRender)
            {
                _markReadAfterRender = false;
                await MarkReadAsync();
            }
            await RevealAsync();
        }
        catch (JSDisconnectedException)
        {
            // The circuit is gone; nothing to scroll or to mark read.
        }
        catch (ChatNotFoundException)
        {
            // Removed from the thread meanwhile: the ThreadChanged event shows that; nothing to mark read.
        }
    }

    public ValueTask DisposeAsync()
    {
        _subscription?.Dispose();
        _self?.Dispose();
        return ValueTask.CompletedTask;
    }

    private enum ScrollIntent { None, Bottom, BottomIfNear, KeepPosition, Divider }
}
