using QanDu.Dashboard.Features.Threads;
namespace QanDu.Dashboard.Features.Inbox.Components;

public sealed partial class ThreadList
{
    private string ClearFiltersHref => "/" + InboxUrl.Format(InboxQuery.Default with { View = _shown.View, Sort = _shown.Sort });

    /// <summary>What an empty list says: why it is empty and what to do about it.</summary>
    private (string Heading, string Hint) EmptyText()
    {
        if (_shown != InboxQuery.Default with { View = _shown.View, Sort = _shown.Sort })
            return ("No conversations match these filters", "Change or clear the filters to see more.");
        return _shown.View switch
        {
            InboxView.Mine => ("Nothing assigned to you", "Threads assigned to you show up here as soon as they are."),
            InboxView.Unassigned => ("Every conversation has an owner", "New unassigned threads show up here."),
            InboxView.Archived => ("No archived conversations", "Archive a thread from its header; a new message brings it back."),
            _ => ("No conversations yet", "Start one with the New button."),
        };
    }
}
