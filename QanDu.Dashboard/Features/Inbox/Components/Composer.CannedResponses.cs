using Microsoft.JSInterop;
using QanDu.Dashboard.Features.CannedResponses;
using QanDu.Dashboard.Features.CannedResponses.Components;

namespace QanDu.Dashboard.Features.Inbox.Components;

/// <summary>The composer's side of "/": the browser reports the word being typed after a slash and the keys while the list is open.</summary>
public sealed partial class Composer
{
    private CannedResponsePicker? _canned;
    private string? _cannedNotice;

    /// <summary>Called by the browser while a word starting with "/" is typed (null: no such word any more); answers whether the list is open.</summary>
    [JSInvokable]
    public Task<bool> SlashAsync(string? query) => _canned?.ShowAsync(query) ?? Task.FromResult(false);

    /// <summary>Called by the browser for arrows, Enter, Tab and Esc while the list is open; answers whether it stays open.</summary>
    [JSInvokable]
    public Task<bool> SlashKeyAsync(string key) => _canned?.KeyAsync(key) ?? Task.FromResult(false);

    /// <summary>Puts the filled text in place of "/word"; variables it could not fill stay visible and are named above the box.</summary>
    private async Task InsertCannedAsync(FilledCannedResponse filled)
    {
        _cannedNotice = filled.Unfilled.Count == 0
            ? null
            : $"Check before sending: {string.Join(", ", filled.Unfilled)} could not be filled in this conversation.";
        await Js.InvokeVoidAsync("qandu.canned.replace", _input, filled.Content);
    }
}
