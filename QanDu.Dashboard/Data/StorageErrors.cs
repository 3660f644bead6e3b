using Microsoft.Data.Sqlite;

namespace QanDu.Dashboard.Data;

/// <summary>
/// Recognises writes the storage refused: the disk is full (SQLite's SQLITE_FULL, or the operating system's "no space
/// left" on a file), or the database cannot be written at all (an I/O error, a read-only file).
/// </summary>
public static class StorageErrors
{
    /// <summary>Shown wherever something was not stored because the disk is full (problem details, the composer).</summary>
    public const string DiskFull =
        "Nothing was stored: the disk that holds the dashboard's data is full. Ask an administrator to free space, then try again.";

    private const int SqliteFull = 13, SqliteIoError = 10, SqliteReadOnly = 8;

    // Linux ENOSPC and EDQUOT; Windows ERROR_DISK_FULL and ERROR_HANDLE_DISK_FULL as HRESULTs.
    private static readonly int[] NoSpaceHResults = [28, 122, unchecked((int)0x80070070), unchecked((int)0x80070027)];

    /// <summary>True when <paramref name="exception"/> or one it wraps says the disk is full.</summary>
    public static bool IsDiskFull(Exception exception) => Causes(exception).Any(e =>
        e is SqliteException { SqliteErrorCode: SqliteFull } || (e is IOException io && NoSpaceHResults.Contains(io.HResult)));

    /// <summary>Why the storage refused a write, in a few words; null when the error is of another kind.</summary>
    public static string? WriteFailure(Exception exception) =>
        IsDiskFull(exception) ? "the disk is full"
        : Causes(exception).OfType<SqliteException>().FirstOrDefault(e => e.SqliteErrorCode is SqliteIoError or SqliteReadOnly) is { } sqlite
            ? sqlite.SqliteErrorCode == SqliteReadOnly ? "the database file is read-only" : "the disk reported an I/O error"
            : null;

    private static IEnumerable<Exception> Causes(Exception exception)
    {
        for (Exception? e = exception; e is not null; e = e.InnerException)
        {
            yield return e;
            if (e is AggregateException aggregate)
                foreach (var inner in aggregate.InnerExceptions.SelectMany(Causes))
                    yield return inner;
        }
    }
}
