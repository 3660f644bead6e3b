using Microsoft.EntityFrameworkCore;
using QanDu.Dashboard.Data;
using QanDu.Dashboard.Data.Entities;

namespace QanDu.Dashboard.Features.Threads;

/// <summary>The one rule for who sees a thread: its participants, and every supervisor and admin.</summary>
internal static class ThreadAccess
{
    public static IQueryable<ChatThread> Visible(this IQueryable<ChatThread> threads, ChatCaller caller) =>
        caller.SeesAllThreads ? threads : threads.Where(t => t.Participants.Any(p => p.UserId == caller.UserId));

    /// <summary>Throws not-found, never forbidden, for a thread the caller may not see.</summary>
    public static async Task<ChatThread> RequireVisibleAsync(this ChatDbContext db, ChatCaller caller, long threadId, CancellationToken ct)
    {
        return await db.Threads.Visible(caller).FirstOrDefaultAsync(t => t.Id == threadId, ct)
            ?? throw new ChatNotFoundException($"Thread {threadId}");
    }

    /// <summary>As <see cref="RequireVisibleAsync"/> when only the check matters: nothing is loaded or tracked.</summary>
    public static async Task RequireVisibleIdAsync(this ChatDbContext db, ChatCaller caller, long threadId, CancellationToken ct)
    {
        if (!await db.Threads.Visible(caller).AnyAsync(t => t.Id == threadId, ct))
            throw new ChatNotFoundException($"Thread {threadId}");
    }

    public static async Task<Message> RequireVisibleMessageAsync(this ChatDbContext db, ChatCaller caller, long messageId, CancellationToken ct)
    {
        return await db.Messages.Include(m => m.Attachments)
                   .Where(m => db.Threads.Visible(caller).Any(t => t.Id == m.ThreadId))
                   .FirstOrDefaultAsync(m => m.Id == messageId, ct)
               ?? throw new ChatNotFoundException($"Message {messageId}");
    }
}
