using Microsoft.AspNetCore.Components;
using QanDu.Dashboard.Components;
using QanDu.Dashboard.Data.Entities;
using QanDu.Dashboard.Features.Access;
using QanDu.Dashboard.Realtime;

namespace QanDu.Dashboard.Features.Knowledge.Pages;

/// <summary>The knowledge list: search as you type (one search at a time), live when anyone changes an article.</summary>
public sealed partial class KnowledgeList
{
    private IReadOnlyList<KnowledgeListItem>? _items;
    private CancellationTokenSource? _load;
    private IDisposable? _subscription;
    private string _query = "";
    private KnowledgeStatus? _status;
    private KnowledgeAudience? _audience;
    private string? _error;
    private bool _loading = true;
    private bool _canWrite;

    [Inject] private KnowledgeService Knowledge { get; set; } = null!;
    [Inject] private CurrentUser CurrentUser { get; set; } = null!;
    [Inject] private IChatEvents Events { get; set; } = null!;
    [Inject] private UserTime Time { get; set; } = null!;
    [Inject] private TimeProvider Clock { get; set; } = null!;

    /// <summary>How long typing must pause before the search runs.</summary>
    [Parameter] public TimeSpan Debounce { get; set; } = TimeSpan.FromMilliseconds(250);

    protected override async Task OnInitializedAsync()
    {
        _canWrite = (await CurrentUser.GetAsync()).SeesAllThreads;
        _subscription = Events.Subscribe(null, OnEventAsync);
        await LoadAsync(TimeSpan.Zero);
    }

    private Task OnQueryChanged(string? query)
    {
        _query = query ?? "";
        return LoadAsync(Debounce);
    }

    private Task OnStatusChanged(KnowledgeStatus? status)
    {
        _status = status;
        return LoadAsync(TimeSpan.Zero);
    }

    private Task OnAudienceChanged(KnowledgeAudience? audience)
    {
        _audience = audience;
        return LoadAsync(TimeSpan.Zero);
    }

    private Task OnEventAsync(ChatEvent chatEvent) =>
        chatEvent is KnowledgeChanged or ResyncRequired ? InvokeAsync(() => LoadAsync(TimeSpan.Zero)) : Task.CompletedTask;

    private async Task LoadAsync(TimeSpan delay)
    {
        _load?.Cancel();
        _load?.Dispose();
        var load = _load = new CancellationTokenSource();
        _loading = true;
        StateHasChanged();
        try
        {
            if (delay > TimeSpan.Zero)
                await Task.Delay(delay, Clock, load.Token);
            var items = await Knowledge.ListAsync(await CurrentUser.GetAsync(), _query, _status, _audience, ct: load.Token);
            if (load.IsCancellationRequested)
                return;
            (_items, _error) = (items, null);
        }
        catch (OperationCanceledException) when (load.IsCancellationRequested)
        {
            return; // a newer load took over and owns the loading state
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            _error = $"The knowledge base could not be loaded: {ex.Message}";
        }
        _loading = false;
        StateHasChanged();
    }

    public void Dispose()
    {
        _subscription?.Dispose();
        _load?.Cancel();
        _load?.Dispose();
    }
}
