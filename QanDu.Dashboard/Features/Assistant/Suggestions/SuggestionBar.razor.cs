using Microsoft.AspNetCore.Components;
using Microsoft.JSInterop;
using QanDu.Dashboard.Features.Access;
using QanDu.Dashboard.Features.AiSettings;

namespace QanDu.Dashboard.Features.Assistant.Suggestions;

/// <summary>
/// Suggested replies above the composer: they start when a message from someone else arrives (<see cref="IncomingMessageId"/>)
/// or on demand, stream into up to three cards, and go into the composer (Insert, Alt+1/2/3) or straight out (Send).
/// A newer message or leaving the thread cancels the running ones.
/// </summary>
public sealed partial class SuggestionBar
{
    private readonly List<SuggestionCardModel> _cards = [];
    private CancellationTokenSource? _run;
    private DotNetObjectReference<SuggestionBar>? _self;
    private BarState _state = BarState.Idle;
    private long? _forMessageId;
    private long? _startedFor;
    private string? _error;
    private bool _canRetry;

    [Inject] private SuggestionService Suggestions { get; set; } = null!;
    [Inject] private AssistantSettingsStore Settings { get; set; } = null!;
    [Inject] private IJSRuntime Js { get; set; } = null!;
    [Inject] private ILogger<SuggestionBar> Logger { get; set; } = null!;

    /// <summary>The open thread.</summary>
    [Parameter, EditorRequired] public long ThreadId { get; set; }

    /// <summary>The agent the suggestions are for.</summary>
    [Parameter, EditorRequired] public ChatCaller Me { get; set; } = null!;

    /// <summary>The newest message from someone else that arrived while the thread is open; a new one starts suggestions.</summary>
    [Parameter] public long? IncomingMessageId { get; set; }

    /// <summary>A suggestion was put into the composer (its id), so the next send can be compared with it.</summary>
    [Parameter] public EventCallback<long> OnInserted { get; set; }

    /// <summary>Sends a suggestion's text as it is; the thread records it as sent.</summary>
    [Parameter] public Func<long, string, Task>? OnSend { get; set; }

    /// <summary>Suggestions shown now (streaming ones included).</summary>
    public bool Showing => _state != BarState.Idle;

    protected override void OnInitialized() => Settings.Changed += OnSettingsChanged;

    protected override async Task OnParametersSetAsync()
    {
        if (IncomingMessageId is { } incoming && incoming != _startedFor)
            await StartAsync(incoming);
    }

    protected override async Task OnAfterRenderAsync(bool firstRender)
    {
        if (!firstRender)
            return;
        _self = DotNetObjectReference.Create(this);
        await Js.InvokeVoidAsync("qandu.suggestions.attach", _self);
    }

    /// <summary>Alt+S: suggest replies to the latest message.</summary>
    [JSInvokable]
    public Task SuggestAsync() => InvokeAsync(() => StartAsync(null));

    /// <summary>Alt+1/2/3: insert that suggestion.</summary>
    [JSInvokable]
    public Task InsertRankAsync(int rank) => InvokeAsync(async () =>
    {
        if (_state == BarState.Showing && _cards.Find(c => c.Rank == rank && c.Status == SuggestionStatus.Done) is { } card)
            await InsertAsync(card);
    });

    /// <summary>The agent sent a message: the suggestions for the message before are done with (their outcomes stay).</summary>
    public void Close()
    {
        Cancel();
        _cards.Clear();
        _state = BarState.Idle;
        StateHasChanged();
    }

    private async Task StartAsync(long? forMessageId)
    {
        Cancel();
        if (!Suggestions.Enabled)
            return;
        _startedFor = forMessageId ?? _startedFor;
        _forMessageId = forMessageId;
        _cards.Clear();
        _error = null;
        _state = BarState.Loading;
        var run = _run = new CancellationTokenSource();
        StateHasChanged();
        // Off the circuit's thread: the updates come back through InvokeAsync, coalesced by the service.
        await Task.Yield();
        _ = Task.Run(() => RunAsync(forMessageId, run.Token));
    }

    private async Task RunAsync(long? forMessageId, CancellationToken ct)
    {
        try
        {
            await foreach (var update in Suggestions.SuggestAsync(Me, ThreadId, forMessageId, ct))
                await InvokeAsync(() => Apply(update, ct));
            await InvokeAsync(() => Finish(ct));
        }
        catch (OperationCanceledException) when (ct.IsCancellationRequested)
        {
            // A newer message, a send or leaving the thread stopped them.
        }
        catch (ChatValidationException ex)
        {
            await InvokeAsync(() => Fail(ex.Message, retry: false, ct));
        }
        catch (ChatNotFoundException)
        {
            await InvokeAsync(() => Fail("This conversation is no longer available to you.", retry: false, ct));
        }
        catch (Exception ex)
        {
            Logger.LogError(ex, "Reply suggestions failed in thread {ThreadId}", ThreadId);
            await InvokeAsync(() => Fail("Suggestions could not be written. Try again.", retry: true, ct));
        }
    }

    private void Apply(SuggestionUpdate update, CancellationToken ct)
    {
        if (ct.IsCancellationRequested)
            return;
        var card = _cards.Find(c => c.Rank == update.Rank);
        if (card is null)
            _cards.Add(card = new SuggestionCardModel(update.Rank));
        card.Apply(update);
        if (_state == BarState.Loading && update.Status != SuggestionStatus.Failed)
            _state = BarState.Showing;
        StateHasChanged();
    }

    private void Finish(CancellationToken ct)
    {
        if (ct.IsCancellationRequested)
            return;
        if (_cards.Exists(c => c.Status == SuggestionStatus.Done))
            _state = BarState.Showing;
        else if (_cards.Find(c => c.Status == SuggestionStatus.Failed) is { } failed)
            Fail(failed.Error ?? "The assistant could not write suggestions.", retry: true, ct);
        else
            _state = BarState.Empty;
        StateHasChanged();
    }

    private void Fail(string error, bool retry, CancellationToken ct)
    {
        if (ct.IsCancellationRequested)
            return;
        _cards.Clear();
        (_state, _error, _canRetry) = (BarState.Error, error, retry);
        StateHasChanged();
    }

    private enum BarState { Idle, Loading, Showing, Empty, Error }
}
