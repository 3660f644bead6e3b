using QanDu.Dashboard.Data.Entities;
using QanDu.Dashboard.Features.AiSettings;
using QanDu.Dashboard.Features.Assistant.Summaries;
using QanDu.Dashboard.Features.Messages;
using QanDu.Dashboard.Features.Threads;
using QanDu.Dashboard.Realtime;

namespace QanDu.Dashboard.Features.Assistant.Customers;

/// <summary>
/// Passes a customer conversation from the assistant to a person: the conversation opens (<see cref="ThreadService"/>,
/// once however many triggers race), the customer is told in their language, the agent gets a private two-line note
/// (<see cref="ConversationSummaries.HandOffNoteAsync"/>), and routing queues it (<see cref="ConversationHandedOff"/>).
/// From then on the assistant stays out of the conversation.
/// </summary>
public sealed class CustomerHandOff(
    ThreadService threads, AiReplyStore replies, ConversationSummaries summaries, MessageService messages,
    AssistantSettingsStore settings, IChatEvents events, ILogger<CustomerHandOff> logger)
{
    /// <summary>The system type of the agent's hand-off note.</summary>
    public const string NoteType = "assistant";

    /// <param name="threadId">The customer conversation.</param>
    /// <param name="reason">One of <see cref="HandOffRules"/>' reasons.</param>
    /// <param name="language">The customer's language, for what they are told.</param>
    /// <param name="intoReplyId">The pending reply to write the message into (else a new assistant message).</param>
    /// <param name="error">Why the assistant could not answer, kept on the message for staff.</param>
    /// <param name="ct">Cancels before anything changed; once the conversation opened, the rest is written regardless.</param>
    /// <returns>False when the conversation no longer waited on the assistant (nothing changed; the pending reply is withdrawn).</returns>
    public async Task<bool> HandOffAsync(long threadId, string reason, string language, long? intoReplyId, string? error, CancellationToken ct)
    {
        if (!await threads.HandOffAsync(threadId, reason, ct))
        {
            if (intoReplyId is { } unused)
                await replies.DiscardPendingAsync(unused, CancellationToken.None);
            return false;
        }
        var ai = new AiMetadata(null, null, null) { Outcome = "handoff", Error = error };
        var text = HandOffRules.Message(language);
        var replyId = intoReplyId ?? (await replies.CreateAiMessageAsync(threadId, settings.Current.Name, CancellationToken.None)).Id;
        await replies.FinishAiMessageAsync(replyId, text, MessageStatus.Sent, ai, CancellationToken.None);
        try
        {
            var note = await summaries.HandOffNoteAsync(threadId, HandOffRules.Describe(reason), CancellationToken.None);
            await messages.PostSystemAsync(threadId, note, new SystemMetadata(NoteType, "handoff"), CancellationToken.None);
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            // The customer still reaches a person: the note is a help, not a condition.
            logger.LogError(ex, "Could not write the hand-off note in conversation {ThreadId}", threadId);
            await messages.PostSystemAsync(threadId, $"Handed to a person: {HandOffRules.Describe(reason)}.",
                new SystemMetadata(NoteType, "handoff"), CancellationToken.None);
        }
        events.Publish(new ConversationHandedOff(threadId, reason));
        return true;
    }
}
