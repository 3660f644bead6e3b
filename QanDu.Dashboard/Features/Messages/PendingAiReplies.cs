using Microsoft.EntityFrameworkCore;
using QanDu.Dashboard.Data;
using QanDu.Dashboard.Data.Entities;
using QanDu.Dashboard.Features.AiSettings;

namespace QanDu.Dashboard.Features.Messages;

/// <summary>
/// The assistant's reply to a question, recorded in the question's own commit: an empty AI message in status sending,
/// keyed to its question. A crash right after the commit so leaves a reply to write (or, at start-up, one shown failed
/// with Retry), never a question nobody answers. The assistant writes into it once it hears of the post. Two kinds of
/// question get one: a person's in an AI thread, and a customer's in a conversation that waits on the assistant (its
/// channel lets the assistant answer first, and it has not handed off to a person yet).
/// </summary>
public sealed class PendingAiReplies(AssistantSettingsStore settings)
{
    private const string KeyPrefix = "ai-reply-";

    /// <summary>The client key of the pending reply to <paramref name="questionId"/>.</summary>
    public static string KeyFor(long questionId) => KeyPrefix + questionId;

    /// <summary>The question a pending reply's key names, when it is one.</summary>
    public static long? QuestionOf(string? clientKey) =>
        clientKey is not null && clientKey.StartsWith(KeyPrefix, StringComparison.Ordinal) && long.TryParse(clientKey[KeyPrefix.Length..], out var id)
            ? id
            : null;

    /// <summary>
    /// Customer conversations among <paramref name="threads"/> that wait on the assistant: pending, not handed off, in a
    /// channel whose assistant answers first. One query, and none when no such conversation is in the batch.
    /// </summary>
    internal static async Task<HashSet<long>> WaitingOnAssistantAsync(ChatDbContext db, IEnumerable<ChatThread> threads)
    {
        var candidates = threads.Where(t => t is { ContactId: not null, ChannelId: not null, Status: ThreadStatus.Pending, HandedOffAt: null }).ToList();
        if (candidates.Count == 0)
            return [];
        var channelIds = candidates.Select(t => t.ChannelId!.Value).Distinct().ToList();
        var answering = await db.Channels.Where(c => channelIds.Contains(c.Id) && c.AssistantFirstReply).Select(c => c.Id).ToListAsync();
        return [.. candidates.Where(t => answering.Contains(t.ChannelId!.Value)).Select(t => t.Id)];
    }

    /// <summary>
    /// For each AI thread a person asked in, one pending reply to the last question of the batch (an earlier question
    /// in the same batch would be superseded at once, as a new question stops the answer being written). None when the
    /// admin turned automatic replies off. For each conversation in <paramref name="waiting"/>, one pending reply to
    /// each of the customer's messages (the assistant answers them in order; private notes and system lines are no questions).
    /// </summary>
    internal IReadOnlyList<Message> For(IReadOnlyList<Message> inserted, IReadOnlyDictionary<long, ChatThread> threads,
        IReadOnlySet<long> waiting, IReadOnlyDictionary<long, string> customers)
    {
        var current = settings.Current;
        var inAiThreads = !current.AutoReplyInAiThreads
            ? Enumerable.Empty<Message>()
            : inserted
                .Where(m => m is { SenderType: SenderType.User, SenderId: not null }
                            && threads.TryGetValue(m.ThreadId, out var thread) && thread.Type == ThreadType.Ai)
                .GroupBy(m => m.ThreadId)
                .Select(g => g.MaxBy(m => m.Id)!);
        var fromCustomers = inserted.Where(m => m is { SenderType: SenderType.User, SenderId: not null, IsPrivate: false }
                                                && m.Type != MessageType.System && waiting.Contains(m.ThreadId)
                                                && threads[m.ThreadId].ContactId is { } contactId
                                                && customers.GetValueOrDefault(contactId) == m.SenderId);
        return [.. inAiThreads.Concat(fromCustomers).OrderBy(q => q.Id).Select(question => new Message
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
