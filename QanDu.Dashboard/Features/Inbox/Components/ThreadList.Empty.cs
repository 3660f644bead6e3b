using QanDu.Dashboard.Data.Entities;
using QanDu.Dashboard.Features.Threads;
namespace QanDu.Dashboard.Features.Inbox.Components;

public sealed partial class ThreadList
{
    private InboxQuery Unfiltered => InboxQuery.Default with { View = _shown.View, Sort = _shown.Sort, Status = _shown.Status };

    private string ClearFiltersHref => "/" + InboxUrl.Format(Unfiltered);

    /// <summary>What an empty list says: why it is empty and what to do about it.</summary>
    private (string Heading, string Hint) EmptyText()
    {
        if (_shown != Unfiltered)
            return ("No conversations match these filters", "Change or clear the filters to see more.");
        return _shown.EffectiveStatus switch
        {
            ThreadStatus.Archived => ("No resolved conversations", "Resolve a conversation (or archive a thread) from its header; a new message brings it back."),
            ThreadStatus.Pending => ("Nothing pending", "Conversations waiting on the assistant or a next step show up here."),
            ThreadStatus.Snoozed => ("Nothing snoozed", "Snooze a conversation from its header or the list; it comes back on time or when the customer replies."),
            _ => _shown.View switch
            {
                InboxView.Mine => ("Nothing assigned to you", "Threads assigned to you show up here as soon as they are."),
                InboxView.Unassigned => ("Every conversation has an owner", "New unassigned threads and customer conversations show up here."),
                _ => ("No conversations yet", "Start one with the New button."),
            },
        };
    }
}
