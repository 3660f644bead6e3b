using Microsoft.JSInterop;
using QanDu.Dashboard.Features.Access;
using QanDu.Dashboard.Features.AiSettings;

namespace QanDu.Dashboard.Features.Assistant.Suggestions;

public sealed partial class SuggestionBar : IAsyncDisposable
{
    /// <summary>Into the composer for editing (the browser owns its text: set there, caret at the end); recorded as inserted.</summary>
    private async Task InsertAsync(SuggestionCardModel card)
    {
        if (card.Id is not { } id)
            return;
        await OnInserted.InvokeAsync(id); // first: a quick Enter after inserting must already compare with this suggestion
        foreach (var other in _cards)
            other.MarkInserted(other == card);
        StateHasChanged();
        await Js.InvokeVoidAsync("qandu.composer.insert", card.Text);
        await RecordAsync(() => Suggestions.InsertedAsync(Me, id), "insert");
    }

    private async Task SendAsync(SuggestionCardModel card)
    {
        if (card.Id is not { } id || OnSend is null)
            return;
        var text = card.Text;
        Close();
        await OnSend(id, text);
    }

    /// <summary>The agent sent a suggestion (from its Send, or typed on after Insert) as this message: its outcome is recorded.</summary>
    public Task SentAsync(long suggestionId, long messageId) => RecordAsync(() => Suggestions.SentAsync(Me, suggestionId, messageId), "send");

    /// <summary>The × : every suggestion shown is recorded as dismissed.</summary>
    private async Task DismissAsync()
    {
        var ids = _cards.Where(c => c.Id is not null).Select(c => c.Id!.Value).ToList();
        Close();
        await RecordAsync(() => Suggestions.DismissAsync(Me, ids), "dismiss");
        await Js.InvokeVoidAsync("qandu.composer.focus");
    }

    private async Task RecordAsync(Func<Task> record, string what)
    {
        try
        {
            await record();
        }
        catch (Exception ex) when (ex is ChatValidationException or ChatNotFoundException)
        {
            Logger.LogInformation("Suggestion {Action} not recorded: {Reason}", what, ex.Message); // already sent, or the thread is gone
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            Logger.LogError(ex, "Could not record a suggestion {Action} in thread {ThreadId}", what, ThreadId);
        }
    }

    private void Cancel()
    {
        _run?.Cancel(); // not disposed: the running loop still reads its token
        _run = null;
    }

    private void OnSettingsChanged(AssistantSettings settings) => _ = InvokeAsync(() =>
    {
        if (!settings.SuggestionsEnabled)
            Close();
        else
            StateHasChanged();
    });

    public async ValueTask DisposeAsync()
    {
        Settings.Changed -= OnSettingsChanged;
        Cancel();
        try
        {
            if (_self is not null)
                await Js.InvokeVoidAsync("qandu.suggestions.detach", _self);
        }
        catch (JSDisconnectedException)
        {
            // The page is gone: nothing to detach.
        }
        _self?.Dispose();
    }
}
