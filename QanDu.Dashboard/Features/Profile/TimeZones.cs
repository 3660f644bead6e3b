namespace QanDu.Dashboard.Features.Profile;

/// <summary>The time zones a person can choose, as IANA ids (Europe/Berlin), from the server's own time zone data.</summary>
public static class TimeZones
{
    private static readonly Lazy<IReadOnlyList<string>> s_all = new(() =>
        TimeZoneInfo.GetSystemTimeZones()
            .Select(z => z.HasIanaId ? z.Id : TimeZoneInfo.TryConvertWindowsIdToIanaId(z.Id, out var iana) ? iana : null)
            .OfType<string>()
            .Append("UTC")
            .Distinct(StringComparer.Ordinal)
            .Order(StringComparer.Ordinal)
            .ToList());

    public static IReadOnlyList<string> All => s_all.Value;

    public static bool IsKnown(string? id) => id is not null && All.Contains(id, StringComparer.Ordinal);

    /// <summary>"Europe/Berlin (UTC+01:00)" at this moment.</summary>
    public static string Describe(string id, DateTimeOffset now)
    {
        if (!TimeZoneInfo.TryFindSystemTimeZoneById(id, out var zone))
            return id;
        var offset = zone.GetUtcOffset(now);
        return $"{id} (UTC{(offset < TimeSpan.Zero ? "-" : "+")}{offset:hh\\:mm})";
    }
}
