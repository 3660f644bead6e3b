using Microsoft.Data.Sqlite;

namespace QanDu.Dashboard.Tests.Infrastructure;

/// <summary>A fresh data folder under the system temp folder, deleted with everything in it on dispose.</summary>
public sealed class TempDataFolder : IDisposable
{
    public string Path { get; } = System.IO.Path.Combine(System.IO.Path.GetTempPath(), "qandu-tests", Guid.NewGuid().ToString("N"));

    public TempDataFolder() => Directory.CreateDirectory(Path);

    public void Dispose()
    {
        // Pooled connections keep the database file open; close the idle ones so the folder really goes away.
        SqliteConnection.ClearAllPools();
        try
        {
            Directory.Delete(Path, recursive: true);
        }
        catch (IOException)
        {
            // A connection still closing holds a file for a moment; one retry is enough in practice.
            Thread.Sleep(100);
            if (Directory.Exists(Path))
                Directory.Delete(Path, recursive: true);
        }
    }
}
