using System.IO.Compression;
using System.Security.Cryptography;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using QanDu.Dashboard.Data.Entities;
using QanDu.Dashboard.Features.Backups;
using QanDu.Dashboard.Features.Operations;
using QanDu.Dashboard.Hosting.Backups;
using QanDu.Dashboard.Tests.Infrastructure;

namespace QanDu.Dashboard.Tests.Features.Backups;

/// <summary>An app on its own data folder whose whole clock is a fake, with what the backup tests share.</summary>
internal sealed class BackupTestApp : IAsyncDisposable
{
    public static readonly TimeSpan Patience = TimeSpan.FromSeconds(30);

    private readonly bool _ownsFolder;

    public BackupTestApp(DateTimeOffset start, Dictionary<string, string?>? settings = null, TempDataFolder? folder = null)
    {
        Clock = new FakeTimeProvider(start);
        _ownsFolder = folder is null;
        Folder = folder ?? new TempDataFolder();
        var all = new Dictionary<string, string?> { ["Analysis:Enabled"] = "false", ["Backup:Folder"] = Folder.BackupsPath };
        foreach (var (key, value) in settings ?? [])
            all[key] = value;
        Factory = DashboardFactory.OnFolder(Folder, testServices: services => services.AddSingleton<TimeProvider>(Clock));
        foreach (var (key, value) in all)
            Factory.Settings[key] = value;
    }

    public FakeTimeProvider Clock { get; }

    public TempDataFolder Folder { get; }

    public DashboardFactory Factory { get; }

    public BackupRunner Runner => Factory.Services.GetRequiredService<BackupRunner>();

    public BackupState State => Factory.Services.GetRequiredService<BackupState>();

    public Task<List<BackupRecord>> RecordsAsync() =>
        Factory.QueryAsync(db => db.BackupRecords.AsNoTracking().OrderBy(r => r.Id).ToListAsync());

    /// <summary>Waits (in real time) until the scheduler has started and knows its next run.</summary>
    public async Task<DateTimeOffset> NextRunAsync()
    {
        _ = Factory.Services; // starts the app
        var waited = System.Diagnostics.Stopwatch.StartNew();
        while (State.Current.NextRunAt is null)
        {
            waited.Elapsed.Should().BeLessThan(Patience, "the scheduler should say when it runs next");
            await Task.Delay(20);
        }
        return State.Current.NextRunAt.Value;
    }

    /// <summary>Waits (in real time) until <paramref name="count"/> backups have finished.</summary>
    public async Task<List<BackupRecord>> FinishedAsync(int count)
    {
        var waited = System.Diagnostics.Stopwatch.StartNew();
        while (true)
        {
            var records = await RecordsAsync();
            if (records.Count(r => r.FinishedAt is not null) >= count && Runner.Running is null)
                return records;
            waited.Elapsed.Should().BeLessThan(Patience, $"{count} backups should have finished; records: {records.Count}");
            await Task.Delay(50);
        }
    }

    public async ValueTask DisposeAsync()
    {
        await Factory.DisposeAsync();
        if (_ownsFolder)
            Folder.Dispose();
    }
}

/// <summary>Reads a backup file as restore would, independently of the app's own check.</summary>
internal static class BackupFile
{
    /// <summary>Every entry's SHA-256 against manifest.json, and SQLite's integrity_check of the database in it.</summary>
    public static (string Integrity, int EntriesChecked, long Messages) Check(string archive)
    {
        using var zip = ZipFile.OpenRead(archive);
        using var manifest = JsonDocument.Parse(zip.GetEntry("manifest.json")!.Open());
        var checkedEntries = 0;
        foreach (var listed in manifest.RootElement.GetProperty("entries").EnumerateArray())
        {
            var entry = zip.GetEntry(listed.GetProperty("path").GetString()!)!;
            using var stream = entry.Open();
            Convert.ToHexStringLower(SHA256.HashData(stream)).Should().Be(listed.GetProperty("sha256").GetString(), "{0} must match the manifest", entry.FullName);
            checkedEntries++;
        }
        var database = Path.Combine(Path.GetTempPath(), $"qandu-backup-check-{Guid.NewGuid():N}.db");
        zip.GetEntry("database.db")!.ExtractToFile(database);
        try
        {
            var integrity = SqliteFile.IntegrityCheck(database);
            return (integrity, checkedEntries, SqliteFile.Contents(database).Messages);
        }
        finally
        {
            File.Delete(database);
        }
    }
}
