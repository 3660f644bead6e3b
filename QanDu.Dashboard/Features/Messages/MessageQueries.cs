using Microsoft.EntityFrameworkCore;
using QanDu.Dashboard.Data;
using QanDu.Dashboard.Data.Entities;
using QanDu.Dashboard.Features.Reactions;

namespace QanDu.Dashboard.Features.Messages;

/// <summary>Reads and small writes shared by the services that change messages (posts, edits, the assistant's replies).</summary>
public static class MessageQueries
{
    /// <summary>One message as staff see it, with its reactions; callers shape it for theirs with <see cref="MessageProjection.For(Access.ChatCaller, MessageView)"/>.</summary>
    public static async Task<MessageView> ViewAsync(ChatDbContext db, long messageId, CancellationToken ct)
    {
        var view = await db.Messages.AsNoTracking().Where(m => m.Id == messageId).Select(MessageProjection.ToView(db)).SingleAsync(ct);
        return view with { Reactions = await ReactionQueries.LoadAsync(db, messageId, ct) };
    }

    /// <summary>The messages with their reactions filled in, in one query.</summary>
    public static async Task<List<MessageView>> WithReactionsAsync(ChatDbContext db, IReadOnlyList<MessageView> messages, CancellationToken ct)
    {
        var reactions = await ReactionQueries.LoadAsync(db, messages.Select(m => m.Id).ToList(), ct);
        return messages.Select(m => reactions.TryGetValue(m.Id, out var r) ? m with { Reactions = r } : m).ToList();
    }

    /// <summary>
    /// Keeps the thread list's preview right when its last message changes (edited, deleted, an AI reply finished); the
    /// writer sets it when a message is posted. Saved with the caller's change.
    /// </summary>
    public static async Task UpdatePreviewIfLastAsync(ChatDbContext db, Message message, CancellationToken ct)
    {
        var thread = await db.Threads.SingleAsync(t => t.Id == message.ThreadId, ct);
        if (thread.LastMessageId == message.Id)
            thread.LastMessagePreview = message.DeletedAt == null ? MessageProjection.Preview(message) : "Message deleted";
    }

    private const int MaxChangeAttempts = 8;

    /// <summary>
    /// Changes one message on a fresh copy and saves it, again on a fresh copy when another writer changed it meanwhile
    /// (the <see cref="Message.Version"/> concurrency token): edits, analysis and the assistant's reply store each write
    /// parts of a message, and none may save over another's change with a stale copy. <paramref name="change"/> returns
    /// false to write nothing; it may throw to refuse.
    /// </summary>
    public static async Task<bool> ChangeAsync(
        IDbContextFactory<ChatDbContext> dbFactory, Func<ChatDbContext, Task<Message?>> load,
        Func<ChatDbContext, Message, Task<bool>> change, CancellationToken ct)
    {
        for (var attempt = 1; ; attempt++)
        {
            await using var db = await dbFactory.CreateDbContextAsync(ct);
            if (await load(db) is not { } message || !await change(db, message))
                return false;
            message.Version++;
            try
            {
                await db.SaveChangesAsync(ct);
                return true;
            }
            catch (DbUpdateConcurrencyException) when (attempt < MaxChangeAttempts)
            {
                // Someone else changed the message first: read it again and decide on what is there now.
            }
        }
    }
}
