using Microsoft.AspNetCore.Components;
using QanDu.Dashboard.Components;
using QanDu.Dashboard.Features.Access;

namespace QanDu.Dashboard.Features.Search.Components;

/// <summary>Search as you type: one search at a time (a newer query cancels the older), results open their thread.</summary>
public sealed partial class SearchPanel
{
    private readonly List<SearchHit> _hits = [];
    private CancellationTokenSource? _search;
    private string _text = "";
    private SearchSort _sort = SearchSort.Newest;
    private SearchResults? _results;
    private string? _error;
    private bool _loading;
    private ElementReference _input;

    [Inject] private SearchService Search { get; set; } = null!;
    [Inject] private CurrentUser CurrentUser { get; set; } = null!;
    [Inject] private NavigationManager Navigation { get; set; } = null!;
    [Inject] private UserTime Time { get; set; } = null!;
    [Inject] private TimeProvider Clock { get; set; } = null!;

    /// <summary>How long typing must pause before the search runs.</summary>
    [Parameter] public TimeSpan Debounce { get; set; } = TimeSpan.FromMilliseconds(250);

    /// <summary>Called after a result was chosen and its thread opened (the dialog closes itself).</summary>
    [Parameter] public EventCallback<SearchHit> OnChosen { get; set; }

    private Task OnTextChanged(string? text)
    {
        _text = text ?? "";
        return RunAsync(before: null, Debounce);
    }

    protected override async Task OnAfterRenderAsync(bool firstRender)
    {
        if (firstRender)
            await _input.FocusAsync();
    }

    private Task OnSortChanged(SearchSort sort)
    {
        _sort = sort;
        return RunAsync(before: null, TimeSpan.Zero);
    }

    private Task MoreAsync() => RunAsync(_results?.NextBefore, TimeSpan.Zero);

    private async Task RunAsync(long? before, TimeSpan delay)
    {
        _search?.Cancel();
        _search?.Dispose();
        var search = _search = new CancellationTokenSource();
        _error = null;
        if (string.IsNullOrWhiteSpace(_text))
        {
            (_results, _loading) = (null, false);
            _hits.Clear();
            return;
        }
        _loading = true;
        StateHasChanged();
        try
        {
            if (delay > TimeSpan.Zero)
                await Task.Delay(delay, Clock, search.Token);
            var results = await Search.SearchAsync(await CurrentUser.GetAsync(), _text, _sort, before: before, ct: search.Token);
            if (search.IsCancellationRequested)
                return; // answered after a newer query started: that one's results win
            if (before is null)
                _hits.Clear();
            _hits.AddRange(results.Hits);
            _results = results;
        }
        catch (OperationCanceledException) when (search.IsCancellationRequested)
        {
            return; // a newer query took over; it owns the loading state
        }
        catch (ChatValidationException e)
        {
            _error = e.Message;
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            _error = "Search is not available right now. Try again in a moment.";
        }
        _loading = false;
    }

    private async Task ChooseAsync(SearchHit hit)
    {
        Navigation.NavigateTo(MessageLink(hit.ThreadId, hit.MessageId));
        await OnChosen.InvokeAsync(hit);
    }

    /// <summary>The thread opened at the message: it is loaded, scrolled into view and highlighted.</summary>
    public static string MessageLink(long threadId, long messageId) => $"/threads/{threadId}?message={messageId}";

    public void Dispose()
    {
        _search?.Cancel();
        _search?.Dispose();
    }
}
