using Microsoft.AspNetCore.Components;
using Microsoft.JSInterop;
using MudBlazor;
using QanDu.Dashboard.Components;
using QanDu.Dashboard.Data.Entities;
using QanDu.Dashboard.Features.Access;
using QanDu.Dashboard.Features.Analysis;
using QanDu.Dashboard.Features.Assistant.Feedback;
using QanDu.Dashboard.Features.Audit;
using QanDu.Dashboard.Features.Messages;
using QanDu.Dashboard.Features.Monitoring;
using QanDu.Dashboard.Features.Reactions;
using QanDu.Dashboard.Features.ReadState;
using QanDu.Dashboard.Features.Threads;
using QanDu.Dashboard.Realtime;

namespace QanDu.Dashboard.Features.Inbox.Components;

/// <summary>
/// One open thread: the newest page of messages, older pages on demand, and live updates from the event bus. The list and
/// its rules are a <see cref="ThreadTimeline"/>; this component reads, writes, listens and renders. What it does for a thread
/// is cancelled when another thread is opened in it or it goes away.
/// </summary>
public sealed partial class ThreadView : IAsyncDisposable
{
    /// <summary>At most this many older pages are loaded on opening to reach where the agent left off.</summary>
    private const int MaxPagesToReachDivider = 4;

    private ThreadTimeline _timeline = null!;
    private ThreadFeedback _feedback = new();
    private AnalysisSenders _senders = new(); // whose messages show analysis chips: customers', not staff's
    private CancellationTokenSource _opening = new();
    private ElementReference _scroller;
    private IDisposable? _subscription;
    private DotNetObjectReference<ThreadView>? _self;
    private ChatCaller _me = null!;
    private ThreadSummary? _thread;
    private string? _error;
    private bool _canRetry;
    private string? _olderError;
    private bool _loadingOlder;
    private bool _markReadAfterRender;
    private long _loadedThreadId;
    private ScrollIntent _scroll = ScrollIntent.None;
    private long? _revealId;
    private long? _jumpedTo;
    private bool _contactPanelOpen; // a customer conversation's contact panel (ContactPanelToggle opens it on wide screens)
    private bool _summaryOpen; // the summary panel (the header's Summarize); closed when another thread opens
    private IDisposable? _viewing; // this tab in the thread's viewers, left when another thread opens or the view goes away
    private bool _enterAfterRender;
    private IReadOnlyList<ConversationViewer> _viewers = [];

    [Inject] private MessageService Messages { get; set; } = null!;
    [Inject] private MessageEditService Edits { get; set; } = null!;
    [Inject] private ThreadService Threads { get; set; } = null!;
    [Inject] private ReadStateService ReadState { get; set; } = null!;
    [Inject] private ConversationViewers Viewers { get; set; } = null!;
    [Inject] private Whispers Whispers { get; set; } = null!;
    [Inject] private ReactionService Reactions { get; set; } = null!;
    [Inject] private FeedbackService Feedback { get; set; } = null!;
    [Inject] private AnalysisAudience AnalysisAudience { get; set; } = null!;
    [Inject] private IChatEvents Events { get; set; } = null!;
    [Inject] private CurrentUser CurrentUser { get; set; } = null!;
    [Inject] private CurrentActor CurrentActor { get; set; } = null!;
    [Inject] private UserTime Time { get; set; } = null!;
    [Inject] private TimeProvider Clock { get; set; } = null!;
    [Inject] private IJSRuntime Js { get; set; } = null!;
    [Inject] private ISnackbar Snackbar { get; set; } = null!;
    [Inject] private ILogger<ThreadView> Logger { get; set; } = null!;

    [Parameter, EditorRequired] public long ThreadId { get; set; }

    /// <summary>A message to open the thread at (from a search result's link): loaded, scrolled into view, highlighted.</summary>
    [Parameter] public long? JumpTo { get; set; }

    /// <summary>Where "back to the inbox" leads: the inbox with the view and filters the thread was opened from.</summary>
    [Parameter] public string InboxHref { get; set; } = "/";

    /// <summary>Told the thread's title once it is known, for the page title.</summary>
    [Parameter] public EventCallback<string?> TitleChanged { get; set; }

    /// <summary>
    /// A supervisor looking on (<c>/monitor/conversations/{id}</c>): the conversation live, without moving their read
    /// position or anyone's receipts, listed to other viewers as looking on (never to the agent), and the only composer
    /// whispers to the agent (<see cref="Features.Monitoring.Whispers"/>).
    /// </summary>
    [Parameter] public bool LookingOn { get; set; }

    /// <summary>A direct thread's other person, whose presence the header avatar shows.</summary>
    private string? DirectPartner => _thread?.Type == ThreadType.Direct
        ? _thread.Participants.FirstOrDefault(p => p.UserId != _me.UserId)?.UserId
        : null;

    protected override async Task OnParametersSetAsync()
    {
        if (ThreadId == _loadedThreadId)
        {
            await JumpFromParameterAsync(_opening.Token);
            return;
        }
        _loadedThreadId = ThreadId;
        // Not disposed: work for the thread shown before may still be finishing, and reads its token.
        await _opening.CancelAsync();
        _opening = new CancellationTokenSource();
        var ct = _opening.Token;
        _me = await CurrentUser.GetAsync();
        _subscription?.Dispose();
        LeaveViewers();
        var threadId = ThreadId;
        _timeline = new ThreadTimeline(threadId, _me);
        (_thread, _error, _canRetry, _olderError, _editingId) = (null, null, false, null, null);
        (_revealId, _jumpedTo, _chainId) = (null, null, null);
        (_suggestFor, _insertedSuggestion, _summaryOpen) = (null, null, false);
        // Subscribe before loading, so nothing posted in between is missed; events are de-duplicated by id.
        _subscription = Events.Subscribe(threadId, e => InvokeAsync(() => OnEventAsync(threadId, e, ct)));
        try
        {
            _thread = await Threads.GetThreadAsync(_me, threadId, ct);
            await LoadLatestAsync(ct);
            await TitleChanged.InvokeAsync(_thread.DisplayTitle);
            await JumpFromParameterAsync(ct);
        }
        catch (Exception) when (ct.IsCancellationRequested)
        {
            // Another thread was opened here, or the view closed, while this one loaded: nothing to show or report.
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

    private async Task LoadLatestAsync(CancellationToken ct)
    {
        _timeline.ShowLatest(await Messages.GetHistoryAsync(_me, ThreadId, before: null, limit: null, ct));
        _scroll = ScrollIntent.Bottom;
        // Where the reader left off: older pages (a few at most) are loaded until it is in the list.
        _timeline.ReadersLoaded(await ReadState.GetReadersAsync(_me, ThreadId, ct));
        for (var page = 0; page < MaxPagesToReachDivider && _timeline.DividerWantsOlderPage; page++)
            _timeline.AddOlder(await Messages.GetHistoryAsync(_me, ThreadId, _timeline.OlderCursor, limit: null, ct));
        if (_timeline.PlaceDivider())
            _scroll = ScrollIntent.Divider;
        _feedback = new ThreadFeedback(); // read afresh: after a resync, ratings may have been missed
        await LoadFeedbackAsync(ct);
        await LoadSendersAsync(ct);
        // Marked read after the first interactive render: prerendering must not read it, or the circuit that
        // follows would open it with nothing unread and no "New messages" line.
        _markReadAfterRender = true;
        _enterAfterRender = _viewing is null;
    }

    protected override async Task OnAfterRenderAsync(bool firstRender)
    {
        if (_thread is null)
            return;
        var intent = _scroll;
        _scroll = ScrollIntent.None;
        var ct = _opening.Token;
        try
        {
            await Js.InvokeVoidAsync("qandu.messages.attach", _scroller, _self ??= DotNetObjectReference.Create(this));
            if (intent != ScrollIntent.None)
                await Js.InvokeVoidAsync("qandu.messages.scroll", _scroller, intent.ToString());
            if (_enterAfterRender)
            {
                _enterAfterRender = false;
                EnterViewers();
            }
            if (_markReadAfterRender)
            {
                _markReadAfterRender = false;
                await MarkReadAsync(ct);
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
        catch (OperationCanceledException) when (ct.IsCancellationRequested)
        {
            // The thread closed before its messages were marked read: they stay unread.
        }
    }

    private async Task RevealAsync()
    {
        if (_revealId is not { } id)
            return;
        _revealId = null;
        await Js.InvokeVoidAsync("qandu.messages.reveal", _scroller, id);
    }

    /// <summary>
    /// Joins the thread's viewers once interactive (a prerender is thrown away at once, and would only flicker the others'
    /// headers); ViewersChanged brings every change after this.
    /// </summary>
    private void EnterViewers()
    {
        LeaveViewers();
        _viewing = Viewers.Enter(ThreadId, _me.UserId, _me.DisplayName, LookingOn);
        _viewers = Viewers.Get(ThreadId);
        StateHasChanged();
    }

    private void LeaveViewers()
    {
        _viewing?.Dispose();
        _viewing = null;
        _viewers = [];
    }

    public async ValueTask DisposeAsync()
    {
        await _opening.CancelAsync();
        LeaveViewers(); // also when the tab closes: the circuit disposes its components
        _subscription?.Dispose();
        _self?.Dispose();
    }

    private enum ScrollIntent { None, Bottom, BottomIfNear, KeepPosition, Divider }
}
