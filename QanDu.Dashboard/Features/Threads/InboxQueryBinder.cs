using QanDu.Dashboard.Data.Entities;
using QanDu.Dashboard.Features.Access;

namespace QanDu.Dashboard.Features.Threads;

/// <summary>
/// The REST form of an inbox query: values are read case-insensitively (<c>urgent</c>, <c>Urgent</c>) and an
/// unknown one is a validation problem naming the parameter and what it may be.
/// </summary>
internal static class InboxQueryBinder
{
    public static InboxQuery Bind(string? view, string? status, string? priority, long? labelId, string? type, bool? unread, string? sort, long? teamId = null)
    {
        var errors = new Dictionary<string, string[]>();
        var query = new InboxQuery(
            Parse<InboxView>(view, "view", errors) ?? InboxView.All,
            Parse<ThreadStatus>(status, "status", errors),
            Parse<PriorityLevel>(priority, "priority", errors),
            labelId,
            Parse<ThreadType>(type, "type", errors),
            unread ?? false,
            Parse<InboxSort>(sort, "sort", errors) ?? InboxSort.Recent,
            teamId);
        if (errors.Count > 0)
            throw new ChatValidationException(errors);
        return query;
    }

    private static T? Parse<T>(string? value, string field, Dictionary<string, string[]> errors) where T : struct, Enum
    {
        if (string.IsNullOrWhiteSpace(value))
            return null;
        if (!char.IsAsciiDigit(value[0]) && Enum.TryParse<T>(value, ignoreCase: true, out var parsed))
            return parsed;
        var allowed = string.Join(", ", Enum.GetNames<T>().Select(n => n.ToLowerInvariant()));
        errors[field] = [$"Unknown {field} \"{value}\"; use one of: {allowed}."];
        return null;
    }
}
