using Microsoft.Data.Sqlite;

namespace QanDu.Dashboard.Tests.Infrastructure;

/// <summary>A fresh data folder under the system temp folder, deleted with everything in it on dispose.</summary>
public sealed class TempDataFolder : IDisposable
{
    public string Path { get; } = System.IO.Path.Combine(System.IO.Path.GetTempPath(), "qandu-tests", Guid.NewGuid().ToString("N"));

    /// <summary>Where the app's backups go (Backup:Folder): beside the data folder, as by default, and deleted with it.</summary>
    public string BackupsPath => Path + "-backups";

    public TempDataFolder() => Directory.CreateDirectory(Path);

    public void Dispose()
    {
        // Pooled connections keep the database file open; close the idle ones so the folder really goes away.
        SqliteConnection.ClearAllPools();
        if (Directory.Exists(BackupsPath))
            Directory.Delete(BackupsPath, recursive: true);
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
