using Microsoft.AspNetCore.Components;
using Microsoft.AspNetCore.Components.Web;
using Microsoft.JSInterop;
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
    private int _selected = -1; // the hit the arrow keys point at; Enter opens it
    private bool _revealSelected;

    [Inject] private SearchService Search { get; set; } = null!;
    [Inject] private CurrentUser CurrentUser { get; set; } = null!;
    [Inject] private NavigationManager Navigation { get; set; } = null!;
    [Inject] private UserTime Time { get; set; } = null!;
    [Inject] private TimeProvider Clock { get; set; } = null!;
    [Inject] private IJSRuntime Js { get; set; } = null!;

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
        if (_revealSelected && SelectedId is { } id)
        {
            _revealSelected = false;
            await Js.InvokeVoidAsync("qandu.revealId", id);
        }
    }

    private string? SelectedId => _selected >= 0 && _selected < _hits.Count ? HitId(_hits[_selected]) : null;

    private static string HitId(SearchHit hit) => $"search-hit-{hit.MessageId}";

    /// <summary>Down and Up move the selection through the results (focus stays in the field, so typing goes on); Enter opens it.</summary>
    private async Task OnKeyDownAsync(KeyboardEventArgs e)
    {
        switch (e.Key)
        {
            case "ArrowDown" when _hits.Count > 0:
                _selected = Math.Min(_selected + 1, _hits.Count - 1);
                _revealSelected = true;
                break;
            case "ArrowUp" when _hits.Count > 0:
                _selected = Math.Max(_selected - 1, 0);
                _revealSelected = true;
                break;
            case "Enter" when _selected >= 0 && _selected < _hits.Count:
                await ChooseAsync(_hits[_selected]);
                break;
        }
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
            (_results, _loading, _selected) = (null, false, -1);
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
            {
                _hits.Clear();
                _selected = -1; // new results: nothing chosen until the arrow keys move again
            }
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
