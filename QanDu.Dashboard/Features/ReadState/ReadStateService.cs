using Microsoft.EntityFrameworkCore;
using QanDu.Dashboard.Data;
using QanDu.Dashboard.Data.Entities;
using QanDu.Dashboard.Features.Access;
using QanDu.Dashboard.Realtime;

namespace QanDu.Dashboard.Features.ReadState;

/// <summary>
/// Who has read what: receipts (delivered, read) that only move forward, and read positions set on purpose ("mark as
/// read", "mark as unread"), the only way a read cursor moves back. Owns the ReadCursors table and the delivery status
/// of messages; the message writer moves a poster's own cursor in the same commit as their post.
/// </summary>
public sealed class ReadStateService(IDbContextFactory<ChatDbContext> dbFactory, IChatEvents events, TimeProvider clock)
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

    /// <summary>
    /// Puts the caller's read position at <paramref name="lastReadMessageId"/> (0: nothing read), either way.
    /// Forward is an ordinary read (others' messages turn read); backward marks the messages after it unread again
    /// for this user only: their delivery status stays, since they were seen.
    /// </summary>
    public async Task<ReadStateView> SetReadPositionAsync(ChatCaller caller, long threadId, long? lastReadMessageId, CancellationToken ct = default)
    {
        if (lastReadMessageId is not { } target)
            throw new ChatValidationException("lastReadMessageId", "Say up to which message the thread is read (0 for nothing).");
        if (target < 0)
            throw new ChatValidationException("lastReadMessageId", "A message id cannot be negative; use 0 for nothing read.");
        long current;
        await using (var db = await dbFactory.CreateDbContextAsync(ct))
        {
            await db.RequireVisibleAsync(caller, threadId, ct);
            if (target != 0 && !await db.Messages.AnyAsync(m => m.Id == target && m.ThreadId == threadId, ct))
                throw new ChatValidationException("lastReadMessageId", $"Message {target} is not in thread {threadId}.");
            current = await CursorAsync(db, threadId, caller.UserId, ct);
        }
        if (target > current)
            await MarkAsync(caller, threadId, target, MessageStatus.Read, ct);
        else if (target < current)
            await MoveCursorBackAsync(caller, threadId, target, ct);
        return await ReadStateAsync(caller, threadId, ct);
    }

    /// <summary>"Mark unread from here": the message and everything after it are unread again for the caller.</summary>
    public async Task<ReadStateView> MarkUnreadFromAsync(ChatCaller caller, long messageId, CancellationToken ct = default)
    {
        long threadId, before;
        await using (var db = await dbFactory.CreateDbContextAsync(ct))
        {
            threadId = (await db.RequireVisibleMessageAsync(caller, messageId, ct)).ThreadId;
            before = await PreviousMessageIdAsync(db, threadId, messageId, ct);
        }
        return await SetReadPositionAsync(caller, threadId, before, ct);
    }

    /// <summary>"Mark as unread" on a thread: its last message from someone else becomes unread, so the badge shows.</summary>
    public async Task<ReadStateView> MarkThreadUnreadAsync(ChatCaller caller, long threadId, CancellationToken ct = default)
    {
        long before;
        await using (var db = await dbFactory.CreateDbContextAsync(ct))
        {
            await db.RequireVisibleAsync(caller, threadId, ct);
            var last = await db.Messages.Where(m => m.ThreadId == threadId && m.SenderId != caller.UserId && m.DeletedAt == null)
                .OrderByDescending(m => m.Id).Select(m => (long?)m.Id).FirstOrDefaultAsync(ct);
            if (last is not { } lastId)
                throw new ChatValidationException("threadId", "There is no message from anyone else in this thread to mark unread.");
            before = await PreviousMessageIdAsync(db, threadId, lastId, ct);
        }
        return await SetReadPositionAsync(caller, threadId, before, ct);
    }

    /// <summary>
    /// The caller has seen the thread up to <paramref name="messageId"/>, a message of it: like <see cref="MarkAsync"/>
    /// with read, forward only (an older message changes nothing). Answers the read position after it.
    /// </summary>
    public async Task<ReadStateView> MarkReadAsync(ChatCaller caller, long threadId, long messageId, CancellationToken ct = default)
    {
        await using (var db = await dbFactory.CreateDbContextAsync(ct))
        {
            await db.RequireVisibleAsync(caller, threadId, ct);
            if (!await db.Messages.AnyAsync(m => m.Id == messageId && m.ThreadId == threadId, ct))
                throw new ChatValidationException("messageId", $"Message {messageId} is not in thread {threadId}.");
        }
        await MarkAsync(caller, threadId, messageId, MessageStatus.Read, ct);
        return await ReadStateAsync(caller, threadId, ct);
    }

    /// <summary>The caller's read position and unread count in one thread.</summary>
    public async Task<ReadStateView> ReadStateAsync(ChatCaller caller, long threadId, CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        await db.RequireVisibleAsync(caller, threadId, ct);
        var cursor = await CursorAsync(db, threadId, caller.UserId, ct);
        var unread = await db.Messages.CountAsync(m => m.ThreadId == threadId && m.SenderId != caller.UserId
                                                       && m.DeletedAt == null && m.Id > cursor, ct);
        return new ReadStateView(threadId, cursor, unread);
    }

    /// <summary>
    /// How far each participant has read (0 and no time for someone who never opened it), and the caller's own
    /// position even when they only look on (a supervisor). "Seen by" under the last message is made from this.
    /// </summary>
    public async Task<IReadOnlyList<ReaderView>> GetReadersAsync(ChatCaller caller, long threadId, CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        await db.RequireVisibleAsync(caller, threadId, ct);
        var participants = await db.Participants.AsNoTracking().Where(p => p.ThreadId == threadId)
            .Select(p => new { p.UserId, p.User!.DisplayName }).ToListAsync(ct);
        var cursors = await db.ReadCursors.AsNoTracking().Where(c => c.ThreadId == threadId)
            .ToDictionaryAsync(c => c.UserId, ct);
        var readers = participants
            .Select(p => cursors.TryGetValue(p.UserId, out var c)
                ? new ReaderView(p.UserId, p.DisplayName, c.LastReadMessageId, c.UpdatedAt, Participant: true)
                : new ReaderView(p.UserId, p.DisplayName, 0, null, Participant: true))
            .ToList();
        if (!readers.Exists(r => r.UserId == caller.UserId))
        {
            var own = cursors.GetValueOrDefault(caller.UserId);
            readers.Add(new ReaderView(caller.UserId, caller.DisplayName, own?.LastReadMessageId ?? 0, own?.UpdatedAt, Participant: false));
        }
        // A visitor sees how far the team has read, not who they are by id.
        return caller.IsVisitor ? readers.ConvertAll(r => r.UserId == caller.UserId ? r : r with { UserId = "" }) : readers;
    }

    private async Task MoveCursorBackAsync(ChatCaller caller, long threadId, long target, CancellationToken ct)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var now = clock.GetUtcNow().UtcDateTime;
        // One statement, so a receipt committed meanwhile is not overwritten by a stale read of the cursor.
        var moved = await db.ReadCursors
            .Where(c => c.ThreadId == threadId && c.UserId == caller.UserId && c.LastReadMessageId > target)
            .ExecuteUpdateAsync(s => s.SetProperty(c => c.LastReadMessageId, target).SetProperty(c => c.UpdatedAt, now), ct);
        if (moved > 0)
            events.Publish(new ReadStateChanged(threadId, caller.UserId, target));
    }

    private static async Task<long> CursorAsync(ChatDbContext db, long threadId, string userId, CancellationToken ct) =>
        await db.ReadCursors.Where(c => c.ThreadId == threadId && c.UserId == userId)
            .Select(c => (long?)c.LastReadMessageId).FirstOrDefaultAsync(ct) ?? 0;

    private static async Task<long> PreviousMessageIdAsync(ChatDbContext db, long threadId, long messageId, CancellationToken ct) =>
        await db.Messages.Where(m => m.ThreadId == threadId && m.Id < messageId)
            .OrderByDescending(m => m.Id).Select(m => (long?)m.Id).FirstOrDefaultAsync(ct) ?? 0;
}
