using QanDu.Dashboard.Data.Entities;

namespace QanDu.Dashboard.Features.Threads;

/// <summary>Which threads an inbox shows. Agents' <see cref="All"/> is every thread they take part in.</summary>
public enum InboxView { All, Mine, Unassigned, Archived }

/// <summary>
/// <see cref="Waiting"/>: urgent first, then the thread whose last message is oldest (it has waited longest for
/// the next step). <see cref="Recent"/>: newest activity first.
/// </summary>
public enum InboxSort { Recent, Waiting }

/// <summary>
/// A view with its filters. Views other than Archived show active threads unless a status is given. <see cref="TeamId"/>
/// keeps a team's conversations (the inbox's "Team: Billing" views are All with it).
/// </summary>
public sealed record InboxQuery(
    InboxView View = InboxView.All,
    ThreadStatus? Status = null,
    PriorityLevel? Priority = null,
    long? LabelId = null,
    ThreadType? Type = null,
    bool UnreadOnly = false,
    InboxSort Sort = InboxSort.Recent,
    long? TeamId = null)
{
    public static readonly InboxQuery Default = new();

    public ThreadStatus EffectiveStatus => Status ?? (View == InboxView.Archived ? ThreadStatus.Archived : ThreadStatus.Active);

    /// <summary>The one ordering of a list, used by the service and by the live list after each update.</summary>
    public int Compare(ThreadSummary a, ThreadSummary b)
    {
        if (Sort == InboxSort.Waiting)
        {
            var byPriority = b.Priority.CompareTo(a.Priority);
            if (byPriority != 0)
                return byPriority;
            var byWait = a.ActivityAt.CompareTo(b.ActivityAt);
            return byWait != 0 ? byWait : a.Id.CompareTo(b.Id);
        }
        var byActivity = b.ActivityAt.CompareTo(a.ActivityAt);
        return byActivity != 0 ? byActivity : b.Id.CompareTo(a.Id);
    }
}

/// <summary>
/// How many active threads each view holds for the caller; archived (resolved), pending and snoozed: all such threads they
/// see.
/// </summary>
public sealed record InboxCounts(int Mine, int Unassigned, int All, int Archived)
{
    public int Pending { get; init; }

    public int Snoozed { get; init; }

    /// <summary>The count shown beside a status: active in <paramref name="view"/>, the others across every view.</summary>
    public int ForStatus(ThreadStatus status, InboxView view) => status switch
    {
        ThreadStatus.Active => this[view == InboxView.Archived ? InboxView.All : view],
        ThreadStatus.Pending => Pending,
        ThreadStatus.Snoozed => Snoozed,
        _ => Archived,
    };

    public int this[InboxView view] => view switch
    {
        InboxView.Mine => Mine,
        InboxView.Unassigned => Unassigned,
        InboxView.Archived => Archived,
        _ => All,
    };
}
