using System.Globalization;

namespace QanDu.Dashboard.Features.Reports;

/// <summary>The ranges offered in one click on the reports page.</summary>
public enum ReportPreset { Today, Last7Days, Last30Days, ThisMonth, LastMonth, Last12Months }

/// <summary>
/// A report's query in the address bar (<c>/reports/{name}?from=2026-11-04&amp;to=2026-12-03&amp;tz=Europe/Berlin&amp;channel=2</c>),
/// so a view can be reloaded and shared, and the presets' ranges for a given day.
/// </summary>
public static class ReportRange
{
    public const ReportPreset Default = ReportPreset.Last30Days;

    public static string Label(ReportPreset preset) => preset switch
    {
        ReportPreset.Today => "Today",
        ReportPreset.Last7Days => "Last 7 days",
        ReportPreset.Last30Days => "Last 30 days",
        ReportPreset.ThisMonth => "This month",
        ReportPreset.LastMonth => "Last month",
        _ => "Last 12 months",
    };

    /// <summary>The preset's first and last day, counted back from <paramref name="today"/> (the viewer's today).</summary>
    public static (DateOnly From, DateOnly To) Of(ReportPreset preset, DateOnly today) => preset switch
    {
        ReportPreset.Today => (today, today),
        ReportPreset.Last7Days => (today.AddDays(-6), today),
        ReportPreset.Last30Days => (today.AddDays(-29), today),
        ReportPreset.ThisMonth => (new DateOnly(today.Year, today.Month, 1), today),
        ReportPreset.LastMonth => (new DateOnly(today.Year, today.Month, 1).AddMonths(-1), new DateOnly(today.Year, today.Month, 1).AddDays(-1)),
        _ => (today.AddMonths(-12).AddDays(1), today),
    };

    /// <summary>The preset that gives exactly this range today, if any (to show it as chosen).</summary>
    public static ReportPreset? Matching(DateOnly from, DateOnly to, DateOnly today) =>
        Enum.GetValues<ReportPreset>().Cast<ReportPreset?>().FirstOrDefault(p => Of(p!.Value, today) == (from, to));

    /// <summary>The day in the time zone at <paramref name="now"/>.</summary>
    public static DateOnly Today(DateTimeOffset now, TimeZoneInfo zone) => DateOnly.FromDateTime(TimeZoneInfo.ConvertTime(now, zone).DateTime);

    /// <summary>"2026-10-05 – 2026-11-03", or one day.</summary>
    public static string Describe(DateOnly from, DateOnly to) => from == to ? Iso(from) : $"{Iso(from)} – {Iso(to)}";

    public static string Iso(DateOnly day) => day.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);

    /// <summary>A date from the address bar, or null when it is missing or not <c>yyyy-MM-dd</c>.</summary>
    public static DateOnly? ParseDay(string? text) =>
        DateOnly.TryParseExact(text, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var day) ? day : null;

    public static long? ParseId(string? text) => long.TryParse(text, out var id) && id > 0 ? id : null;

    /// <summary>
    /// The query an address asks for: its dates (the default preset when either is missing or not a date), its time zone
    /// (else <paramref name="defaultZone"/>, the viewer's) and its filters. A wrong time zone or range is kept, for the
    /// report service to refuse by name.
    /// </summary>
    public static ReportQuery Parse(string? from, string? to, string? tz, string? channel, string? team, string? agent, string? label,
        DateTimeOffset now, string defaultZone)
    {
        var zoneId = string.IsNullOrWhiteSpace(tz) ? defaultZone : tz;
        var zone = TimeZoneInfo.TryFindSystemTimeZoneById(zoneId, out var found) ? found : TimeZoneInfo.Utc;
        var (first, last) = ParseDay(from) is { } f && ParseDay(to) is { } t ? (f, t) : Of(Default, Today(now, zone));
        return new ReportQuery(first, last, zoneId, ParseId(channel), ParseId(team), string.IsNullOrWhiteSpace(agent) ? null : agent, ParseId(label));
    }

    /// <summary>The query string of <paramref name="query"/>, starting with '?': dates, time zone and the filters set.</summary>
    public static string QueryString(ReportQuery query)
    {
        var parts = new List<string> { $"from={Iso(query.From)}", $"to={Iso(query.To)}", $"tz={Uri.EscapeDataString(query.TimeZone)}" };
        if (query.ChannelId is { } channel) parts.Add($"channel={channel}");
        if (query.TeamId is { } team) parts.Add($"team={team}");
        if (query.AgentId is { } agent) parts.Add($"agent={Uri.EscapeDataString(agent)}");
        if (query.LabelId is { } label) parts.Add($"label={label}");
        return "?" + string.Join('&', parts);
    }

    /// <summary>The page of a report for a query.</summary>
    public static string Page(string report, ReportQuery query) => $"/reports/{Uri.EscapeDataString(report)}{QueryString(query)}";

    /// <summary>The CSV download of one table (<c>GET /api/reports/{name}?…&amp;format=csv&amp;table={key}</c>).</summary>
    public static string Csv(string report, ReportQuery query, string table) =>
        $"/api/reports/{Uri.EscapeDataString(report)}{QueryString(query)}&format=csv&table={Uri.EscapeDataString(table)}";
}
