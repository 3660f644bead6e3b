using System.Diagnostics;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using QanDu.Dashboard.Data;
using QanDu.Dashboard.Data.Entities;
using QanDu.Dashboard.Features.Access;
using QanDu.Dashboard.Features.Operations;
using QanDu.Dashboard.Hosting.Backups;

namespace QanDu.Dashboard.Features.Backups;

/// <summary>A backup while it runs: which record, and the phase it is in (null: about to start).</summary>
public sealed record BackupProgress(long RecordId, BackupTrigger Trigger, DateTime StartedAt, BackupPhase? Phase);

/// <summary>
/// The one write path of the BackupRecords table and the one way a backup is taken by the app (scheduled or run now),
/// one at a time: records the attempt, writes and verifies the file through <see cref="BackupCommand"/> (the verb's code
/// path), records the outcome with an error an admin can act on, applies retention and sets <see cref="BackupState"/>.
/// </summary>
internal sealed class BackupRunner(
    IDbContextFactory<ChatDbContext> dbFactory, BackupCommand command, DataFolder data, IOptions<BackupOptions> options,
    IHostEnvironment environment, BackupState state, QanduMetrics metrics, TimeProvider clock, IHostApplicationLifetime lifetime,
    ILogger<BackupRunner> logger)
{
    private readonly SemaphoreSlim _oneAtATime = new(1, 1);
    private volatile BackupProgress? _running;

    /// <summary>The backup running now, if any.</summary>
    public BackupProgress? Running => _running;

    /// <summary>Raised when a backup starts, moves to its next phase and finishes (handlers return at once).</summary>
    public event Action? ProgressChanged;

    public string Folder => options.Value.FolderPath(data, environment.ContentRootPath);

    /// <summary>
    /// "Run now": starts a backup and returns its record's id at once; the backup runs on. A second request while one
    /// runs is refused (409), never queued.
    /// </summary>
    public async Task<long> StartNowAsync(ChatCaller caller, CancellationToken ct = default)
    {
        RequireAdmin(caller);
        if (!_oneAtATime.Wait(0))
            throw Busy();
        BackupRecord record;
        try
        {
            record = await BeginAsync(BackupTrigger.Manual, caller.UserId, ct);
        }
        catch
        {
            _oneAtATime.Release();
            throw;
        }
        _ = Task.Run(() => FinishAsync(record, lifetime.ApplicationStopping), CancellationToken.None);
        return record.Id;
    }

    /// <summary>Takes a backup and returns its record when it is done (waits for one already running to finish first).</summary>
    public async Task<BackupRecord> RunAsync(BackupTrigger trigger, string? startedById, CancellationToken ct)
    {
        await _oneAtATime.WaitAsync(ct);
        BackupRecord record;
        try
        {
            record = await BeginAsync(trigger, startedById, ct);
        }
        catch
        {
            _oneAtATime.Release();
            throw;
        }
        return await FinishAsync(record, ct);
    }

    private async Task<BackupRecord> BeginAsync(BackupTrigger trigger, string? startedById, CancellationToken ct)
    {
        var record = new BackupRecord { Trigger = trigger, StartedAt = clock.GetUtcNow().UtcDateTime, StartedById = startedById };
        await using (var db = await dbFactory.CreateDbContextAsync(ct))
        {
            db.BackupRecords.Add(record);
            await db.SaveChangesAsync(ct);
        }
        Report(new BackupProgress(record.Id, trigger, record.StartedAt, null));
        return record;
    }

    /// <summary>Never throws: whatever goes wrong is the record's error, logged, and the state says so.</summary>
    private async Task<BackupRecord> FinishAsync(BackupRecord record, CancellationToken ct)
    {
        var watch = Stopwatch.StartNew();
        var folder = Folder;
        try
        {
            var target = Path.Combine(folder, FileName(record));
            var result = await Task.Run(() => command.Write(target, phase => Report(_running! with { Phase = phase }), ct), ct);
            (record.Path, record.SizeBytes, record.Verified) = (result.Path, result.SizeBytes, true);
            logger.LogInformation("Backup {Id} ({Trigger}) written to {Path}: {Size} bytes in {Duration}", record.Id, record.Trigger, result.Path,
                result.SizeBytes, result.Duration);
        }
        catch (Exception ex)
        {
            record.Error = Truncate(BackupErrors.Describe(ex, folder));
            if (ex is OperationCanceledException)
                logger.LogWarning("Backup {Id} stopped: the app is shutting down", record.Id);
            else
                logger.LogError(ex, "Backup {Id} ({Trigger}) failed: {Error}", record.Id, record.Trigger, record.Error);
        }
        record.FinishedAt = clock.GetUtcNow().UtcDateTime;
        record.DurationMs = watch.ElapsedMilliseconds;
        try
        {
            await SaveAsync(record);
            metrics.BackupFinished(record.Trigger == BackupTrigger.Scheduled ? "scheduled" : "manual", record.Verified, watch.Elapsed);
            if (record.Verified)
                await ApplyRetentionAsync();
        }
        catch (Exception ex)
        {
            logger.LogError(ex, "Could not record the outcome of backup {Id} or apply retention", record.Id);
        }
        finally
        {
            _running = null;
            _oneAtATime.Release();
            ProgressChanged?.Invoke();
        }
        await RefreshStateAsync(CancellationToken.None);
        return record;
    }

    private async Task SaveAsync(BackupRecord record)
    {
        await using var db = await dbFactory.CreateDbContextAsync(CancellationToken.None);
        db.BackupRecords.Update(record);
        await db.SaveChangesAsync(CancellationToken.None);
    }

    /// <summary>Deletes the files retention does not keep and marks their records; a file already gone is marked too.</summary>
    private async Task ApplyRetentionAsync()
    {
        var settings = options.Value;
        await using var db = await dbFactory.CreateDbContextAsync(CancellationToken.None);
        var kept = await db.BackupRecords.Where(r => r.Verified && r.DeletedAt == null && r.Path != null).ToListAsync();
        var now = clock.GetUtcNow().UtcDateTime;
        foreach (var record in BackupRetention.ToDelete(kept, settings.KeepDaily, settings.KeepWeekly, BackupSchedule.From(settings).Zone))
        {
            try
            {
                File.Delete(record.Path!);
                record.DeletedAt = now;
            }
            catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
            {
                logger.LogWarning("Retention could not delete the backup {Path}: {Reason}", record.Path, ex.Message);
            }
        }
        await db.SaveChangesAsync(CancellationToken.None);
    }

    /// <summary>
    /// Reads where backups stand from the table and publishes it: run at start (a record left running by a stopped app is
    /// closed as failed first), after every run, and now and then by the scheduler so a missed run shows.
    /// </summary>
    public async Task RefreshStateAsync(CancellationToken ct)
    {
        try
        {
            await using var db = await dbFactory.CreateDbContextAsync(ct);
            var succeeded = await db.BackupRecords.AsNoTracking().Where(r => r.Verified).OrderByDescending(r => r.StartedAt).FirstOrDefaultAsync(ct);
            var failed = await db.BackupRecords.AsNoTracking().Where(r => !r.Verified && r.FinishedAt != null)
                .OrderByDescending(r => r.StartedAt).FirstOrDefaultAsync(ct);
            var last = await db.BackupRecords.AsNoTracking().OrderByDescending(r => r.StartedAt).FirstOrDefaultAsync(ct);
            state.Set(BackupHealthRules.Evaluate(options.Value, succeeded, failed, last, clock.GetUtcNow()));
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            logger.LogError(ex, "Could not read the backup records");
            state.Set(state.Current with { Problem = $"The backup records cannot be read: {ex.Message}" });
        }
    }

    /// <summary>
    /// Closes attempts left running: by a stopped app, or in a database restored from a backup (the copy was taken while
    /// its own record was open). A file under the final name was verified before it was renamed, so that attempt succeeded.
    /// </summary>
    public async Task CloseAbandonedAsync(CancellationToken ct)
    {
        if (_running is not null)
            return;
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var open = await db.BackupRecords.Where(r => r.FinishedAt == null).ToListAsync(ct);
        var now = clock.GetUtcNow().UtcDateTime;
        foreach (var record in open)
        {
            var file = Directory.Exists(Folder) ? Directory.EnumerateFiles(Folder, $"qandu-backup-*-{record.Id}.zip").FirstOrDefault() : null;
            record.FinishedAt = now;
            if (file is not null)
                (record.Path, record.SizeBytes, record.Verified) = (file, new FileInfo(file).Length, true);
            else
                record.Error = "The app stopped while this backup was running; no backup was written.";
        }
        await db.SaveChangesAsync(ct);
    }

    private void Report(BackupProgress progress)
    {
        _running = progress;
        ProgressChanged?.Invoke();
    }

    internal static ChatConflictException Busy() =>
        new("A backup is already running; wait for it to finish (its progress shows on /admin/backups), then start another.", "A backup is already running");

    internal static void RequireAdmin(ChatCaller caller)
    {
        if (!caller.IsAdmin)
            throw new ChatForbiddenException("Only admins manage backups.");
    }

    private static string FileName(BackupRecord record) =>
        string.Create(System.Globalization.CultureInfo.InvariantCulture, $"qandu-backup-{record.StartedAt:yyyyMMdd-HHmmss}-{record.Id}.zip");

    private static string Truncate(string text) => text.Length <= 2000 ? text : text[..1997] + "...";
}
