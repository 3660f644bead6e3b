using System.Diagnostics;
using System.IO.Compression;
using Microsoft.Extensions.Options;
using QanDu.Dashboard.Data;

namespace QanDu.Dashboard.Hosting.Backups;

/// <summary>
/// <c>backup --out FILE.zip</c>: a consistent copy of the data folder while the app keeps running. The database is
/// copied first (one snapshot) and checked; files and keys follow, so every file the snapshot refers to is already
/// on disk (a file is in place before the message that refers to it commits). Written to <c>FILE.zip.partial</c> and
/// renamed only after every entry was read back and matched its checksum, so a file under the final name is complete.
/// </summary>
internal sealed class BackupCommand(DataFolder folder, IOptions<DatabaseOptions> database, TimeProvider clock)
{
    public string Run(string output)
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
            SqliteFile.Snapshot(folder.Database, snapshot, database.Value.BusyTimeoutMs);
            var integrity = SqliteFile.IntegrityCheck(snapshot);
            if (integrity != "ok")
                throw new BackupException($"The copy of {folder.Database} failed SQLite's integrity_check: {integrity}. No backup was written; the live database may be damaged.");
            var contents = SqliteFile.Contents(snapshot);
            var referenced = SqliteFile.StoredFiles(snapshot);
            var schema = SqliteFile.Migrations(snapshot).LastOrDefault() ?? "none";

            var entries = new List<BackupEntry>();
            using (var zip = ZipFile.Open(partial, ZipArchiveMode.Create))
            {
                entries.Add(BackupArchive.Add(zip, BackupArchive.DatabaseName, snapshot, CompressionLevel.Fastest));
                // Uploaded files are mostly compressed already (images, PDF); storing them as they are saves the CPU.
                entries.AddRange(AddFolder(zip, folder.Files, "files", skip: folder.Uploads, CompressionLevel.NoCompression));
                entries.AddRange(AddFolder(zip, folder.Keys, "keys", skip: null, CompressionLevel.Optimal));
                BackupArchive.AddManifest(zip, new BackupManifest(BackupArchive.Format, clock.GetUtcNow(), schema, contents, entries));
            }
            BackupArchive.Verify(partial);
            File.Move(partial, target);

            var files = entries.Where(e => e.Path.StartsWith("files/", StringComparison.Ordinal)).ToList();
            var keys = entries.Count(e => e.Path.StartsWith("keys/", StringComparison.Ordinal));
            var archived = files.Select(f => f.Path).ToHashSet(StringComparer.Ordinal);
            var missing = referenced.Where(name => !archived.Contains("files/" + name)).ToList();
            var report = $"""
                Backup written to {target} ({Size(new FileInfo(target).Length)}) in {started.Elapsed.TotalSeconds:0.0} s.
                  Database: {contents}; schema {schema}.
                  Files: {files.Count:N0} uploaded {Plural(files.Count, "file")} ({Size(files.Sum(f => f.Bytes))}); {keys} sign-in {Plural(keys, "key")}.
                  Checked: integrity_check ok on the copied database; all {entries.Count + 1} entries read back, checksums verified.
                Restore it with the app stopped: restore --from {target}
                """;
            return missing.Count == 0
                ? report
                : report + $"\nWarning: {missing.Count} attachments in the database have no file under {folder.Files} (deleted outside the app?), e.g. {missing[0]}.";
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

    private static string Plural(int count, string noun) => count == 1 ? noun : noun + "s";

    private static string Size(long bytes) => bytes switch
    {
        >= 1L << 30 => $"{bytes / (double)(1L << 30):0.0} GB",
        >= 1L << 20 => $"{bytes / (double)(1L << 20):0.0} MB",
        >= 1L << 10 => $"{bytes / 1024.0:0.0} KB",
        _ => $"{bytes} bytes",
    };
}
