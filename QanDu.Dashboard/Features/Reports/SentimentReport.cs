using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using QanDu.Dashboard.Data;
using QanDu.Dashboard.Features.Access;

namespace QanDu.Dashboard.Features.Reports;

/// <summary>
/// Customer sentiment and intent over time: the customers' analysed messages per day (per week past
/// <see cref="ReportBuckets.WeeklyAfterDays"/> days) in the query's time zone — positive, neutral and negative counts, the
/// average compound score, and the intents.
/// </summary>
public sealed class SentimentReport(IDbContextFactory<ChatDbContext> dbFactory) : IReport
{
    public static readonly string[] Sentiments = ["positive", "neutral", "negative"];

    public string Name => "sentiment";

    public string Title => "Sentiment and intent";

    // The analysis is copied onto the customer message's fact when it lands (ConversationActivityLog.CopyAnalysisAsync), so
    // the report reads the log alone: no JSON, no join to Messages (909 ms to … for 30 days of 200,000 messages, measured
    // with the reports benchmark). A deleted message's fact has no sentiment.
    private const string Filters = $"a.Kind = 1 AND a.Sentiment IS NOT NULL AND {ReportScope.Sql}";

    private const string BucketSql = $"""
        WITH b AS MATERIALIZED (SELECT CAST(key AS INTEGER) AS Bucket, json_extract(value, '$[0]') AS S, json_extract(value, '$[1]') AS E FROM json_each(@buckets))
        SELECT b.Bucket AS Bucket, a.Sentiment AS Sentiment, COALESCE(a.Intent, '') AS Intent, COUNT(*) AS Count,
               TOTAL(a.SentimentScore) AS ScoreSum, COUNT(a.SentimentScore) AS Scored
        FROM b JOIN ConversationActivity a ON a.Kind = 1 AND a.At >= b.S AND a.At < b.E
        WHERE {Filters}
        GROUP BY b.Bucket, a.Sentiment, Intent
        """;

    private sealed record Row(int Bucket, string Sentiment, string Intent, int Count, double ScoreSum, int Scored);

    public async Task<ReportResult> RunAsync(ReportQuery query, CancellationToken ct)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var buckets = ReportBuckets.Of(query);
        var rows = await RowsAsync(db, query, buckets, ct);
        var before = await RowsAsync(db, query.Previous, ReportBuckets.Of(query.Previous), ct);
        List<ReportFigure> figures =
        [
            new("messages", "Customer messages analysed", rows.Sum(r => r.Count), before.Sum(r => r.Count), ReportUnit.Count, ReportLinks.Drill(Name, "messages", query)),
            .. Sentiments.Select(s => new ReportFigure(s, char.ToUpperInvariant(s[0]) + s[1..], rows.Where(r => r.Sentiment == s).Sum(r => r.Count),
                before.Where(r => r.Sentiment == s).Sum(r => r.Count), ReportUnit.Count, ReportLinks.Drill(Name, s, query))),
            new("average-score", "Average sentiment score (−1 to 1)", Average(rows), Average(before), ReportUnit.Ratio),
        ];
        var intents = rows.GroupBy(r => r.Intent).Select(g => (Intent: g.Key, Count: g.Sum(r => r.Count)))
            .OrderByDescending(i => i.Count).ThenBy(i => i.Intent, StringComparer.Ordinal).ToList();
        string Day(int i) => $"day-{ReportBuckets.Key(buckets[i])}";
        var period = query.Days > ReportBuckets.WeeklyAfterDays ? "week" : "day";
        var sentimentTable = new ReportTable("sentiment-over-time", $"Sentiment per {period}", ReportChart.Line,
            [new("day", period == "day" ? "Day" : "Week", ReportUnit.Text), .. Sentiments.Select(s => new ReportColumn(s, char.ToUpperInvariant(s[0]) + s[1..], ReportUnit.Count)),
             new("average-score", "Average score", ReportUnit.Ratio)],
            [.. buckets.Select((b, i) => new ReportRow(
            [
                ReportCell.Of(b.Label),
                .. Sentiments.Select(s => new ReportCell(rows.Where(r => r.Bucket == i && r.Sentiment == s).Sum(r => r.Count), null,
                    ReportLinks.Drill(Name, $"{s}:{Day(i)}", query))),
                new ReportCell(Average(rows.Where(r => r.Bucket == i))),
            ]))]);
        var intentTable = new ReportTable("intents-over-time", $"Intents per {period}", ReportChart.Bar,
            [new("day", period == "day" ? "Day" : "Week", ReportUnit.Text), .. intents.Select(i => new ReportColumn($"intent-{IntentKey(i.Intent)}", IntentLabel(i.Intent), ReportUnit.Count))],
            [.. buckets.Select((b, n) => new ReportRow(
            [
                ReportCell.Of(b.Label),
                .. intents.Select(i => new ReportCell(rows.Where(r => r.Bucket == n && r.Intent == i.Intent).Sum(r => r.Count), null,
                    ReportLinks.Drill(Name, $"intent-{IntentKey(i.Intent)}:{Day(n)}", query))),
            ]))]);
        var intentTotals = new ReportTable("intents", "Intents", ReportChart.Donut,
            [new("intent", "Intent", ReportUnit.Text), new("messages", "Customer messages", ReportUnit.Count)],
            [.. intents.Select(i => new ReportRow([ReportCell.Of(IntentLabel(i.Intent)),
                new ReportCell(i.Count, null, ReportLinks.Drill(Name, $"intent-{IntentKey(i.Intent)}", query))]))]);
        return new ReportResult(Name, Title, query, figures, [sentimentTable, intentTable, intentTotals]);
    }

    /// <summary>
    /// Keys: messages, positive, neutral, negative, intent-{intent} (<c>intent-none</c>: no intent recognised), each
    /// optionally narrowed to a day or week by <c>:day-{yyyy-MM-dd}</c> (its first day).
    /// </summary>
    public async Task<IReadOnlyList<long>> DrillAsync(string key, ReportQuery query, int limit, CancellationToken ct)
    {
        var parts = key.Split(':', 2);
        var (start, end) = query.UtcRange;
        if (parts.Length == 2)
        {
            var bucket = parts[1].StartsWith("day-", StringComparison.Ordinal) && DateOnly.TryParseExact(parts[1][4..], "yyyy-MM-dd", out var day)
                ? ReportBuckets.Of(query).FirstOrDefault(b => b.Start == day) : null;
            (start, end) = bucket is null ? throw Unknown(key) : (bucket.StartUtc, bucket.EndUtc);
        }
        var (condition, value) = parts[0] switch
        {
            "messages" => ("1 = 1", ""),
            "positive" or "neutral" or "negative" => ("a.Sentiment = @value", parts[0]),
            "intent-none" => ("COALESCE(a.Intent, '') = ''", ""),
            var k when k.StartsWith("intent-", StringComparison.Ordinal) => ("a.Intent = @value", k["intent-".Length..]),
            _ => throw Unknown(key),
        };
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var sql = $"""
            SELECT ThreadId AS Value FROM (
              SELECT a.ThreadId AS ThreadId, MAX(a.At) AS At FROM ConversationActivity a
              WHERE a.At >= @start AND a.At < @end AND {Filters} AND {condition}
              GROUP BY a.ThreadId) ORDER BY At DESC LIMIT {limit}
            """;
#pragma warning disable EF1002 // the SQL is this class's constants and an integer limit; every value is a parameter
        return await db.Database.SqlQueryRaw<long>(sql,
        [
            new SqliteParameter("@start", ReportScope.SqlTime(start)), new SqliteParameter("@end", ReportScope.SqlTime(end)),
            new SqliteParameter("@value", value), .. ReportScope.Parameters(query),
        ]).ToListAsync(ct);
#pragma warning restore EF1002
    }

    private static async Task<List<Row>> RowsAsync(ChatDbContext db, ReportQuery query, IReadOnlyList<ReportBucket> buckets, CancellationToken ct) =>
        await db.Database.SqlQueryRaw<Row>(BucketSql, [new SqliteParameter("@buckets", ReportBuckets.SqlJson(buckets)), .. ReportScope.Parameters(query)])
            .ToListAsync(ct);

    private static double? Average(IEnumerable<Row> rows)
    {
        var list = rows.ToList();
        var scored = list.Sum(r => r.Scored);
        return scored == 0 ? null : Math.Round(list.Sum(r => r.ScoreSum) / scored, 3);
    }

    private static string IntentKey(string intent) => intent == "" ? "none" : intent;

    private static string IntentLabel(string intent) => intent == "" ? "No intent recognised" : intent;

    private static ChatValidationException Unknown(string key) => new("key",
        $"The sentiment report has no figure '{key}'; figures: messages, positive, neutral, negative, intent-{{intent}}, each optionally ':day-{{yyyy-MM-dd}}' (a day of the range).");
}
