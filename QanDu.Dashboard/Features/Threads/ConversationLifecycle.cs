using Microsoft.EntityFrameworkCore;
using QanDu.Dashboard.Data;
using QanDu.Dashboard.Data.Entities;
using QanDu.Dashboard.Features.Access;

namespace QanDu.Dashboard.Features.Threads;

/// <summary>
/// Resolving, reopening and snoozing a conversation (staff threads are "archived" by the same status), and waking the
/// snoozed ones whose time has come. Writes only the status columns of Threads (status, resolved at, snoozed until),
/// by the rules of <see cref="ThreadStatusChange"/>; <see cref="ThreadService"/> owns the rest of the table.
/// </summary>
public sealed class ConversationLifecycle(
    IDbContextFactory<ChatDbContext> dbFactory, ThreadService threads, StatusAnnouncer announcer, TimeProvider clock)
{
    /// <summary>The furthest a snooze may reach.</summary>
    public static readonly TimeSpan MaxSnooze = TimeSpan.FromDays(366);

    /// <summary>The most conversations one pass of <see cref="WakeDueAsync"/> reopens (the waker repeats while passes are full).</summary>
    public const int WakeBatch = 500;

    /// <summary>Resolves a customer conversation (archives a staff thread); a no-op when it already is.</summary>
    public Task<ThreadSummary> ResolveAsync(ChatCaller caller, long threadId, CancellationToken ct = default) =>
        ChangeAsync(caller, threadId, ThreadStatus.Archived, null, ct);

    public Task<ThreadSummary> ReopenAsync(ChatCaller caller, long threadId, CancellationToken ct = default) =>
        ChangeAsync(caller, threadId, ThreadStatus.Active, null, ct);

    /// <summary>
    /// Snoozes until <paramref name="until"/> (UTC), or with null until the customer replies (any new message reopens a
    /// snoozed conversation).
    /// </summary>
    public Task<ThreadSummary> SnoozeAsync(ChatCaller caller, long threadId, DateTime? until, CancellationToken ct = default)
    {
        ValidateSnooze(until, clock.GetUtcNow().UtcDateTime);
        return ChangeAsync(caller, threadId, ThreadStatus.Snoozed, until, ct);
    }

    /// <summary>A snooze ends in the future and within <see cref="MaxSnooze"/>; refused naming <c>until</c> otherwise.</summary>
    public static void ValidateSnooze(DateTime? until, DateTime now, string field = "until")
    {
        if (until is not { } time)
            return;
        if (time.Kind == DateTimeKind.Local)
            time = time.ToUniversalTime();
        if (time <= now)
            throw new ChatValidationException(field, "A snooze must end in the future; choose a later time, or snooze until the customer replies.");
        if (time > now + MaxSnooze)
            throw new ChatValidationException(field, "A snooze can last at most a year; choose an earlier time.");
    }

    private async Task<ThreadSummary> ChangeAsync(ChatCaller caller, long threadId, ThreadStatus status, DateTime? until, CancellationToken ct)
    {
        caller.RequireStaff("Changing a conversation's status");
        await using (var db = await dbFactory.CreateDbContextAsync(ct))
        {
            var thread = await db.RequireVisibleAsync(caller, threadId, ct);
            if (ThreadStatusChange.Apply(thread, status, until?.ToUniversalTime(), clock.GetUtcNow().UtcDateTime))
            {
                await db.SaveChangesAsync(ct);
                await announcer.AnnounceAsync([StatusAnnouncer.Of(thread)], caller.DisplayName, ct);
            }
        }
        return await threads.GetThreadAsync(caller, threadId, ct);
    }

    /// <summary>
    /// Reopens every snoozed conversation whose snooze has ended (by <see cref="SnoozeWaker"/>); returns how many. A
    /// snooze until the customer replies has no end here: their message reopens it.
    /// </summary>
    public async Task<int> WakeDueAsync(CancellationToken ct = default)
    {
        var now = clock.GetUtcNow().UtcDateTime;
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var due = await db.Threads.Where(t => t.Status == ThreadStatus.Snoozed && t.SnoozedUntil != null && t.SnoozedUntil <= now)
            .OrderBy(t => t.SnoozedUntil).Take(WakeBatch).ToListAsync(ct);
        if (due.Count == 0)
            return 0;
        foreach (var thread in due)
        {
            ThreadStatusChange.Reopen(thread);
            thread.UpdatedAt = now;
        }
        await db.SaveChangesAsync(ct);
        await announcer.AnnounceAsync(due.ConvertAll(StatusAnnouncer.Of), "QanDu", ct, _ => "Reopened: the snooze ended");
        return due.Count;
    }
}
