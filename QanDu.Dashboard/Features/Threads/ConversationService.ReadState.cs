using Microsoft.EntityFrameworkCore;
using QanDu.Dashboard.Data;
using QanDu.Dashboard.Data.Entities;
using QanDu.Dashboard.Realtime;

namespace QanDu.Dashboard.Features.Threads;

/// <summary>
/// Read positions set on purpose: "mark as read" and "mark as unread". This is the only way a read cursor moves
/// backwards; receipts (<see cref="MarkAsync"/>) and posting only ever move it forward.
/// </summary>
public sealed partial class ConversationService
{
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
        return readers;
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
