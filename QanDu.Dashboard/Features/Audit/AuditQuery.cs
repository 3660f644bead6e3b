using QanDu.Dashboard.Features.Access;

namespace QanDu.Dashboard.Features.Audit;

/// <summary>
/// Which entries to read: by who did it (<see cref="ActorId"/>), what (<see cref="Action"/>, exact, or a prefix ending
/// in a dot such as <c>team.</c>), and when (<see cref="From"/> inclusive, <see cref="To"/> exclusive, UTC); newest
/// first, the page before the entry <see cref="Before"/> (a cursor: the last id of the previous page).
/// </summary>
public sealed record AuditQuery(string? ActorId = null, string? Action = null, DateTime? From = null, DateTime? To = null, long? Before = null, int Limit = 50)
{
    public const int MaxLimit = 200;

    public void Validate()
    {
        var errors = new Dictionary<string, string[]>();
        if (Limit is < 1 or > MaxLimit)
            errors["limit"] = [$"The page size (limit) is 1 to {MaxLimit}."];
        if (From is { } from && To is { } to && to <= from)
            errors["to"] = ["The end of the date range (to) must be after its start (from)."];
        if (Action is { Length: > 64 })
            errors["action"] = ["An action is at most 64 characters, such as team.created or apikey."];
        if (Before is < 1)
            errors["before"] = ["The cursor (before) is the id of an entry, a positive number."];
        if (errors.Count > 0)
            throw new ChatValidationException(errors);
    }
}

/// <summary>One entry as the API and the page show it; <see cref="Before"/> and <see cref="After"/> are JSON objects.</summary>
public sealed record AuditEntryView(long Id, DateTime At, string? ActorId, string ActorName, string? Address, string Action,
    string? TargetType, string? TargetId, string? TargetName, string? Before, string? After, string? Detail);

/// <summary>A page of entries, newest first; <see cref="NextBefore"/> is the cursor for the next (older) page, null at the end.</summary>
public sealed record AuditPage(IReadOnlyList<AuditEntryView> Entries, long? NextBefore);
