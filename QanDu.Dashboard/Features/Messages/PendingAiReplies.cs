using QanDu.Dashboard.Data.Entities;
using QanDu.Dashboard.Features.AiSettings;

namespace QanDu.Dashboard.Features.Messages;

/// <summary>
/// The assistant's reply to a question in an AI thread, recorded in the question's own commit: an empty AI message in
/// status sending, keyed to its question. A crash right after the commit so leaves a reply to write (or, at start-up,
/// one shown failed with Retry), never a question nobody answers. The assistant writes into it once it hears of the post.
/// </summary>
public sealed class PendingAiReplies(AssistantSettingsStore settings)
{
    private const string KeyPrefix = "ai-reply-";

    /// <summary>The client key of the pending reply to <paramref name="questionId"/>.</summary>
    public static string KeyFor(long questionId) => KeyPrefix + questionId;

    /// <summary>
    /// For each AI thread a person asked in, one pending reply to the last question of the batch (an earlier question
    /// in the same batch would be superseded at once, as a new question stops the answer being written). None when the
    /// admin turned automatic replies off.
    /// </summary>
    internal IReadOnlyList<Message> For(IReadOnlyList<Message> inserted, IReadOnlyDictionary<long, ChatThread> threads)
    {
        var current = settings.Current;
        if (!current.AutoReplyInAiThreads)
            return [];
        return [.. inserted
            .Where(m => m is { SenderType: SenderType.User, SenderId: not null }
                        && threads.TryGetValue(m.ThreadId, out var thread) && thread.Type == ThreadType.Ai)
            .GroupBy(m => m.ThreadId)
            .Select(g => g.MaxBy(m => m.Id)!)
            .Select(question => new Message
            {
                ThreadId = question.ThreadId,
                Content = "",
                Type = MessageType.Text,
                SenderName = current.Name,
                SenderType = SenderType.Ai,
                Status = MessageStatus.Sending,
                ClientKey = KeyFor(question.Id),
            })];
    }
}
