using Microsoft.EntityFrameworkCore;
using QanDu.Dashboard.Data;

namespace QanDu.Dashboard.Hosting.Backups;

/// <summary>
/// <c>restore --from FILE.zip</c>, with the app stopped: takes the data folder alone (refusing while the app or a command
/// holds it), unpacks the backup into a staging folder inside the data folder while checking every entry against its
/// checksum, checks the database, and only then moves the current database, files and keys aside into
/// <c>replaced-&lt;time&gt;/</c> and the restored ones into place. Every step before the swap leaves the data untouched.
/// </summary>
internal sealed class RestoreCommand(DataFolder folder, DataFolderLock folderLock, IDbContextFactory<ChatDbContext> dbFactory, TimeProvider clock)
{
    public string Run(string from)
    {
        if (!folderLock.TryTakeAlone())
            throw new BackupException(
                $"The app is running on {folder.Path}, or another command is using it ({folderLock.Path} is locked). " +
                "Stop the app, then run restore again. Nothing was changed.");
        var archive = Path.GetFullPath(from);
        if (!File.Exists(archive))
            throw new BackupException($"There is no backup at {archive}. Nothing was changed.");

        var stamp = clock.GetUtcNow().UtcDateTime.ToString("yyyyMMdd-HHmmss", System.Globalization.CultureInfo.InvariantCulture);
        var staging = Unused(Path.Combine(folder.Path, $"restoring-{stamp}"));
        var staged = folder with { Path = staging };
        BackupManifest manifest;
        try
        {
            manifest = BackupArchive.Verify(archive, entry => entry.Path == BackupArchive.DatabaseName
                ? staged.Database
                : Path.Combine(staging, entry.Path.Replace('/', Path.DirectorySeparatorChar)));
            CheckDatabase(staged.Database, archive);
        }
        catch (Exception ex)
        {
            if (Directory.Exists(staging))
                Directory.Delete(staging, recursive: true);
            throw ex is BackupException ? ex : new BackupException($"Could not unpack {archive}: {ex.Message}. Nothing was changed.");
        }

        var aside = Unused(Path.Combine(folder.Path, $"replaced-{stamp}"));
        Swap(staged, aside);
        Directory.Delete(staging, recursive: true);
        return $"""
            Restored {archive}, made {manifest.CreatedAt:yyyy-MM-dd HH:mm:ss} UTC: {manifest.Contents}.
              Checked: every entry matched its checksum; integrity_check ok.
              The data it replaced is in {aside} (delete it once the restored app looks right).
            Start the app as usual; it brings the database to this version's schema if the backup is older.
            """;
    }

    private void CheckDatabase(string database, string archive)
    {
        var integrity = SqliteFile.IntegrityCheck(database);
        if (integrity != "ok")
            throw new BackupException($"The database in {archive} failed SQLite's integrity_check: {integrity}. Nothing was changed.");
        var applied = SqliteFile.Migrations(database);
        if (applied.Count == 0)
            throw new BackupException($"The database in {archive} is not a QanDu Chat Dashboard database. Nothing was changed.");
        using var db = dbFactory.CreateDbContext();
        var known = db.Database.GetMigrations().ToHashSet(StringComparer.Ordinal);
        if (applied.FirstOrDefault(m => !known.Contains(m)) is { } newer)
            throw new BackupException(
                $"The backup {archive} was made by a newer version of the app (schema {newer}); restore it with that version. Nothing was changed.");
        SqliteFile.UseWal(database);
    }

    /// <summary>Moves the current data aside and the staged data into place; if a move fails, moves everything back.</summary>
    private void Swap(DataFolder staged, string aside)
    {
        var moves = new List<(string From, string To)>();
        foreach (var file in folder.DatabaseFiles)
            moves.Add((file, Path.Combine(aside, Path.GetFileName(file))));
        moves.Add((folder.Files, Path.Combine(aside, "files")));
        moves.Add((folder.Keys, Path.Combine(aside, "keys")));
        moves.Add((staged.Database, folder.Database));
        moves.Add((staged.Files, folder.Files));
        moves.Add((staged.Keys, folder.Keys));

        Directory.CreateDirectory(aside);
        var done = new Stack<(string From, string To)>();
        try
        {
            foreach (var move in moves.Where(m => Path.Exists(m.From)))
            {
                Move(move.From, move.To);
                done.Push(move);
            }
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            while (done.TryPop(out var move))
                Move(move.To, move.From);
            throw new BackupException($"Could not move the restored data into place ({ex.Message}); the data was put back as it was.");
        }
    }

    private static void Move(string from, string to)
    {
        if (Directory.Exists(from))
            Directory.Move(from, to);
        else
            File.Move(from, to);
    }

    private static string Unused(string path)
    {
        var candidate = path;
        for (var n = 2; Path.Exists(candidate); n++)
            candidate = $"{path}-{n}";
        return candidate;
    }
}
