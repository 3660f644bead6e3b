using System.Diagnostics;
using System.IO.Compression;
using Microsoft.Extensions.Options;
using QanDu.Dashboard.Data;

namespace QanDu.Dashboard.Hosting.Backups;

/// <summary>Where a backup is, for progress shown while it runs (the admins' backups page).</summary>
public enum BackupPhase { CopyingDatabase, Checking, AddingFiles, Verifying, Done }

/// <summary>What one backup wrote and checked: the verb prints <see cref="Report"/>, the scheduler records the figures.</summary>
internal sealed record BackupResult(
    string Path, long SizeBytes, TimeSpan Duration, DatabaseContents Contents, string Schema, int Files, long FileBytes, int Keys, int Entries,
    IReadOnlyList<string> MissingFiles)
{
    public string Report()
    {
        var report = $"""
            Backup written to {Path} ({Size(SizeBytes)}) in {Duration.TotalSeconds:0.0} s.
              Database: {Contents}; schema {Schema}.
              Files: {Files:N0} uploaded {Plural(Files, "file")} ({Size(FileBytes)}); {Keys} sign-in {Plural(Keys, "key")}.
              Checked: integrity_check ok on the copied database; all {Entries + 1} entries read back, checksums verified.
            Restore it with the app stopped: restore --from {Path}
            """;
        return MissingFiles.Count == 0
            ? report
            : report + $"\nWarning: {MissingFiles.Count} attachments in the database have no file in the data folder (deleted outside the app?), e.g. {MissingFiles[0]}.";
    }

    private static string Plural(int count, string noun) => count == 1 ? noun : noun + "s";

    public static string Size(long bytes) => bytes switch
    {
        >= 1L << 30 => $"{bytes / (double)(1L << 30):0.0} GB",
        >= 1L << 20 => $"{bytes / (double)(1L << 20):0.0} MB",
        >= 1L << 10 => $"{bytes / 1024.0:0.0} KB",
        _ => $"{bytes} bytes",
    };
}

/// <summary>
/// <c>backup --out FILE.zip</c>, and every scheduled or "run now" backup (the one code path that writes, verifies and
/// reports): a consistent copy of the data folder while the app keeps running. The database is copied first (one
/// snapshot) and checked; files and keys follow, so every file the snapshot refers to is already on disk (a file is in
/// place before the message that refers to it commits). Written to <c>FILE.zip.partial</c> and renamed only after every
/// entry was read back and matched its checksum, so a file under the final name is complete.
/// </summary>
internal sealed class BackupCommand(DataFolder folder, IOptions<DatabaseOptions> database, TimeProvider clock)
{
    public string Run(string output) => Write(output).Report();

    /// <summary>Writes and verifies one backup at <paramref name="output"/>, telling <paramref name="progress"/> each phase as it begins.</summary>
    public BackupResult Write(string output, Action<BackupPhase>? progress = null, CancellationToken ct = default)
    {
        var started = Stopwatch.StartNew();
        var target = Path.GetFullPath(output);
        if (File.Exists(target) || Directory.Exists(target))
            throw new BackupException($"{target} already exists; a backup never overwrites one. Choose a new name.");
        if (folder.Contains(target))
            throw new BackupException($"Write the backup outside the data folder {folder.Path}: a backup beside the data it protects is lost with it.");
        if (!File.Exists(folder.Database))
            throw new BackupException($"There is no database at {folder.Database} to back up (Storage:DataDirectory, Storage:DatabaseFile).");
        Directory.CreateDirectory(Path.GetDirectoryName(target)!);
        var partial = target + ".partial";
        var snapshot = target + ".db.partial";
        try
        {
            // A folder that cannot be written (read-only, no permission) says so now, as a file error, not as SQLite's.
            File.WriteAllBytes(partial, []);
            File.Delete(partial);
            progress?.Invoke(BackupPhase.CopyingDatabase);
            SqliteFile.Snapshot(folder.Database, snapshot, database.Value.BusyTimeoutMs);
            ct.ThrowIfCancellationRequested();
            progress?.Invoke(BackupPhase.Checking);
            var integrity = SqliteFile.IntegrityCheck(snapshot);
            if (integrity != "ok")
                throw new BackupException($"The copy of {folder.Database} failed SQLite's integrity_check: {integrity}. No backup was written; the live database may be damaged.");
            var contents = SqliteFile.Contents(snapshot);
            var referenced = SqliteFile.StoredFiles(snapshot);
            var schema = SqliteFile.Migrations(snapshot).LastOrDefault() ?? "none";
            ct.ThrowIfCancellationRequested();

            progress?.Invoke(BackupPhase.AddingFiles);
            var entries = new List<BackupEntry>();
            using (var zip = ZipFile.Open(partial, ZipArchiveMode.Create))
            {
                entries.Add(BackupArchive.Add(zip, BackupArchive.DatabaseName, snapshot, CompressionLevel.Fastest));
                // Uploaded files are mostly compressed already (images, PDF); storing them as they are saves the CPU.
                entries.AddRange(AddFolder(zip, folder.Files, "files", skip: folder.Uploads, CompressionLevel.NoCompression));
                entries.AddRange(AddFolder(zip, folder.Keys, "keys", skip: null, CompressionLevel.Optimal));
                BackupArchive.AddManifest(zip, new BackupManifest(BackupArchive.Format, clock.GetUtcNow(), schema, contents, entries));
            }
            ct.ThrowIfCancellationRequested();
            progress?.Invoke(BackupPhase.Verifying);
            BackupArchive.Verify(partial);
            File.Move(partial, target);

            var files = entries.Where(e => e.Path.StartsWith("files/", StringComparison.Ordinal)).ToList();
            var keys = entries.Count(e => e.Path.StartsWith("keys/", StringComparison.Ordinal));
            var archived = files.Select(f => f.Path).ToHashSet(StringComparer.Ordinal);
            var missing = referenced.Where(name => !archived.Contains("files/" + name)).ToList();
            progress?.Invoke(BackupPhase.Done);
            return new BackupResult(target, new FileInfo(target).Length, started.Elapsed, contents, schema, files.Count, files.Sum(f => f.Bytes), keys,
                entries.Count, missing);
        }
        finally
        {
            File.Delete(snapshot);
            File.Delete(partial); // gone already when the backup succeeded
        }
    }

    private static IEnumerable<BackupEntry> AddFolder(ZipArchive zip, string path, string name, string? skip, CompressionLevel level)
    {
        if (!Directory.Exists(path))
            yield break;
        foreach (var file in Directory.EnumerateFiles(path, "*", SearchOption.AllDirectories).Order(StringComparer.Ordinal))
        {
            if (skip is not null && file.StartsWith(skip + Path.DirectorySeparatorChar, StringComparison.Ordinal))
                continue;
            BackupEntry entry;
            try
            {
                entry = BackupArchive.Add(zip, $"{name}/{Path.GetRelativePath(path, file).Replace('\\', '/')}", file, level);
            }
            catch (FileNotFoundException)
            {
                continue; // taken back since it was listed (a message that did not commit returns its file to uploads)
            }
            yield return entry;
        }
    }
}
