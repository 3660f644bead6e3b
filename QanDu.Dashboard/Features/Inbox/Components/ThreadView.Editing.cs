using Microsoft.AspNetCore.Components;
using Microsoft.JSInterop;
using MudBlazor;
using QanDu.Dashboard.Data.Entities;
using QanDu.Dashboard.Features.Access;

namespace QanDu.Dashboard.Features.Inbox.Components;

/// <summary>Editing and deleting one's own messages from the thread: one inline editor at a time.</summary>
public sealed partial class ThreadView
{
    private long? _editingId;
    private string? _editError;

    [Inject] private IDialogService Dialogs { get; set; } = null!;

    private void StartEdit(long messageId)
    {
        _editingId = messageId;
        _editError = null;
    }

    /// <summary>Up arrow in an empty composer: edit the newest message of one's own that is not deleted.</summary>
    private void EditLastOwn()
    {
        var last = _messages.LastOrDefault(m => m.SenderId == _me.UserId && !m.Deleted && m.Type == MessageType.Text);
        if (last is not null)
            StartEdit(last.Id);
    }

    private async Task SaveEditAsync(long messageId, string text)
    {
        try
        {
            Merge([await Edits.EditAsync(_me, messageId, text)]);
            _editingId = null;
            _editError = null;
            await FocusComposerAsync();
        }
        catch (Exception ex) when (ex is ChatValidationException or ChatForbiddenException or ChatNotFoundException)
        {
            _editError = ex.Message;
        }
    }

    private async Task CancelEditAsync()
    {
        _editingId = null;
        _editError = null;
        await FocusComposerAsync();
    }

    private async Task DeleteAsync(long messageId)
    {
        var confirmed = await Dialogs.ShowMessageBoxAsync("Delete this message?",
            "Everyone in the conversation will see that a message was deleted. Supervisors and admins can still read it in its history.",
            yesText: "Delete", cancelText: "Cancel");
        if (confirmed != true)
            return;
        try
        {
            Merge([await Edits.DeleteAsync(_me, messageId)]);
        }
        catch (Exception ex) when (ex is ChatValidationException or ChatForbiddenException or ChatNotFoundException)
        {
            Snackbar.Add(ex.Message, Severity.Warning);
        }
    }

    private async Task FocusComposerAsync()
    {
        try
        {
            await Js.InvokeVoidAsync("qandu.composer.focus");
        }
        catch (JSDisconnectedException)
        {
            // The circuit is gone; nothing to focus.
        }
    }
}
