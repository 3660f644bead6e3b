using Microsoft.AspNetCore.Components;
using MudBlazor;
using QanDu.Dashboard.Data.Entities;
using QanDu.Dashboard.Features.Access;
using QanDu.Dashboard.Features.Labels;
using QanDu.Dashboard.Features.Teams;
using QanDu.Dashboard.Features.Messages;
using QanDu.Dashboard.Features.ReadState;
using QanDu.Dashboard.Features.Threads;
using QanDu.Dashboard.Realtime;

namespace QanDu.Dashboard.Features.Inbox.Components;

/// <summary>
/// The inbox: one view of the threads the user may see, with filters from the address bar, kept live by the event
/// bus (previews, order, unread counts, and threads entering or leaving the view as they are assigned, labelled,
/// archived or answered). Whether a changed thread belongs is asked of the service, so the list and the query agree.
/// </summary>
public sealed partial class ThreadList : IDisposable
{
    private readonly List<ThreadSummary> _threads = [];
    private readonly HashSet<long> _notMine = []; // threads this user may not see: their events are ignored
    private IDisposable? _subscription;
    private ChatCaller _me = null!;
    private bool _loading = true;
    private string? _error;
    private InboxQuery? _loadedQuery;
    private InboxQuery _shown = InboxQuery.Default; // the query without a label that no longer exists (a stale link)
    private InboxCounts? _counts;
    private IReadOnlyList<LabelView> _labels = [];
    private IReadOnlyList<TeamChoice> _teams = [];
    private readonly HashSet<long> _selected = [];

    [Inject] private InboxService Inbox { get; set; } = null!;
    [Inject] private ConversationLifecycle Lifecycle { get; set; } = null!;
    [Inject] private ReadStateService ReadState { get; set; } = null!;
    [Inject] private LabelService Labels { get; set; } = null!;
    [Inject] private TeamService Teams { get; set; } = null!;
    [Inject] private IChatEvents Events { get; set; } = null!;
    [Inject] private CurrentUser CurrentUser { get; set; } = null!;
    [Inject] private IDialogService Dialogs { get; set; } = null!;
    [Inject] private ISnackbar Snackbar { get; set; } = null!;
    [Inject] private NavigationManager Navigation { get; set; } = null!;
    [Inject] private ILogger<ThreadList> Logger { get; set; } = null!;

    /// <summary>The thread open beside the list; its new messages do not count as unread.</summary>
    [Parameter] public long? SelectedThreadId { get; set; }

    /// <summary>The view, filters and order to show.</summary>
    [Parameter] public InboxQuery Query { get; set; } = InboxQuery.Default;

    protected override async Task OnInitializedAsync()
    {
        _me = await CurrentUser.GetAsync();
        _subscription = Events.Subscribe(null, e => InvokeAsync(() => OnEventAsync(e)));
        _labels = await Labels.ListAsync();
        _teams = await Teams.ChoicesAsync(_me);
    }

    protected override async Task OnParametersSetAsync()
    {
        if (Query == _loadedQuery)
            return;
        _loading = _loadedQuery is null;
        await LoadAsync();
    }

    private async Task LoadAsync()
    {
        try
        {
            _error = null;
            _loadedQuery = Query;
            _shown = WithoutMissingLabel(Query);
            IReadOnlyList<ThreadSummary> threads;
            try
            {
                threads = await Inbox.GetThreadsAsync(_me, _shown);
            }
            catch (ChatValidationException ex) when (_shown.LabelId is not null && ex.Errors.ContainsKey("labelId"))
            {
                // Deleted between reading the labels and the threads: show the inbox without it, and say so.
                _labels = await Labels.ListAsync();
                _shown = WithoutMissingLabel(Query);
                threads = await Inbox.GetThreadsAsync(_me, _shown);
            }
            _threads.Clear();
            _threads.AddRange(threads);
            _selected.IntersectWith(threads.Select(t => t.Id)); // another view: what is no longer listed is no longer selected
            _counts = await Inbox.GetInboxCountsAsync(_me);
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            Logger.LogError(ex, "Could not load the thread list");
            _error = "Could not load your conversations.";
        }
        finally
        {
            _loading = false;
        }
    }

    private async Task OnEventAsync(ChatEvent chatEvent)
    {
        switch (chatEvent)
        {
            case MessagePosted { Message: var message }:
                await OnMessageAsync(MessageProjection.FromSnapshot(_me, message));
                break;
            case MessageUpdated { Message: var message } when Find(message.ThreadId) is { } index && _threads[index].LastMessageId == message.Id:
                _threads[index] = _threads[index] with { LastMessagePreview = message.Deleted ? "Message deleted" : MessageProjection.Preview(MessageProjection.FromSnapshot(_me, message)) };
                break;
            case ReadStateChanged read when read.UserId == _me.UserId && Find(read.ThreadId) is { } index:
                if (_shown.UnreadOnly)
                    await ReloadAsync(read.ThreadId);
                else if (read.LastReadMessageId >= (_threads[index].LastMessageId ?? 0))
                    _threads[index] = _threads[index] with { UnreadCount = 0 };
                else
                    await ReloadAsync(read.ThreadId);
                break;
            case ThreadChanged changed:
                _notMine.Remove(changed.ThreadId); // participants may have changed
                await ReloadAsync(changed.ThreadId);
                _counts = await Inbox.GetInboxCountsAsync(_me);
                break;
            case TeamsChanged:
                // Joining or leaving a team changes which conversations this person sees, and which team views they have.
                _teams = await Teams.ChoicesAsync(_me);
                _notMine.Clear();
                await LoadAsync();
                break;
            case LabelsChanged:
                _labels = await Labels.ListAsync();
                if (WithoutMissingLabel(Query) != _shown)
                    await LoadAsync(); // the label this list is filtered by was deleted
                break;
            case ResyncRequired:
                _labels = await Labels.ListAsync();
                await LoadAsync();
                break;
            default:
                return;
        }
        StateHasChanged();
    }

    private async Task OnMessageAsync(MessageView message)
    {
        // A message brings an archived thread back: it leaves the archived view and joins the active ones. A private note
        // (or a status line) leaves the preview and the status alone: the thread is read back as it is.
        if (Find(message.ThreadId) is not { } index || _shown.EffectiveStatus != ThreadStatus.Active || message.IsPrivate)
        {
            // Counts change only when a thread moved between views (it was archived); most messages leave them alone.
            if (await ReloadAsync(message.ThreadId))
                _counts = await Inbox.GetInboxCountsAsync(_me);
            return;
        }
        var fromOther = message.SenderId != _me.UserId;
        var open = message.ThreadId == SelectedThreadId;
        var thread = _threads[index];
        _threads[index] = thread with
        {
            LastMessageId = message.Id,
            LastMessagePreview = MessageProjection.Preview(message),
            LastMessageSenderName = message.SenderName,
            LastMessageAt = message.Timestamp,
            UnreadCount = fromOther && !open ? thread.UnreadCount + 1 : thread.UnreadCount,
            Status = ThreadStatus.Active,
        };
        Sort();
        // It reached this user's screen: delivered (the open thread marks it read instead).
        if (fromOther && !open && message.Status == MessageStatus.Sent)
        {
            StateHasChanged(); // show it first: the receipt is a database write that can wait for the writer
            await ReadState.MarkAsync(_me, message.ThreadId, message.Id, MessageStatus.Delivered);
        }
    }

    /// <summary>Asks the service whether the thread belongs in this view now; true when it entered or left the list.</summary>
    private async Task<bool> ReloadAsync(long threadId)
    {
        if (_notMine.Contains(threadId))
            return false;
        var index = Find(threadId);
        try
        {
            var thread = await Inbox.GetThreadInViewAsync(_me, _shown, threadId);
            // The open thread stays while it is read, even in "unread only", so it does not vanish under the reader.
            if (thread is null && index is { } i && !(_shown.UnreadOnly && threadId == SelectedThreadId))
            {
                _threads.RemoveAt(i);
                _selected.Remove(threadId);
            }
            else if (thread is not null && index is { } existing)
                _threads[existing] = thread;
            else if (thread is not null)
                _threads.Add(thread);
            else
                return false;
            Sort();
            return thread is null || index is null;
        }
        catch (ChatNotFoundException)
        {
            _notMine.Add(threadId);
            if (index is { } i) _threads.RemoveAt(i);
            return index is not null;
        }
    }

    private IReadOnlyList<long> InView => _threads.ConvertAll(t => t.Id);

    private void Check(long threadId, bool on)
    {
        if (on)
            _selected.Add(threadId);
        else
            _selected.Remove(threadId);
    }

    private void SelectAll(bool all)
    {
        _selected.Clear();
        if (all)
            _selected.UnionWith(InView);
    }

    private void ClearSelection() => _selected.Clear();

    private int? Find(long threadId)
    {
        var index = _threads.FindIndex(t => t.Id == threadId);
        return index < 0 ? null : index;
    }

    private void Sort() => _threads.Sort(_shown.Compare);

    /// <summary>A link or bookmark may name a label that was deleted since: the inbox is shown without that filter.</summary>
    private InboxQuery WithoutMissingLabel(InboxQuery query) =>
        query.LabelId is { } id && _labels.All(l => l.Id != id) ? query with { LabelId = null } : query;

    private bool LabelMissing => _shown != Query;

    private async Task NewThreadAsync()
    {
        var dialog = await Dialogs.ShowAsync<NewThreadDialog>("New conversation",
            new DialogOptions { MaxWidth = MaxWidth.Small, FullWidth = true, CloseOnEscapeKey = true });
        var result = await dialog.Result;
        if (result is { Canceled: false, Data: ThreadSummary created })
            Navigation.NavigateTo($"/threads/{created.Id}");
    }

    /// <summary>The badge comes back through ReadStateChanged, in this list and every other tab of this user.</summary>
    private async Task MarkUnreadAsync(long threadId)
    {
        try
        {
            await ReadState.MarkThreadUnreadAsync(_me, threadId);
        }
        catch (Exception ex) when (ex is ChatValidationException or ChatNotFoundException)
        {
            Snackbar.Add(ex.Message, Severity.Info);
        }
    }

    private async Task MarkReadAsync(ThreadSummary thread)
    {
        try
        {
            if (thread.LastMessageId is { } last)
                await ReadState.SetReadPositionAsync(_me, thread.Id, last);
        }
        catch (Exception ex) when (ex is ChatValidationException or ChatNotFoundException)
        {
            Snackbar.Add(ex.Message, Severity.Info);
        }
    }

    public void Dispose() => _subscription?.Dispose();
}
