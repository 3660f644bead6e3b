using System.Globalization;
using QanDu.Dashboard.Data.Entities;
using QanDu.Dashboard.Features.Operations;

namespace QanDu.Dashboard.Features.Backups;

/// <summary>
/// When backups are a problem an admin must hear about: the last attempt failed; a scheduled run did not happen (the app
/// was down at the time); or the last verified backup is older than two scheduled intervals.
/// </summary>
internal static class BackupHealthRules
{
    /// <summary>How late a scheduled run may start before it counts as missed.</summary>
    public static readonly TimeSpan Grace = TimeSpan.FromMinutes(10);

    public static BackupHealth Evaluate(BackupOptions options, BackupRecord? succeeded, BackupRecord? failed, BackupRecord? last, DateTimeOffset now)
    {
        var schedule = options.Enabled ? BackupSchedule.From(options) : null;
        var next = schedule?.Next(now);
        string? problem = null;
        if (failed is not null && (succeeded is null || failed.StartedAt > succeeded.StartedAt))
            problem = $"The last backup failed ({Time(failed.StartedAt)}): {failed.Error}";
        else if (schedule is not null && last is not null && schedule.Next(Utc(last.StartedAt)) is { } due && due + Grace < now)
            problem = $"The backup scheduled for {Time(due.UtcDateTime)} did not run (the app was not running then, or the run never finished). Run one now.";
        else if (schedule?.Interval(now) is { } interval && succeeded is not null && now - Utc(succeeded.StartedAt) > 2 * interval)
            problem = $"The last verified backup is from {Time(succeeded.StartedAt)}, more than two scheduled intervals ago.";
        return new BackupHealth(succeeded, failed, next, problem);
    }

    private static DateTimeOffset Utc(DateTime at) => new(DateTime.SpecifyKind(at, DateTimeKind.Utc));

    private static string Time(DateTime utc) => utc.ToString("yyyy-MM-dd HH:mm", CultureInfo.InvariantCulture) + " UTC";
}
