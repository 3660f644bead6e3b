using System.Diagnostics;
using Microsoft.Data.Sqlite;
using QanDu.Dashboard.Hosting.Backups;
using SQLitePCL;

namespace QanDu.Dashboard.Bench.Hosting;

/// <summary>How a copy of a live database went: whether it finished, how long it took, and what the copy is.</summary>
public sealed record CopyResult(bool Finished, TimeSpan Elapsed, long Bytes, string Detail);

/// <summary>The ways to copy a live SQLite database that the <c>backup</c> command chose between, run the same way.</summary>
public static class BackupMethods
{
    /// <summary>What the <c>backup</c> command does: the online backup API in one step (one read transaction).</summary>
    public static CopyResult OneStep(string database, string copy)
    {
        var clock = Stopwatch.StartNew();
        SqliteFile.Snapshot(database, copy, busyTimeoutMs: 10_000);
        return new CopyResult(true, clock.Elapsed, new FileInfo(copy).Length, "");
    }

    /// <summary><c>VACUUM INTO</c>: rebuilds every table and index into a new, compacted file inside one read transaction.</summary>
    public static CopyResult VacuumInto(string database, string copy)
    {
        var clock = Stopwatch.StartNew();
        using (var connection = Open(database))
        using (var command = connection.CreateCommand())
        {
            command.CommandText = "PRAGMA busy_timeout=10000; VACUUM INTO $copy;";
            command.Parameters.AddWithValue("$copy", copy);
            command.ExecuteNonQuery();
        }
        return new CopyResult(true, clock.Elapsed, new FileInfo(copy).Length, "");
    }

    /// <summary>
    /// What <c>sqlite3 db ".backup file"</c> does: the backup API 100 pages per step in a tight loop. A commit by
    /// another connection between two steps makes the next step start over from the first page. Bounded by <paramref name="limit"/>.
    /// </summary>
    public static CopyResult Stepped(string database, string copy, TimeSpan limit)
    {
        using var source = Open(database);
        using var destination = Open(copy);
        var backup = raw.sqlite3_backup_init(destination.Handle, "main", source.Handle, "main");
        var clock = Stopwatch.StartNew();
        int steps = 0, restarts = 0, last = -1, fewestLeft = int.MaxValue, pages = 0;
        try
        {
            while (clock.Elapsed < limit)
            {
                var rc = raw.sqlite3_backup_step(backup, 100);
                steps++;
                if (rc == raw.SQLITE_DONE)
                    return new CopyResult(true, clock.Elapsed, new FileInfo(copy).Length, $"{steps:N0} steps, {restarts:N0} restarts");
                if (rc is not (raw.SQLITE_OK or raw.SQLITE_BUSY or raw.SQLITE_LOCKED))
                    throw new InvalidOperationException($"sqlite3_backup_step failed with code {rc}.");
                var left = raw.sqlite3_backup_remaining(backup);
                pages = raw.sqlite3_backup_pagecount(backup);
                if (last >= 0 && left > last)
                    restarts++;
                last = left;
                fewestLeft = Math.Min(fewestLeft, left);
            }
        }
        finally
        {
            raw.sqlite3_backup_finish(backup);
        }
        var furthest = pages == 0 ? 0 : 100.0 * (pages - fewestLeft) / pages;
        return new CopyResult(false, clock.Elapsed, 0, $"{steps:N0} steps, started over {restarts:N0} times, never past {furthest:0}% of {pages:N0} pages");
    }

    private static SqliteConnection Open(string path)
    {
        var connection = new SqliteConnection($"Data Source={path};Pooling=False");
        connection.Open();
        return connection;
    }
}
