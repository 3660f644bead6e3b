using QanDu.Dashboard.Features.Operations;

namespace QanDu.Dashboard.Features.Health;

/// <summary>
/// The thresholds of the health page, each from the figures it judges (no I/O here): what counts as Degraded or
/// Unhealthy, and the line that says what to do. docs/operations.md ("Health") lists the same rules.
/// </summary>
internal static class HealthRules
{
    public const int WriterQueueWarning = 1_000;
    public const int WriterQueueCritical = 45_000; // 90 % of the writer's queue: posters are about to wait
    public static readonly TimeSpan WebhookLate = TimeSpan.FromMinutes(15);
    public static readonly TimeSpan WebhookCritical = TimeSpan.FromHours(12); // half the 24 h the dispatcher retries
    public static readonly TimeSpan ErrorsRecent = TimeSpan.FromMinutes(15);
    private const long Megabyte = 1024 * 1024;

    public static HealthComponent Database(DatabaseProbe.Result probe, string? lastRefusedWrite, long databaseBytes)
    {
        const string name = "Database";
        const string action = "Free space on the disk holding the data folder, or give the app's user write access to the database " +
                              "file and its folder; this clears as soon as a write succeeds.";
        if (probe.Refused is { } refused)
            return new("database", name, HealthState.Unhealthy, $"A test write was refused: {refused}.", action);
        if (lastRefusedWrite is { } failure)
            return new("database", name, HealthState.Unhealthy, $"A write was refused: {failure}.", action);
        return new("database", name, HealthState.Healthy,
            $"A test write committed in {probe.Took.TotalMilliseconds:N0} ms; the database takes {Size(databaseBytes)}.");
    }

    public static HealthComponent Disk(string path, long free, long total, long minFree, HealthOptions options)
    {
        const string name = "Disk space";
        var percent = total > 0 ? 100.0 * free / total : 100;
        var figure = $"{Size(free)} free of {Size(total)} ({percent:N1} %) on the disk holding {path}.";
        if (minFree > 0 && free < minFree)
            return new("disk", name, HealthState.Unhealthy, figure + $" Under Storage:MinFreeSpaceMegabytes ({minFree / Megabyte:N0} MB): uploads are refused.",
                "Free space now (delete old backups or files, or grow the disk): the database needs room for every message.");
        if (free < options.DiskWarningMegabytes * Megabyte || percent < options.DiskWarningPercent)
            return new("disk", name, HealthState.Degraded, figure + $" Nearly full (warning under {options.DiskWarningMegabytes:N0} MB or {options.DiskWarningPercent:N0} %).",
                "Free space soon: under Storage:MinFreeSpaceMegabytes uploads are refused, and a full disk refuses messages.");
        return new("disk", name, HealthState.Healthy, figure);
    }

    public static HealthComponent WriterQueue(int waiting, long written, long commits)
    {
        var figure = $"{waiting:N0} posts waiting to be written; {written:N0} written since start in {commits:N0} commits.";
        var state = waiting >= WriterQueueCritical ? HealthState.Unhealthy : waiting >= WriterQueueWarning ? HealthState.Degraded : HealthState.Healthy;
        return new("writer", "Message writer", state, figure,
            state == HealthState.Healthy ? null : "Posts arrive faster than the disk commits them: check the disk's speed and the Database row; " +
                                                  "Storage:Synchronous NORMAL commits faster (see docs/configuration.md).");
    }

    public static HealthComponent Analysis(bool enabled, long waiting, int capacity, bool catchingUp)
    {
        if (!enabled)
            return new("analysis", "Message analysis", HealthState.Healthy, "Off (Analysis:Enabled is false).");
        var figure = $"{waiting:N0} messages waiting (the queue holds {capacity:N0})" +
                     (catchingUp ? "; catching up on messages the queue could not hold." : ".");
        var behind = catchingUp || waiting >= capacity / 2;
        return new("analysis", "Message analysis", behind ? HealthState.Degraded : HealthState.Healthy, figure,
            behind ? "Messages arrive faster than they are analysed; nothing is lost, sentiment and intent show later. " +
                     "If it lasts, raise Analysis:QueueCapacity or give the server more CPU." : null);
    }

    public static HealthComponent Ai(HealthState state, string? description) =>
        new("ai", "AI provider", state == HealthState.Healthy ? HealthState.Healthy : HealthState.Degraded, description ?? "No answer.",
            state == HealthState.Healthy ? null : "Check the provider's endpoint and key on the AI assistant page; agents still answer without suggestions.");

    public static HealthComponent Webhooks(WebhookHealth webhooks, DateTimeOffset now)
    {
        var late = webhooks.OldestPendingSince is { } since ? now - since : TimeSpan.Zero;
        var figure = $"{webhooks.Pending:N0} deliveries waiting" +
                     (webhooks.OldestPendingSince is { } oldest ? $" (the oldest for {Duration(now - oldest)})" : "") +
                     $"; {webhooks.FailingSubscriptions:N0} {(webhooks.FailingSubscriptions == 1 ? "subscription" : "subscriptions")} failing, {webhooks.PausedSubscriptions:N0} paused.";
        var state = late >= WebhookCritical ? HealthState.Unhealthy
            : late >= WebhookLate || webhooks.FailingSubscriptions > 0 || webhooks.PausedSubscriptions > 0 ? HealthState.Degraded
            : HealthState.Healthy;
        return new("webhooks", "Webhooks", state, figure,
            state == HealthState.Healthy ? null : "Open Webhooks: read the failing receivers' delivery log, fix the receiver, then resume " +
                                                  "paused subscriptions. Deliveries are retried for 24 hours.");
    }

    public static HealthComponent Backup(BackupHealth backups, DateTimeOffset now)
    {
        const string name = "Last backup";
        var next = backups.NextRunAt is { } at ? $" Next run {at:yyyy-MM-dd HH:mm} UTC." : "";
        var succeeded = backups.LastSucceeded;
        var failed = backups.LastFailed;
        if (failed is not null && (succeeded is null || failed.StartedAt > succeeded.StartedAt))
            return new("backup", name, HealthState.Unhealthy,
                $"The last backup failed at {failed.StartedAt:yyyy-MM-dd HH:mm} UTC: {failed.Error ?? "no reason recorded"}.{next}",
                "Fix what the error names (a full or read-only backup folder, Backup:* settings), then run a backup now on Backups.");
        if (backups.Problem is { } problem)
            return new("backup", name, HealthState.Degraded, problem + next,
                "Check that the app was running at the scheduled time and Backup:Schedule; run a backup now on Backups.");
        if (succeeded is null && backups.NextRunAt is { } first)
            return new("backup", name, HealthState.Healthy, $"No backup yet: the first is scheduled for {first:yyyy-MM-dd HH:mm} UTC."); // a fresh install is not unwell
        if (succeeded is null)
            return new("backup", name, HealthState.Degraded, "No backup yet, and none is scheduled (Backup:Enabled, Backup:Schedule).",
                "Run a backup now on Backups, and set Backup:Folder to another disk (docs/operations.md).");
        var finished = succeeded.FinishedAt ?? succeeded.StartedAt;
        var size = succeeded.SizeBytes is { } bytes ? $", {Size(bytes)}" : "";
        return new("backup", name, HealthState.Healthy,
            $"Verified backup {Duration(now - new DateTimeOffset(DateTime.SpecifyKind(finished, DateTimeKind.Utc)))} ago ({finished:yyyy-MM-dd HH:mm} UTC{size}).{next}");
    }

    public static HealthComponent Connections(long circuits, long staff, long visitors) =>
        new("connections", "Connections", HealthState.Healthy,
            $"{circuits:N0} browser {(circuits == 1 ? "tab" : "tabs")} (circuits), {staff:N0} staff hub {(staff == 1 ? "connection" : "connections")}, {visitors:N0} visitor {(visitors == 1 ? "connection" : "connections")}.");

    public static HealthComponent Memory(long workingSet, long heap, long available)
    {
        var high = available > 0 && workingSet > available * 0.9;
        return new("memory", "Memory", high ? HealthState.Degraded : HealthState.Healthy,
            $"Working set {Size(workingSet)}, managed heap {Size(heap)}" + (available > 0 ? $", of {Size(available)} available." : "."),
            high ? "The app uses over 90 % of the memory it may use: restart it at a quiet time and give the server more memory." : null);
    }

    public static HealthComponent Errors(long total, RecordedError? newest, DateTimeOffset now)
    {
        if (newest is null)
            return new("errors", "Unhandled errors", HealthState.Healthy, "None since start.");
        var recent = now - newest.At < ErrorsRecent;
        return new("errors", "Unhandled errors", recent ? HealthState.Degraded : HealthState.Healthy,
            $"{total:N0} since start; the last {Duration(now - newest.At)} ago: {newest.Type}.",
            recent ? "Read the errors below and find their trace id in the log; a repeating one is worth reporting." : null);
    }

    public static string Size(long bytes) => bytes switch
    {
        >= 1L << 30 => $"{bytes / (double)(1L << 30):N1} GB",
        >= 1L << 20 => $"{bytes / (double)(1L << 20):N1} MB",
        >= 1L << 10 => $"{bytes / 1024.0:N0} KB",
        _ => $"{bytes:N0} bytes",
    };

    public static string Duration(TimeSpan span) => span switch
    {
        { TotalDays: >= 2 } => $"{(int)span.TotalDays} days",
        { TotalHours: >= 2 } => $"{(int)span.TotalHours} h",
        { TotalMinutes: >= 2 } => $"{(int)span.TotalMinutes} min",
        _ => $"{Math.Max(0, (int)span.TotalSeconds)} s",
    };
}
