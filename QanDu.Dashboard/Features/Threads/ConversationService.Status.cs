using Microsoft.EntityFrameworkCore;
using QanDu.Dashboard.Data;
using QanDu.Dashboard.Data.Entities;
using QanDu.Dashboard.Realtime;

namespace QanDu.Dashboard.Features.Threads;

public sealed partial class ConversationService
{
    /// <summary>
    /// A reader tells that messages reached them (delivered) or that they saw them (read): every message from
    /// others in the thread up to <paramref name="upToMessageId"/> moves forward, never back. Read also moves the
    /// reader's cursor, which is what unread counts are measured from.
    /// </summary>
    public async Task MarkAsync(ChatCaller caller, long threadId, long upToMessageId, MessageStatus status, CancellationToken ct = default)
    {
        if (status is not (MessageStatus.Delivered or MessageStatus.Read))
            throw new ChatValidationException("status", "A reader can set a message's status to delivered or read only.");
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        await db.RequireVisibleAsync(caller, threadId, ct);
        // Most receipts change nothing (every open tab of a reader sends one per message): answer those with reads
        // only, without taking SQLite's single write lock, which the message writer's next commit is waiting for.
        if (!await WouldChangeAsync(db, caller, threadId, upToMessageId, status, ct))
            return;
        var now = clock.GetUtcNow().UtcDateTime;
        await using var transaction = await db.Database.BeginTransactionAsync(ct);
        var changed = await BehindStatus(db, caller, threadId, upToMessageId, status)
            .ExecuteUpdateAsync(s => s.SetProperty(m => m.Status, status), ct);

        long? newCursor = null;
        if (status == MessageStatus.Read)
        {
            var cursor = await db.ReadCursors.FirstOrDefaultAsync(c => c.ThreadId == threadId && c.UserId == caller.UserId, ct);
            if (cursor is null)
                db.ReadCursors.Add(cursor = new ReadCursor { ThreadId = threadId, UserId = caller.UserId });
            if (upToMessageId > cursor.LastReadMessageId)
            {
                cursor.LastReadMessageId = upToMessageId;
                cursor.UpdatedAt = now;
                newCursor = upToMessageId;
            }
            await db.SaveChangesAsync(ct);
        }
        await transaction.CommitAsync(ct);

        if (changed > 0)
            events.Publish(new MessagesStatusChanged(threadId, upToMessageId, caller.UserId, status));
        if (newCursor is { } read)
            events.Publish(new ReadStateChanged(threadId, caller.UserId, read));
    }

    /// <summary>Others' messages in the thread up to <paramref name="upToMessageId"/> that have not reached <paramref name="status"/> yet.</summary>
    private static IQueryable<Message> BehindStatus(ChatDbContext db, ChatCaller caller, long threadId, long upToMessageId, MessageStatus status) =>
        db.Messages.Where(m => m.ThreadId == threadId && m.Id <= upToMessageId && m.SenderId != caller.UserId
                               && m.Status >= MessageStatus.Sent && m.Status < status);

    /// <summary>Whether <see cref="MarkAsync"/> would move a message's status or the reader's cursor (it only ever moves them forward).</summary>
    private static async Task<bool> WouldChangeAsync(
        ChatDbContext db, ChatCaller caller, long threadId, long upToMessageId, MessageStatus status, CancellationToken ct) =>
        await BehindStatus(db, caller, threadId, upToMessageId, status).AnyAsync(ct)
        || (status == MessageStatus.Read
            && !await db.ReadCursors.AnyAsync(c => c.ThreadId == threadId && c.UserId == caller.UserId && c.LastReadMessageId >= upToMessageId, ct));

    /// <summary>The REST form: one message's id names the thread and the point up to which the status applies.</summary>
    public async Task MarkMessageAsync(ChatCaller caller, long messageId, MessageStatus status, CancellationToken ct = default)
    {
        long threadId;
        await using (var db = await dbFactory.CreateDbContextAsync(ct))
            threadId = (await db.RequireVisibleMessageAsync(caller, messageId, ct)).ThreadId;
        await MarkAsync(caller, threadId, messageId, status, ct);
    }
}
