using Microsoft.Data.Sqlite;

namespace QanDu.Dashboard.Hosting.Backups;

/// <summary>What the database holds, as a backup reports it and a restore shows it.</summary>
internal sealed record DatabaseContents(long Messages, long Threads, long People, long Attachments)
{
    public override string ToString() => $"{Messages:N0} messages in {Threads:N0} conversations, {People:N0} people, {Attachments:N0} attachments";
}

/// <summary>Backup and restore's work on SQLite files: the online snapshot, the integrity check, and what a copy holds.</summary>
internal static class SqliteFile
{
    /// <summary>
    /// Copies a database the app may be writing, with SQLite's online backup API in a single step: one read transaction
    /// on one snapshot, so commits from the running app neither wait for it nor make it start over, as a stepped
    /// backup (<c>sqlite3 .backup</c>) does (BENCHMARKS.md, backup). The copy is one self-contained file in WAL mode, as
    /// the database of a stopped app is.
    /// </summary>
    public static void Snapshot(string database, string copy, int busyTimeoutMs)
    {
        using var source = Open(database, SqliteOpenMode.ReadWrite);
        Execute(source, $"PRAGMA busy_timeout={busyTimeoutMs};");
        using var destination = Open(copy, SqliteOpenMode.ReadWriteCreate);
        source.BackupDatabase(destination);
    }

    /// <summary>
    /// Puts a database in WAL mode, as the app expects before it opens it: its first, read-only connection (EF Core's
    /// existence check) cannot switch the journal mode and fails on a database in another mode.
    /// </summary>
    public static void UseWal(string database)
    {
        using var connection = Open(database, SqliteOpenMode.ReadWrite);
        Execute(connection, "PRAGMA journal_mode=WAL;");
    }

    /// <summary>SQLite's <c>PRAGMA integrity_check</c>: "ok", or the problems it found.</summary>
    public static string IntegrityCheck(string database)
    {
        using var connection = Open(database, SqliteOpenMode.ReadWrite);
        using var command = connection.CreateCommand();
        command.CommandText = "PRAGMA integrity_check;";
        using var reader = command.ExecuteReader();
        var lines = new List<string>();
        while (reader.Read())
            lines.Add(reader.GetString(0));
        return string.Join("; ", lines);
    }

    public static DatabaseContents Contents(string database)
    {
        using var connection = Open(database, SqliteOpenMode.ReadWrite);
        return new DatabaseContents(Count(connection, "Messages"), Count(connection, "Threads"), Count(connection, "AspNetUsers"), Count(connection, "Attachments"));
    }

    /// <summary>The schema migrations applied to the database, oldest first; empty when it is not this app's database.</summary>
    public static IReadOnlyList<string> Migrations(string database)
    {
        using var connection = Open(database, SqliteOpenMode.ReadWrite);
        using var command = connection.CreateCommand();
        command.CommandText = "SELECT name FROM sqlite_master WHERE type = 'table' AND name = '__EFMigrationsHistory';";
        if (command.ExecuteScalar() is null)
            return [];
        command.CommandText = "SELECT MigrationId FROM __EFMigrationsHistory ORDER BY MigrationId;";
        using var reader = command.ExecuteReader();
        var migrations = new List<string>();
        while (reader.Read())
            migrations.Add(reader.GetString(0));
        return migrations;
    }

    /// <summary>The stored names (under <c>files/</c>) of every attachment the database refers to.</summary>
    public static IReadOnlySet<string> StoredFiles(string database)
    {
        using var connection = Open(database, SqliteOpenMode.ReadWrite);
        using var command = connection.CreateCommand();
        command.CommandText = "SELECT StoredName FROM Attachments WHERE StoredName <> '';";
        using var reader = command.ExecuteReader();
        var names = new HashSet<string>(StringComparer.Ordinal);
        while (reader.Read())
            names.Add(reader.GetString(0));
        return names;
    }

    private static long Count(SqliteConnection connection, string table)
    {
        using var command = connection.CreateCommand();
        command.CommandText = $"SELECT count(*) FROM \"{table}\";"; // table names are constants above, never input
        return (long)command.ExecuteScalar()!;
    }

    private static void Execute(SqliteConnection connection, string sql)
    {
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        command.ExecuteNonQuery();
    }

    // Unpooled: backup and restore open each file once, and a pooled connection would keep it open after they finish.
    private static SqliteConnection Open(string path, SqliteOpenMode mode)
    {
        var connection = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = path, Mode = mode, Pooling = false }.ToString());
        connection.Open();
        return connection;
    }
}
