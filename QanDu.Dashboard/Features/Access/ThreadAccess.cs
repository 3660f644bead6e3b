using Microsoft.EntityFrameworkCore;
using QanDu.Dashboard.Data;
using QanDu.Dashboard.Data.Entities;

namespace QanDu.Dashboard.Features.Access;

/// <summary>
/// The one rule for who sees a thread, by the caller's kind: staff (in person or by API key) see the threads they take
/// part in, supervisors and admins every thread; a visitor only the conversations they take part in; the app itself all.
/// </summary>
public static class ThreadAccess
{
    public static IQueryable<ChatThread> Visible(this IQueryable<ChatThread> threads, ChatCaller caller) => caller.Kind switch
    {
        CallerKind.System => threads,
        CallerKind.Visitor => threads.Where(t => t.Participants.Any(p => p.UserId == caller.UserId)),
        _ => caller.SeesAllThreads ? threads : threads.Where(t => t.Participants.Any(p => p.UserId == caller.UserId)),
    };

    /// <summary>Whether the caller may see every thread (supervisors, admins, the app), so no participant check is needed.</summary>
    public static bool SeesEveryThread(this ChatCaller caller) =>
        caller.Kind == CallerKind.System || (caller.IsStaff && caller.SeesAllThreads);

    /// <summary>For what only staff use (the people directory, search, edit history, suggestions): a visitor is refused.</summary>
    public static void RequireStaff(this ChatCaller caller, string what)
    {
        if (caller.Kind == CallerKind.Visitor)
            throw new ChatForbiddenException($"{what} is for the team only.");
    }

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
