using System.Text.Json.Serialization;

namespace QanDu.Dashboard.Features.Reports;

/// <summary>
/// What a report is asked for: a date range (inclusive, in <see cref="TimeZone"/>, whose midnight draws the day
/// boundary), compared with the period of the same length just before it, optionally narrowed to a channel, team,
/// agent or label.
/// </summary>
public sealed record ReportQuery(DateOnly From, DateOnly To, string TimeZone = "UTC",
    long? ChannelId = null, long? TeamId = null, string? AgentId = null, long? LabelId = null)
{
    /// <summary>The longest range a report covers.</summary>
    public const int MaxDays = 366;

    public int Days => To.DayNumber - From.DayNumber + 1;

    /// <summary>The same number of days just before <see cref="From"/>.</summary>
    [JsonIgnore]
    public ReportQuery Previous => this with { From = From.AddDays(-Days), To = From.AddDays(-1) };

    [JsonIgnore]
    public TimeZoneInfo Zone => TimeZoneInfo.FindSystemTimeZoneById(TimeZone);

    /// <summary>The range as UTC instants: [start of From, start of the day after To) in the time zone.</summary>
    [JsonIgnore]
    public (DateTime Start, DateTime End) UtcRange =>
        (Sla.BusinessTime.ToUtc(From.ToDateTime(TimeOnly.MinValue), Zone), Sla.BusinessTime.ToUtc(To.AddDays(1).ToDateTime(TimeOnly.MinValue), Zone));
}

/// <summary>How a figure is measured (the UI formats and charts by it; CSV writes the number as is).</summary>
public enum ReportUnit { Count, Seconds, Percent, Rating, Ratio, Text }

/// <summary>How a table is best drawn above itself (every table is also shown as a table, for screen readers).</summary>
public enum ReportChart { None, Bar, Line, HeatMap, Donut }

/// <summary>
/// One headline figure with the previous period's value beside it, and a link to the conversations behind it
/// (<see cref="Link"/>: a dashboard URL, null when there is nothing to list).
/// </summary>
public sealed record ReportFigure(string Key, string Label, double? Value, double? Previous, ReportUnit Unit, string? Link = null);

public sealed record ReportColumn(string Key, string Label, ReportUnit Unit);

/// <summary>One cell: its number (null: none, e.g. no rated conversations), its text for text columns, and its drill-down link.</summary>
public sealed record ReportCell(double? Value, string? Text = null, string? Link = null)
{
    public static ReportCell Of(string text, string? link = null) => new(null, text, link);
}

public sealed record ReportRow(IReadOnlyList<ReportCell> Cells);

/// <summary>A table of a report: its columns and rows, and the chart drawn from it (first column: the categories).</summary>
public sealed record ReportTable(string Key, string Title, ReportChart Chart, IReadOnlyList<ReportColumn> Columns, IReadOnlyList<ReportRow> Rows);

/// <summary>
/// A report as every door shows it — the page, the JSON API and CSV: headline figures and tables. The same object
/// feeds all three, so a figure on screen, in the API and in the CSV is one number.
/// </summary>
public sealed record ReportResult(
    string Name,
    string Title,
    ReportQuery Query,
    IReadOnlyList<ReportFigure> Figures,
    IReadOnlyList<ReportTable> Tables);

/// <summary>One report (conversations, responsiveness, …): computes its figures for a query.</summary>
public interface IReport
{
    /// <summary>The report's name in URLs and the API (<c>/api/reports/{name}</c>).</summary>
    string Name { get; }

    string Title { get; }

    Task<ReportResult> RunAsync(ReportQuery query, CancellationToken ct);

    /// <summary>
    /// The conversations behind a figure or cell (<paramref name="key"/> as the report put it in its link, see
    /// <see cref="ReportLinks.Drill"/>), newest first, at most <paramref name="limit"/>; an unknown key is refused.
    /// </summary>
    Task<IReadOnlyList<long>> DrillAsync(string key, ReportQuery query, int limit, CancellationToken ct);
}

/// <summary>The links of reports: every figure links to the list of conversations behind it.</summary>
public static class ReportLinks
{
    /// <summary>
    /// <c>/reports/{report}/drill/{key}?from=…&amp;to=…&amp;tz=…</c> (and the query's filters): the page that lists the
    /// conversations behind a figure. <paramref name="key"/> names the figure and, after a colon, a row (e.g. <c>new:channel-3</c>).
    /// </summary>
    public static string Drill(string report, string key, ReportQuery query)
    {
        var url = $"/reports/{report}/drill/{Uri.EscapeDataString(key)}?from={query.From:yyyy-MM-dd}&to={query.To:yyyy-MM-dd}&tz={Uri.EscapeDataString(query.TimeZone)}";
        if (query.ChannelId is { } channel)
            url += $"&channel={channel}";
        if (query.TeamId is { } team)
            url += $"&team={team}";
        if (query.AgentId is { } agent)
            url += $"&agent={Uri.EscapeDataString(agent)}";
        if (query.LabelId is { } label)
            url += $"&label={label}";
        return url;
    }
}
