using QanDu.Dashboard.Data.Entities;
using QanDu.Dashboard.Hosting.Backups;

namespace QanDu.Dashboard.Features.Backups;

/// <summary>Where a backup is: <c>running</c>, <c>verified</c> (its file can be downloaded), <c>failed</c>, or <c>removed</c> by retention.</summary>
public enum BackupStatus { Running, Verified, Failed, Removed }

/// <summary>One backup as the admin page and the API show it (never its path on the server: downloads go by id).</summary>
public sealed record BackupView(
    long Id, BackupTrigger Trigger, BackupStatus Status, DateTime StartedAt, DateTime? FinishedAt, long? SizeBytes, long? DurationMs,
    bool Verified, string? Error, string? FileName, string? StartedBy, BackupPhase? Phase)
{
    public string Size => SizeBytes is { } bytes ? BackupResult.Size(bytes) : "—";

    public string Duration => DurationMs is { } ms ? ms < 1000 ? $"{ms} ms" : $"{ms / 1000.0:0.0} s" : "—";
}

/// <summary>The schedule and retention as configured, and when the next scheduled backup runs.</summary>
public sealed record BackupScheduleView(bool Enabled, string Schedule, string TimeZone, DateTimeOffset? NextRunAt, string Folder, int KeepDaily, int KeepWeekly);

/// <summary>The backups page and <c>GET /api/admin/backups</c>: newest first, with the schedule and any problem.</summary>
public sealed record BackupsOverview(IReadOnlyList<BackupView> Backups, BackupScheduleView Schedule, string? Problem);

/// <summary>The answer to "run now": the new backup's id (poll <c>GET /api/admin/backups/{id}</c> for its outcome).</summary>
public sealed record BackupStarted(long Id);
