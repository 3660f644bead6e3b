using Microsoft.AspNetCore.Components;
using MudBlazor;
using QanDu.Dashboard.Features.Assistant;

namespace QanDu.Dashboard.Features.Threads.Components;

public sealed partial class ThreadView
{
    [Inject] private AssistantService Assistant { get; set; } = null!;

    /// <summary>People in the thread steer its assistant; a supervisor looking on watches.</summary>
    private bool TakesPart => _thread?.Participants.Any(p => p.UserId == _me.UserId) == true;

    private Task StopAiAsync(long messageId) => ControlAiAsync(() => Assistant.StopAsync(_me, messageId), "stop");

    private Task RetryAiAsync(long messageId) => ControlAiAsync(() => Assistant.RetryAsync(_me, messageId), "retry");

    private async Task ControlAiAsync(Func<Task> action, string what)
    {
        try
        {
            await action();
        }
        catch (Exception ex) when (ex is ChatValidationException or ChatForbiddenException or ChatNotFoundException)
        {
            Snackbar.Add(ex.Message, Severity.Warning);
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            Logger.LogError(ex, "Could not {Action} the assistant's reply in thread {ThreadId}", what, ThreadId);
            Snackbar.Add($"Could not {what} the reply. Try again.", Severity.Error);
        }
    }
}
