using MudBlazor;
using QanDu.Dashboard.Features.Access;
using QanDu.Dashboard.Features.Threads;

namespace QanDu.Dashboard.Features.Inbox;

/// <summary>
/// Resolving needs no confirmation: it is undone in one click. The header and the list resolve through here, and the
/// snackbar ("Resolved", Undo) stays about six seconds; Undo reopens.
/// </summary>
public static class ResolveWithUndo
{
    public const int UndoMilliseconds = 6000;

    public static async Task RunAsync(ConversationLifecycle lifecycle, ISnackbar snackbar, ChatCaller me, ThreadSummary thread)
    {
        try
        {
            await lifecycle.ResolveAsync(me, thread.Id);
        }
        catch (Exception ex) when (ex is ChatValidationException or ChatNotFoundException or ChatForbiddenException)
        {
            snackbar.Add(ex.Message, Severity.Error);
            return;
        }
        snackbar.Add(thread.IsCustomerConversation ? "Resolved" : "Conversation archived", Severity.Normal, options =>
        {
            options.VisibleStateDuration = UndoMilliseconds;
            options.Action = "Undo";
            options.ActionColor = Color.Primary;
            options.OnClick = async _ =>
            {
                try
                {
                    await lifecycle.ReopenAsync(me, thread.Id);
                }
                catch (ChatNotFoundException ex)
                {
                    snackbar.Add(ex.Message, Severity.Error); // it was taken out of this user's sight meanwhile
                }
            };
        });
    }
}
