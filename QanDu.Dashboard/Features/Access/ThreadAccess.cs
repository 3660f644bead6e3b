using Microsoft.EntityFrameworkCore;
using QanDu.Dashboard.Data;
using QanDu.Dashboard.Data.Entities;

namespace QanDu.Dashboard.Features.Access;

/// <summary>
/// The one rule for who sees a thread, by the caller's kind: staff (in person or by API key) see the threads they take
/// part in and the conversations of their teams, supervisors and admins every thread except someone else's AI thread
/// (private to the person who asked); a visitor only the conversations they take part in; the app itself all.
/// </summary>
public static class ThreadAccess
{
    public static IQueryable<ChatThread> Visible(this IQueryable<ChatThread> threads, ChatCaller caller) => caller.Kind switch
    {
        CallerKind.System => threads,
        CallerKind.Visitor => threads.Where(t => t.Participants.Any(p => p.UserId == caller.UserId)),
        _ => caller.SeesAllThreads
            ? threads.Where(t => t.Type != ThreadType.Ai || t.Participants.Any(p => p.UserId == caller.UserId))
            // A team's conversations are its members' to pick up (an AI thread never has a team); a customer
            // conversation with neither team nor assignee waits in the Unassigned queue, for every agent to pick up.
            : threads.Where(t => t.Participants.Any(p => p.UserId == caller.UserId)
                                 || (t.TeamId != null && t.Type != ThreadType.Ai && t.Team!.Members.Any(m => m.UserId == caller.UserId))
                                 || (t.ContactId != null && t.TeamId == null && t.AssigneeId == null)),
    };

    /// <summary>A customer conversation in the Unassigned queue: every staff member sees it (see <see cref="Visible"/>).</summary>
    public static bool InOpenQueue(this ChatThread thread) => thread.ContactId != null && thread.TeamId == null && thread.AssigneeId == null;

    /// <summary>
    /// Whether the caller sees threads they take no part in (supervisors, admins, the app). For staff that is every thread
    /// but someone else's AI thread: to decide about one thread, use <see cref="Sees"/>.
    /// </summary>
    public static bool SeesEveryThread(this ChatCaller caller) =>
        caller.Kind == CallerKind.System || (caller.IsStaff && caller.SeesAllThreads);

    /// <summary>
    /// The same rule as <see cref="Visible"/> for a thread already loaded: whether the caller sees a thread of this type
    /// when they do (<paramref name="takesPart"/>: a participant, or a member of the conversation's team) or do not take
    /// part in it.
    /// </summary>
    /// Takes part also covers a customer conversation waiting in the Unassigned queue (<see cref="InOpenQueue"/>) for staff.
    public static bool Sees(this ChatCaller caller, ThreadType type, bool takesPart) => caller.Kind switch
    {
        CallerKind.System => true,
        CallerKind.Visitor => takesPart,
        _ => takesPart || (caller.SeesAllThreads && type != ThreadType.Ai),
    };

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

    /// <summary>Of <paramref name="threadIds"/>, the threads the caller sees (one query; none asked, none read).</summary>
    public static async Task<IReadOnlySet<long>> VisibleAmongAsync(this ChatDbContext db, ChatCaller caller, IReadOnlyCollection<long> threadIds, CancellationToken ct)
    {
        if (threadIds.Count == 0)
            return new HashSet<long>();
        var ids = threadIds.Distinct().ToList();
        return (await db.Threads.Visible(caller).Where(t => ids.Contains(t.Id)).Select(t => t.Id).ToListAsync(ct)).ToHashSet();
    }

    public static async Task<Message> RequireVisibleMessageAsync(this ChatDbContext db, ChatCaller caller, long messageId, CancellationToken ct)
    {
        return await db.Messages.Include(m => m.Attachments)
                   .Where(m => db.Threads.Visible(caller).Any(t => t.Id == m.ThreadId))
                   // A private note does not exist for a customer.
                   .Where(m => !caller.IsVisitor || !m.IsPrivate)
                   .FirstOrDefaultAsync(m => m.Id == messageId, ct)
               ?? throw new ChatNotFoundException($"Message {messageId}");
    }
}
