using System.Globalization;

namespace QanDu.Dashboard.Features.Reports;

/// <summary>Whether a figure going up is good news, bad news or neither: it picks the colour of the change.</summary>
public enum ReportTrend { Neutral, UpIsGood, DownIsGood }

/// <summary>
/// How the pages write a report's numbers: by unit (<c>1h 05m</c>, <c>87.5%</c>, <c>4.2 / 5</c>), and the change
/// against the previous period (<c>▲ 12%</c>) with whether that change is good.
/// </summary>
public static class ReportFormat
{
    private static readonly CultureInfo Culture = CultureInfo.InvariantCulture;

    // Words in a figure's key that make more of it bad news (more reopenings, breaches, hand-offs, dismissed suggestions…).
    private static readonly string[] BadWords = ["reopened", "reopens", "reopen", "breached", "breaches", "breach", "handoffs", "handoff",
        "hand", "negative", "down", "dismissed", "unanswered", "gaps", "gap", "waiting", "missed"];

    /// <summary>A value in its unit; a missing value (no rated conversation, say) is a dash. Percent is 0–100.</summary>
    public static string Value(double? value, ReportUnit unit) => value switch
    {
        null => "—",
        { } v => unit switch
        {
            ReportUnit.Seconds => Duration(v),
            ReportUnit.Percent => v.ToString("0.#", Culture) + "%",
            ReportUnit.Rating => v.ToString("0.0", Culture) + " / 5",
            ReportUnit.Ratio => v.ToString("0.##", Culture),
            _ => v.ToString("#,0.##", Culture),
        },
    };

    /// <summary>A cell as shown: its text when it has one (a text column), else its number in the column's unit.</summary>
    public static string Cell(ReportCell cell, ReportUnit unit) => cell.Text ?? Value(cell.Value, unit);

    /// <summary>"45s", "12m 05s", "1h 05m", "2d 03h".</summary>
    public static string Duration(double seconds)
    {
        var sign = seconds < 0 ? "-" : "";
        var span = TimeSpan.FromSeconds(Math.Round(Math.Abs(seconds)));
        return sign + (span.TotalDays >= 1 ? $"{(int)span.TotalDays}d {span.Hours:00}h"
            : span.TotalHours >= 1 ? $"{(int)span.TotalHours}h {span.Minutes:00}m"
            : span.TotalMinutes >= 1 ? $"{span.Minutes}m {span.Seconds:00}s"
            : $"{span.Seconds}s");
    }

    /// <summary>
    /// Lower is better for times (Seconds) and for figures whose key names something unwanted (reopened, breached,
    /// hand-offs, negative, thumbs down, dismissed, unanswered, knowledge gaps); higher is better for rates (Percent)
    /// and ratings; other counts (new conversations) are neither.
    /// </summary>
    public static ReportTrend Trend(string key, ReportUnit unit)
    {
        var words = key.ToLowerInvariant().Split(['-', '_', ':', '.', ' '], StringSplitOptions.RemoveEmptyEntries);
        if (unit == ReportUnit.Seconds || words.Any(w => BadWords.Contains(w)))
            return ReportTrend.DownIsGood;
        if (unit is ReportUnit.Percent or ReportUnit.Rating || words.Any(w => w is "resolved" or "met" or "positive" or "deflected" or "up"))
            return ReportTrend.UpIsGood;
        return ReportTrend.Neutral;
    }

    /// <summary>
    /// The change from the previous period: "▲ 12%" (relative), in points for a percentage ("▼ 3.5 pts"), "▲ new" from
    /// nothing, "no change", or null when either side is missing.
    /// </summary>
    public static string? Change(double? value, double? previous, ReportUnit unit)
    {
        if (value is not { } now || previous is not { } before || unit == ReportUnit.Text)
            return null;
        if (now == before)
            return "no change";
        var arrow = now > before ? "▲" : "▼";
        if (unit == ReportUnit.Percent)
            return $"{arrow} {Math.Abs(now - before).ToString("0.#", Culture)} pts";
        if (before == 0)
            return $"{arrow} new";
        return $"{arrow} {Math.Abs((now - before) / before * 100).ToString("0", Culture)}%";
    }

    /// <summary>Whether the change is good (true), bad (false) or neither (null), for its colour.</summary>
    public static bool? IsGood(ReportFigure figure)
    {
        if (figure.Value is not { } now || figure.Previous is not { } before || now == before)
            return null;
        return Trend(figure.Key, figure.Unit) switch
        {
            ReportTrend.UpIsGood => now > before,
            ReportTrend.DownIsGood => now < before,
            _ => null,
        };
    }
}
