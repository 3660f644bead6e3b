using System.Text;

namespace QanDu.Dashboard.Bench.Reporting;

/// <summary>The table every run prints: scenario, size, figures, target, met.</summary>
public static class ResultTable
{
    public static string ToMarkdown(IEnumerable<ResultRow> rows, BenchOptions options)
    {
        var text = new StringBuilder();
        text.AppendLine(options.Quick
            ? "Quick mode: small sizes, to check that every scenario runs; the figures are not comparable to the targets."
            : "Full run.");
        text.AppendLine();
        text.AppendLine("| scenario | size | figures | target | met |");
        text.AppendLine("| --- | --- | --- | --- | --- |");
        foreach (var row in rows)
        {
            var met = row.Error is not null ? "error" : row.Met switch { true => "yes", false => "**no**", null => "–" };
            var figures = row.Error is not null ? $"could not run: {row.Error}" : row.Figures;
            text.AppendLine($"| {Cell(row.Scenario)} | {Cell(row.Size)} | {Cell(figures)} | {Cell(row.Target)} | {met} |");
        }
        return text.ToString();
    }

    private static string Cell(string text) => text.Replace("|", "\\|").Replace("\n", " ");
}
