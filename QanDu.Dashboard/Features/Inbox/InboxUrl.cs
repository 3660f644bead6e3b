using QanDu.Dashboard.Data.Entities;
using QanDu.Dashboard.Features.Threads;

namespace QanDu.Dashboard.Features.Inbox;

/// <summary>
/// An inbox view and its filters in the address bar (<c>?view=mine&amp;priority=urgent&amp;label=3&amp;team=2&amp;unread=true</c>),
/// so reloading, bookmarking and sharing a link keep them. Unknown values are ignored, never an error page.
/// </summary>
public static class InboxUrl
{
    public static InboxQuery Parse(string? view, string? status, string? priority, string? label, string? type, string? unread, string? sort,
        string? team = null) =>
        new(
            Enum<InboxView>(view) ?? InboxView.All,
            Enum<ThreadStatus>(status),
            Enum<PriorityLevel>(priority),
            long.TryParse(label, out var labelId) && labelId > 0 ? labelId : null,
            Enum<ThreadType>(type),
            unread is "true" or "1",
            Enum<InboxSort>(sort) ?? InboxSort.Recent,
            long.TryParse(team, out var teamId) && teamId > 0 ? teamId : null);

    /// <summary>The query string for <paramref name="query"/>: empty for the default view, else starting with '?'.</summary>
    public static string Format(InboxQuery query)
    {
        var parts = new List<string>();
        if (query.View != InboxView.All) parts.Add($"view={Lower(query.View)}");
        if (query.Status is { } status) parts.Add($"status={Lower(status)}");
        if (query.Priority is { } priority) parts.Add($"priority={Lower(priority)}");
        if (query.LabelId is { } label) parts.Add($"label={label}");
        if (query.TeamId is { } team) parts.Add($"team={team}");
        if (query.Type is { } type) parts.Add($"type={Lower(type)}");
        if (query.UnreadOnly) parts.Add("unread=true");
        if (query.Sort != InboxSort.Recent) parts.Add($"sort={Lower(query.Sort)}");
        return parts.Count == 0 ? "" : "?" + string.Join('&', parts);
    }

    private static string Lower<T>(T value) where T : struct, Enum => value.ToString().ToLowerInvariant();

    private static T? Enum<T>(string? value) where T : struct, Enum =>
        !string.IsNullOrEmpty(value) && !char.IsAsciiDigit(value[0]) && System.Enum.TryParse<T>(value, ignoreCase: true, out var parsed)
            ? parsed
            : null;
}
