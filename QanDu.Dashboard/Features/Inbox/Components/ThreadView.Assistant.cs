using Microsoft.AspNetCore.Components;
using MudBlazor;
using QanDu.Dashboard.Data.Entities;
using QanDu.Dashboard.Features.Access;
using QanDu.Dashboard.Features.Assistant;
using QanDu.Dashboard.Features.Assistant.Suggestions;
using QanDu.Dashboard.Features.Files.Components;
using QanDu.Dashboard.Features.Messages;

namespace QanDu.Dashboard.Features.Inbox.Components;

public sealed partial class ThreadView
{
    [Inject] private AssistantService Assistant { get; set; } = null!;

    [Inject] private SuggestionService Suggestions { get; set; } = null!;

    private SuggestionBar? _suggestionBar;
    private long? _suggestFor;
    private long? _insertedSuggestion;

    /// <summary>Reply suggestions are for people taking part in a conversation with people (not AI threads).</summary>
    private bool Suggests => TakesPart && _thread?.Type != ThreadType.Ai;

    /// <summary>A message from someone else arrived: suggest replies to it.</summary>
    private void OnIncomingForSuggestions(MessageView message)
    {
        if (Suggests && message is { SenderType: SenderType.User, Deleted: false, Content.Length: > 0 })
            _suggestFor = message.Id;
    }

    /// <summary>A suggestion's Send: posted like a typed message, then recorded (sent as is unless it differs).</summary>
    private Task SendSuggestionAsync(long suggestionId, string text) => SendAsync(new ComposerMessage(text, []), suggestionId);

    private async Task RecordSentAsync(long suggestionId, long messageId)
    {
        try
        {
            await Suggestions.SentAsync(_me, suggestionId, messageId);
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            Logger.LogWarning(ex, "Could not record suggestion {SuggestionId} as sent in thread {ThreadId}", suggestionId, ThreadId);
        }
    }

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
