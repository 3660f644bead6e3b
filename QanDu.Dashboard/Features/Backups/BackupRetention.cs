using QanDu.Dashboard.Data.Entities;

namespace QanDu.Dashboard.Features.Backups;

/// <summary>
/// Which backup files to delete: keep the newest backup of each of the <c>KeepDaily</c> most recent days that have one,
/// and of each of the <c>KeepWeekly</c> most recent weeks (Monday to Sunday), days read in the schedule's time zone; the
/// newest backup is always kept, whatever the counts.
/// </summary>
internal static class BackupRetention
{
    /// <summary>Of <paramref name="kept"/> (verified backups whose files are still there), those to delete.</summary>
    public static IReadOnlyList<BackupRecord> ToDelete(IEnumerable<BackupRecord> kept, int keepDaily, int keepWeekly, TimeZoneInfo zone)
    {
        var newestFirst = kept.OrderByDescending(r => r.StartedAt).ThenByDescending(r => r.Id).ToList();
        if (newestFirst.Count == 0)
            return [];
        var keep = new HashSet<long> { newestFirst[0].Id };
        // GroupBy keeps the order in which each key first appears: newest day (week) first, its newest backup first.
        foreach (var day in newestFirst.GroupBy(r => Day(r, zone)).Take(keepDaily))
            keep.Add(day.First().Id);
        foreach (var week in newestFirst.GroupBy(r => WeekStart(Day(r, zone))).Take(keepWeekly))
            keep.Add(week.First().Id);
        return [.. newestFirst.Where(r => !keep.Contains(r.Id))];
    }

    private static DateOnly Day(BackupRecord record, TimeZoneInfo zone) =>
        DateOnly.FromDateTime(TimeZoneInfo.ConvertTimeFromUtc(DateTime.SpecifyKind(record.StartedAt, DateTimeKind.Utc), zone));

    private static DateOnly WeekStart(DateOnly day) => day.AddDays(-(((int)day.DayOfWeek + 6) % 7));
}
