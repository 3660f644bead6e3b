using System.Diagnostics;
using Microsoft.Data.Sqlite;
using QanDu.Dashboard.Bench.Reporting;
using QanDu.Dashboard.Data.Entities;

namespace QanDu.Dashboard.Bench.Hosting;

/// <summary>
/// What SQLite alone costs per message on this machine, measured on a throw-away copy of the app's schema: one
/// message row with both search indexes (the triggers the app installs), the row without them, and one durable
/// commit. This is the floor under the single writer: no post can be cheaper than its row and its indexing.
/// </summary>
public static class StorageBound
{
    public sealed record Figures(double RowWithSearchMicroseconds, double RowAloneMicroseconds, Latencies DurableCommit)
    {
        /// <summary>Messages per second one core could store if it did nothing but this.</summary>
        public double MaxRateWithSearch => 1_000_000 / RowWithSearchMicroseconds;
    }

    /// <summary>Measures on <paramref name="databasePath"/>, which it changes (its search triggers are dropped): use a scratch copy.</summary>
    public static async Task<Figures> MeasureAsync(string databasePath, long threadId, string senderId, IReadOnlyList<string> texts, int rows, CancellationToken ct)
    {
        await using var connection = new SqliteConnection($"Data Source={databasePath};Pooling=False");
        await connection.OpenAsync(ct);
        await ExecuteAsync(connection, "PRAGMA journal_mode=WAL; PRAGMA synchronous=FULL;", ct);
        var withSearch = await InsertAsync(connection, threadId, senderId, texts, rows, ct);

        var commits = new Latencies();
        for (var i = 0; i < Math.Max(10, rows / 100); i++)
        {
            var clock = Stopwatch.StartNew();
            await InsertAsync(connection, threadId, senderId, texts, 1, ct);
            commits.Add(clock.Elapsed);
        }

        await ExecuteAsync(connection, "DROP TRIGGER IF EXISTS Messages_Search_Insert;", ct);
        var alone = await InsertAsync(connection, threadId, senderId, texts, rows, ct);
        return new Figures(withSearch, alone, commits);
    }

    /// <summary>Inserts <paramref name="rows"/> messages in one transaction with one prepared statement; µs per row.</summary>
    private static async Task<double> InsertAsync(SqliteConnection connection, long threadId, string senderId, IReadOnlyList<string> texts, int rows, CancellationToken ct)
    {
        var clock = Stopwatch.StartNew();
        await using var transaction = connection.BeginTransaction();
        await using var insert = connection.CreateCommand();
        insert.Transaction = transaction;
        insert.CommandText = "INSERT INTO Messages (ThreadId, Content, Type, SenderId, SenderName, SenderType, Timestamp, Status) "
                             + "VALUES (@thread, @content, 0, @sender, 'Bench', 0, @at, 1)";
        var content = insert.Parameters.Add("@content", SqliteType.Text);
        insert.Parameters.AddWithValue("@thread", threadId);
        insert.Parameters.AddWithValue("@sender", senderId);
        insert.Parameters.AddWithValue("@at", DateTime.UtcNow);
        insert.Prepare();
        for (var i = 0; i < rows; i++)
        {
            content.Value = texts[i % texts.Count];
            await insert.ExecuteNonQueryAsync(ct);
        }
        await transaction.CommitAsync(ct);
        return clock.Elapsed.TotalMicroseconds / rows;
    }

    private static async Task ExecuteAsync(SqliteConnection connection, string sql, CancellationToken ct)
    {
        await using var command = connection.CreateCommand();
        command.CommandText = sql;
        await command.ExecuteNonQueryAsync(ct);
    }
}
