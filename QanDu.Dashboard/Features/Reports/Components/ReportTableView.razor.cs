using Microsoft.AspNetCore.Components;
using MudBlazor;

namespace QanDu.Dashboard.Features.Reports.Components;

/// <summary>
/// Draws a report table: the first column names the categories, the numeric columns are the values. Bar and line
/// charts draw one series per numeric column (those of the first numeric column's unit, so seconds and counts never
/// share an axis); a donut draws the first numeric column; a heat map draws one row per category and also shades the
/// cells of the table beneath it.
/// </summary>
public sealed partial class ReportTableView
{
    private List<ChartSeries<double>> _series = [];
    private string[] _labels = [];
    private double _max;

    [Parameter, EditorRequired] public string Report { get; set; } = "";

    [Parameter, EditorRequired] public ReportQuery Query { get; set; } = null!;

    [Parameter, EditorRequired] public ReportTable Table { get; set; } = null!;

    private string HeadingId => $"report-table-{Table.Key}";

    protected override void OnParametersSet()
    {
        var numeric = Enumerable.Range(1, Math.Max(0, Table.Columns.Count - 1)).Where(i => Table.Columns[i].Unit != ReportUnit.Text).ToList();
        var charted = numeric.Where(i => Table.Columns[i].Unit == Table.Columns[numeric.FirstOrDefault()].Unit).ToList();
        var categories = Table.Rows.Select(r => r.Cells.Count > 0 ? ReportFormat.Cell(r.Cells[0], Table.Columns[0].Unit) : "").ToArray();
        _max = Table.Rows.SelectMany(r => charted.Where(i => i < r.Cells.Count).Select(i => r.Cells[i].Value ?? 0)).DefaultIfEmpty(0).Max();
        (_series, _labels) = (charted.Count == 0, Table.Chart) switch
        {
            (true, _) => ([], []),
            (_, ReportChart.HeatMap) => (Table.Rows.Select((row, r) => Series(categories[r], charted.Select(i => ValueAt(row, i)))).ToList(),
                charted.Select(i => Table.Columns[i].Label).ToArray()),
            (_, ReportChart.Donut) => ([Series(Table.Columns[charted[0]].Label, Table.Rows.Select(row => ValueAt(row, charted[0])))], categories),
            _ => (charted.Select(i => Series(Table.Columns[i].Label, Table.Rows.Select(row => ValueAt(row, i)))).ToList(), categories),
        };
    }

    private static ChartSeries<double> Series(string name, IEnumerable<double> values) => new() { Name = name, Data = new ChartData<double>([.. values]) };

    private static double ValueAt(ReportRow row, int column) => column < row.Cells.Count ? row.Cells[column].Value ?? 0 : 0;

    private static ChartType ChartTypeOf(ReportChart chart) => chart switch
    {
        ReportChart.Line => ChartType.Line,
        ReportChart.Donut => ChartType.Donut,
        ReportChart.HeatMap => ChartType.HeatMap,
        _ => ChartType.Bar,
    };

    private static string Align(ReportColumn column) => column.Unit == ReportUnit.Text ? "" : "qd-num";

    /// <summary>A heat map's cells are shaded by their value, so the table reads as the chart does.</summary>
    private string? HeatStyle(ReportCell cell, ReportColumn column) =>
        Table.Chart == ReportChart.HeatMap && column.Unit != ReportUnit.Text && _max > 0 && cell.Value is { } value
            ? FormattableString.Invariant($"background-color: rgba(25, 118, 210, {0.08 + 0.6 * value / _max:0.00})")
            : null;

    private static RenderFragment Content(ReportCell cell, string text) => builder =>
    {
        if (cell.Link is { } link)
        {
            builder.OpenElement(0, "a");
            builder.AddAttribute(1, "href", link);
            builder.AddAttribute(2, "data-testid", "report-cell-link");
            builder.AddContent(3, text);
            builder.CloseElement();
        }
        else
        {
            builder.AddContent(4, text);
        }
    };
}
