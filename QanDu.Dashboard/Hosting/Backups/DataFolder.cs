using QanDu.Dashboard.Data;

namespace QanDu.Dashboard.Hosting.Backups;

/// <summary>
/// What lives in the data folder (<c>Storage:DataDirectory</c>): the database (with <c>-wal</c> and <c>-shm</c> beside it
/// while open), uploaded files under <c>files/</c> (where FileStore keeps them), the sign-in keys under <c>keys/</c>, and
/// the lock file every process using the folder holds.
/// </summary>
internal sealed record DataFolder(string Path, string DatabaseFile)
{
    public static DataFolder From(DatabaseOptions options, string contentRoot) => new(options.DataPath(contentRoot), options.DatabaseFile);

    public string Database => System.IO.Path.Combine(Path, DatabaseFile);

    /// <summary>The database and the files SQLite keeps beside it in WAL mode.</summary>
    public IReadOnlyList<string> DatabaseFiles => [Database, Database + "-wal", Database + "-shm"];

    public string Files => System.IO.Path.Combine(Path, "files");

    /// <summary>Uploads nobody attached yet: they expire within minutes, so backups leave them out.</summary>
    public string Uploads => System.IO.Path.Combine(Files, "uploads");

    public string Keys => System.IO.Path.Combine(Path, "keys");

    public string LockFile => System.IO.Path.Combine(Path, "in-use.lock");

    public bool Contains(string path) =>
        System.IO.Path.GetFullPath(path).StartsWith(System.IO.Path.GetFullPath(Path) + System.IO.Path.DirectorySeparatorChar, StringComparison.Ordinal);
}
