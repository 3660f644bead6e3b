using System.Globalization;
using System.Text.Json;

namespace QanDu.Dashboard.Features.Reports;

/// <summary>One bar or point of a report over time: a local day (or week) of the query's time zone, as UTC instants.</summary>
public sealed record ReportBucket(string Label, DateOnly Start, DateTime StartUtc, DateTime EndUtc);

/// <summary>
/// The days of a query in its time zone (midnight to midnight, daylight-saving days included), or its weeks (Monday to
/// Sunday, the first and last cut at the range) when the range is longer than <see cref="WeeklyAfterDays"/> days.
/// </summary>
public static class ReportBuckets
{
    public const int WeeklyAfterDays = 62;

    public static IReadOnlyList<ReportBucket> Of(ReportQuery query)
    {
        var zone = query.Zone;
        var weekly = query.Days > WeeklyAfterDays;
        var buckets = new List<ReportBucket>();
        var day = query.From;
        while (day <= query.To)
        {
            var next = weekly ? NextMonday(day) : day.AddDays(1);
            if (next > query.To.AddDays(1))
                next = query.To.AddDays(1);
            var label = weekly ? $"Week of {day:yyyy-MM-dd}" : day.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
            buckets.Add(new ReportBucket(label, day, Sla.BusinessTime.ToUtc(day.ToDateTime(TimeOnly.MinValue), zone),
                Sla.BusinessTime.ToUtc(next.ToDateTime(TimeOnly.MinValue), zone)));
            day = next;
        }
        return buckets;
    }

    /// <summary>The bucket holding <paramref name="utc"/>; -1 outside the range.</summary>
    public static int IndexOf(IReadOnlyList<ReportBucket> buckets, DateTime utc)
    {
        int low = 0, high = buckets.Count - 1;
        while (low <= high)
        {
            var mid = (low + high) / 2;
            if (utc < buckets[mid].StartUtc)
                high = mid - 1;
            else if (utc >= buckets[mid].EndUtc)
                low = mid + 1;
            else
                return mid;
        }
        return -1;
    }

    /// <summary>The buckets as a JSON array of [start, end] in the database's time format, for <c>json_each</c> in raw SQL.</summary>
    public static string SqlJson(IReadOnlyList<ReportBucket> buckets) =>
        JsonSerializer.Serialize(buckets.Select(b => new[] { ReportScope.SqlTime(b.StartUtc), ReportScope.SqlTime(b.EndUtc) }));

    /// <summary>A drill-key part naming a bucket by its first day.</summary>
    public static string Key(ReportBucket bucket) => bucket.Start.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);

    private static DateOnly NextMonday(DateOnly day)
    {
        var ahead = ((int)DayOfWeek.Monday - (int)day.DayOfWeek + 7) % 7;
        return day.AddDays(ahead == 0 ? 7 : ahead);
    }
}
