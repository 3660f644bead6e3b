using QanDu.Dashboard.Data.Entities;

namespace QanDu.Dashboard.Features.Access;

/// <summary>
/// The one set of rules for moving a thread between statuses, applied to a tracked thread by every path that changes one
/// (the conversation lifecycle, thread updates, bulk actions, and the message writer when a new message brings a thread
/// back): the status, when it was resolved, and until when it sleeps always agree. It sits with the access rules because
/// both the threads and the messages features apply it.
/// </summary>
public static class ThreadStatusChange
{
    /// <summary>
    /// Moves the thread to <paramref name="status"/>; <paramref name="snoozeUntil"/> only with <see cref="ThreadStatus.Snoozed"/>
    /// (null: until the customer replies). Returns whether anything changed.
    /// </summary>
    public static bool Apply(ChatThread thread, ThreadStatus status, DateTime? snoozeUntil, DateTime now)
    {
        var until = status == ThreadStatus.Snoozed ? snoozeUntil : null;
        if (thread.Status == status && thread.SnoozedUntil == until)
            return false;
        thread.Status = status;
        thread.SnoozedUntil = until;
        thread.ResolvedAt = status == ThreadStatus.Archived ? now : null;
        thread.UpdatedAt = now;
        return true;
    }

    /// <summary>Back to open (a new message, a snooze that ended, someone reopening it).</summary>
    public static void Reopen(ChatThread thread)
    {
        thread.Status = ThreadStatus.Active;
        thread.SnoozedUntil = null;
        thread.ResolvedAt = null;
    }

    /// <summary>
    /// The status as a person reads it: customer conversations are "resolved" where staff threads are "archived" (one
    /// status, <see cref="ThreadStatus.Archived"/>); active is "open".
    /// </summary>
    public static string Name(ThreadStatus status, bool customer) => status switch
    {
        ThreadStatus.Active => "Open",
        ThreadStatus.Pending => "Pending",
        ThreadStatus.Snoozed => "Snoozed",
        _ => customer ? "Resolved" : "Archived",
    };

    /// <summary>The staff-only line a status change leaves in a customer conversation, e.g. "Resolved by Maya Chen".</summary>
    public static string Describe(ThreadStatus status, DateTime? snoozeUntil, string who) => status switch
    {
        ThreadStatus.Active => $"Reopened by {who}",
        ThreadStatus.Pending => $"Marked pending by {who}",
        ThreadStatus.Snoozed when snoozeUntil is { } until => $"Snoozed by {who} until {until:yyyy-MM-dd HH:mm} UTC",
        ThreadStatus.Snoozed => $"Snoozed by {who} until the customer replies",
        _ => $"Resolved by {who}",
    };

    /// <summary>The action recorded in a status line's system metadata (<c>resolved</c>, <c>reopened</c>, …).</summary>
    public static string Action(ThreadStatus status) => status switch
    {
        ThreadStatus.Active => "reopened",
        ThreadStatus.Pending => "pending",
        ThreadStatus.Snoozed => "snoozed",
        _ => "resolved",
    };
}
