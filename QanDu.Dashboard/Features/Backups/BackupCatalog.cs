using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using QanDu.Dashboard.Data;
using QanDu.Dashboard.Data.Entities;
using QanDu.Dashboard.Features.Access;
using QanDu.Dashboard.Features.Operations;

namespace QanDu.Dashboard.Features.Backups;

/// <summary>What admins read about backups: the list, one backup, and a backup's file to download (by id, never by path).</summary>
internal sealed class BackupCatalog(IDbContextFactory<ChatDbContext> dbFactory, BackupRunner runner, BackupState state, IOptions<BackupOptions> options,
    TimeProvider clock)
{
    public const int Shown = 100;

    public async Task<BackupsOverview> OverviewAsync(ChatCaller caller, CancellationToken ct = default)
    {
        BackupRunner.RequireAdmin(caller);
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var records = await db.BackupRecords.AsNoTracking().OrderByDescending(r => r.StartedAt).ThenByDescending(r => r.Id).Take(Shown).ToListAsync(ct);
        var names = await NamesAsync(db, records, ct);
        var settings = options.Value;
        var schedule = new BackupScheduleView(settings.Enabled, settings.Schedule, settings.TimeZone,
            settings.Enabled ? BackupSchedule.From(settings).Next(clock.GetUtcNow()) : null, runner.Folder,
            settings.KeepDaily, settings.KeepWeekly);
        return new BackupsOverview([.. records.Select(r => View(r, names))], schedule, state.Current.Problem);
    }

    public async Task<BackupView> GetAsync(ChatCaller caller, long id, CancellationToken ct = default)
    {
        BackupRunner.RequireAdmin(caller);
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var record = await db.BackupRecords.AsNoTracking().FirstOrDefaultAsync(r => r.Id == id, ct) ?? throw new ChatNotFoundException("The backup");
        return View(record, await NamesAsync(db, [record], ct));
    }

    /// <summary>The file of a verified backup that retention has not removed; 404 otherwise, saying why.</summary>
    public async Task<(string Path, string FileName)> OpenFileAsync(ChatCaller caller, long id, CancellationToken ct = default)
    {
        BackupRunner.RequireAdmin(caller);
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var record = await db.BackupRecords.AsNoTracking().FirstOrDefaultAsync(r => r.Id == id, ct) ?? throw new ChatNotFoundException("The backup");
        if (!record.Verified || record.Path is null)
            throw new ChatNotFoundException($"A file for backup {id} (it {(record.FinishedAt is null ? "is still running" : "failed")}, so it has none)");
        if (record.DeletedAt is not null || !File.Exists(record.Path))
            throw new ChatNotFoundException($"The file of backup {id} (removed {(record.DeletedAt is null ? "outside the app" : "by retention")})");
        return (record.Path, Path.GetFileName(record.Path));
    }

    private BackupView View(BackupRecord r, IReadOnlyDictionary<string, string> names)
    {
        var running = runner.Running is { } progress && progress.RecordId == r.Id ? progress : null;
        var status = r.FinishedAt is null ? BackupStatus.Running
            : !r.Verified ? BackupStatus.Failed
            : r.DeletedAt is not null ? BackupStatus.Removed
            : BackupStatus.Verified;
        return new BackupView(r.Id, r.Trigger, status, r.StartedAt, r.FinishedAt, r.SizeBytes, r.DurationMs, r.Verified, r.Error,
            r.Path is null ? null : Path.GetFileName(r.Path), r.StartedById is { } by ? names.GetValueOrDefault(by, "a former user") : null, running?.Phase);
    }

    private static async Task<IReadOnlyDictionary<string, string>> NamesAsync(ChatDbContext db, IReadOnlyList<BackupRecord> records, CancellationToken ct)
    {
        var ids = records.Where(r => r.StartedById is not null).Select(r => r.StartedById!).Distinct().ToList();
        return ids.Count == 0 ? new Dictionary<string, string>()
            : await db.Users.AsNoTracking().Where(u => ids.Contains(u.Id)).ToDictionaryAsync(u => u.Id, u => u.DisplayName, ct);
    }
}
