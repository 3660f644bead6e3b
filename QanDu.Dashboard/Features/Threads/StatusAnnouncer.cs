using QanDu.Dashboard.Features.Access;
using QanDu.Dashboard.Data.Entities;
using QanDu.Dashboard.Features.Messages;
using QanDu.Dashboard.Realtime;

namespace QanDu.Dashboard.Features.Threads;

/// <summary>A thread whose status changed in a commit: what the announcement says about it.</summary>
internal sealed record StatusChanged(long ThreadId, bool Customer, ThreadStatus Status, DateTime? SnoozedUntil);

/// <summary>
/// Tells everyone about status changes after their commit: <see cref="ThreadChanged"/> for each thread, and in a customer
/// conversation a staff-only line saying who did what ("Resolved by Maya Chen"), so the history explains the status.
/// </summary>
public sealed class StatusAnnouncer(MessageService messages, IChatEvents events, ILogger<StatusAnnouncer> logger)
{
    internal static StatusChanged Of(ChatThread thread) => new(thread.Id, thread.ContactId != null, thread.Status, thread.SnoozedUntil);

    /// <summary>Announces <paramref name="changed"/>; each customer conversation's line names <paramref name="who"/> unless a <paramref name="line"/> is given.</summary>
    internal async Task AnnounceAsync(IReadOnlyList<StatusChanged> changed, string who, CancellationToken ct, Func<StatusChanged, string>? line = null)
    {
        foreach (var thread in changed)
            events.Publish(new ThreadChanged(thread.ThreadId));
        foreach (var thread in changed.Where(t => t.Customer))
        {
            var text = line?.Invoke(thread) ?? ThreadStatusChange.Describe(thread.Status, thread.SnoozedUntil, who);
            try
            {
                await messages.PostActivityAsync(thread.ThreadId, text, ThreadStatusChange.Action(thread.Status), ct);
            }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                // The status is committed: a missing history line must not report the change as failed.
                logger.LogError(ex, "Could not record \"{Line}\" in conversation {ThreadId}", text, thread.ThreadId);
            }
        }
    }
}
