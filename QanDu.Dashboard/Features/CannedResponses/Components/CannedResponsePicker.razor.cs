using Microsoft.AspNetCore.Components;
using Microsoft.JSInterop;
using QanDu.Dashboard.Features.Access;

namespace QanDu.Dashboard.Features.CannedResponses.Components;

/// <summary>
/// The composer's "/" list. The responses are read once per composer (on the first slash) and filtered here per key;
/// picking one fills its variables for the conversation (<see cref="CannedResponseService.FillAsync"/>) and hands the
/// text to <see cref="OnInsert"/>.
/// </summary>
public sealed partial class CannedResponsePicker
{
    public const int MaxShown = 8;

    private IReadOnlyList<CannedResponseView>? _all;
    private List<CannedResponseView> _matches = [];
    private string? _query;
    private int _selected;

    [Inject] private CannedResponseService Responses { get; set; } = null!;
    [Inject] private CurrentUser CurrentUser { get; set; } = null!;
    [Inject] private IJSRuntime Js { get; set; } = null!;

    [Parameter, EditorRequired] public long ThreadId { get; set; }

    /// <summary>The chosen response, filled for the conversation.</summary>
    [Parameter] public EventCallback<FilledCannedResponse> OnInsert { get; set; }

    /// <summary>Opens (or narrows) the list for what follows the slash; null closes it. Answers whether it has something to pick.</summary>
    public async Task<bool> ShowAsync(string? query)
    {
        _query = query;
        if (query is null)
        {
            StateHasChanged();
            return false;
        }
        _all ??= await Responses.ListAsync(await CurrentUser.GetAsync());
        _matches = Match(_all, query);
        _selected = 0;
        StateHasChanged();
        return _matches.Count > 0;
    }

    /// <summary>A key pressed while the list is open; answers whether it stays open.</summary>
    public async Task<bool> KeyAsync(string key)
    {
        if (_query is null || _matches.Count == 0)
            return false;
        switch (key)
        {
            case "ArrowDown":
                _selected = (_selected + 1) % _matches.Count;
                break;
            case "ArrowUp":
                _selected = (_selected - 1 + _matches.Count) % _matches.Count;
                break;
            case "Enter" or "Tab":
                await PickAsync(_selected);
                return false;
            default: // Escape
                await ShowAsync(null);
                return false;
        }
        StateHasChanged();
        await Js.InvokeVoidAsync("qandu.revealId", $"canned-option-{_matches[_selected].Id}");
        return true;
    }

    private async Task PickAsync(int index)
    {
        var response = _matches[index];
        _query = null;
        StateHasChanged();
        FilledCannedResponse filled;
        try
        {
            filled = await Responses.FillAsync(await CurrentUser.GetAsync(), response.Id, ThreadId);
        }
        catch (ChatNotFoundException)
        {
            _all = null; // deleted meanwhile: read them again next time
            return;
        }
        await OnInsert.InvokeAsync(filled);
    }

    /// <summary>Codes starting with the query first, then codes, titles and texts containing it.</summary>
    private static List<CannedResponseView> Match(IReadOnlyList<CannedResponseView> all, string query)
    {
        var q = query.Trim();
        return [.. all
            .Select(r => (Response: r, Rank: r.ShortCode.StartsWith(q, StringComparison.OrdinalIgnoreCase) ? 0
                : r.ShortCode.Contains(q, StringComparison.OrdinalIgnoreCase) ? 1
                : r.Title.Contains(q, StringComparison.OrdinalIgnoreCase) ? 2
                : r.Content.Contains(q, StringComparison.OrdinalIgnoreCase) ? 3 : -1))
            .Where(x => x.Rank >= 0)
            .OrderBy(x => x.Rank).ThenBy(x => x.Response.ShortCode, StringComparer.OrdinalIgnoreCase)
            .Take(MaxShown)
            .Select(x => x.Response)];
    }
}
