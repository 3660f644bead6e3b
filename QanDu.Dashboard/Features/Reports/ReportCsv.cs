using System.Globalization;
using System.Text;
using QanDu.Dashboard.Features.Access;

namespace QanDu.Dashboard.Features.Reports;

/// <summary>
/// One table of a report as CSV (RFC 4180: CRLF line ends, a cell quoted when it holds a comma, quote or line break,
/// quotes doubled), with the same numbers as the screen and the JSON: numbers as they are (invariant culture, seconds
/// as seconds, percents as 0–100), an empty cell for "none". A text cell a spreadsheet would run as a formula (starting
/// with =, +, -, @, tab or carriage return) gets an apostrophe in front, so opening the file runs nothing; numbers are
/// never text, so a negative number stays a number. <c>figures</c> is the headline figures as a table.
/// </summary>
public static class ReportCsv
{
    /// <summary>The pseudo-table of the headline figures.</summary>
    public const string FiguresTable = "figures";

    /// <summary>The CSV of <paramref name="table"/> (a table key, or <see cref="FiguresTable"/>; null: the first table).</summary>
    public static string Write(ReportResult report, string? table)
    {
        var text = new StringBuilder();
        if (string.Equals(table, FiguresTable, StringComparison.OrdinalIgnoreCase))
        {
            text.Append(Line(["key", "figure", "value", "previous", "unit"]));
            foreach (var f in report.Figures)
                text.Append(Line([Text(f.Key), Text(f.Label), Number(f.Value), Number(f.Previous), Text(f.Unit.ToString().ToLowerInvariant())]));
            return text.ToString();
        }
        var chosen = table is null ? report.Tables.FirstOrDefault() : report.Tables.FirstOrDefault(t => string.Equals(t.Key, table, StringComparison.OrdinalIgnoreCase));
        if (chosen is null)
            throw new ChatValidationException("table",
                $"The {report.Name} report has no table '{table}'; tables: {string.Join(", ", [FiguresTable, .. report.Tables.Select(t => t.Key)])}.");
        text.Append(Line([.. chosen.Columns.Select(c => Text(c.Label))]));
        foreach (var row in chosen.Rows)
            text.Append(Line([.. row.Cells.Select((cell, i) => chosen.Columns[i].Unit == ReportUnit.Text ? Text(cell.Text) : Number(cell.Value))]));
        return text.ToString();
    }

    /// <summary>The file name: report, range and table, e.g. <c>conversations-2026-03-01-to-2026-03-31-by-channel.csv</c>.</summary>
    public static string FileName(ReportResult report, string? table) =>
        $"{report.Name}-{report.Query.From:yyyy-MM-dd}-to-{report.Query.To:yyyy-MM-dd}-{(table ?? report.Tables.FirstOrDefault()?.Key ?? FiguresTable).ToLowerInvariant()}.csv";

    private static string Line(IEnumerable<string> cells) => string.Join(",", cells) + "\r\n";

    private static string Number(double? value) => value is { } number ? number.ToString("R", CultureInfo.InvariantCulture) : "";

    /// <summary>A text cell: formula-safe, quoted when it needs to be.</summary>
    public static string Text(string? value)
    {
        if (string.IsNullOrEmpty(value))
            return "";
        if (value[0] is '=' or '+' or '-' or '@' or '\t' or '\r')
            value = "'" + value;
        return value.IndexOfAny([',', '"', '\r', '\n']) >= 0 || value != value.Trim()
            ? "\"" + value.Replace("\"", "\"\"") + "\""
            : value;
    }
}
