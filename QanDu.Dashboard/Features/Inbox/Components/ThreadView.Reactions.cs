using Microsoft.AspNetCore.Components;
using MudBlazor;
using QanDu.Dashboard.Features.Access;
using QanDu.Dashboard.Features.Reactions;

namespace QanDu.Dashboard.Features.Inbox.Components;

public sealed partial class ThreadView
{
    [Inject] private ReactionService Reactions { get; set; } = null!;
    [Inject] private ISnackbar Snackbar { get; set; } = null!;

    /// <summary>Toggles the reader's reaction; the result shows at once, other circuits get it through ReactionChanged.</summary>
    private async Task ReactAsync(long messageId, string emoji)
    {
        try
        {
            var outcome = await Reactions.ToggleAsync(_me, messageId, emoji);
            ApplyReactions(messageId, outcome.Reactions);
        }
        catch (Exception ex) when (ex is ChatValidationException or ChatNotFoundException)
        {
            Snackbar.Add(ex.Message, Severity.Warning);
        }
    }

    private void ApplyReactions(long messageId, IReadOnlyList<ReactionView> reactions)
    {
        var index = _messages.FindIndex(m => m.Id == messageId);
        if (index >= 0)
            _messages[index] = _messages[index] with { Reactions = reactions };
    }
}
