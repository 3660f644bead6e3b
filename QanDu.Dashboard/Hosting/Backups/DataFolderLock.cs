namespace QanDu.Dashboard.Hosting.Backups;

/// <summary>
/// The app and every command hold a shared lock on the data folder's <c>in-use.lock</c> for as long as they run;
/// restore takes it exclusively, so it refuses while anything else uses the folder and nothing starts while it works.
/// The operating system drops the lock when the process ends, even in a crash, so a stale lock file blocks nothing.
/// (.NET takes it with <c>flock</c> on Linux and macOS and with share modes on Windows.)
/// </summary>
internal sealed class DataFolderLock(DataFolder folder) : IDisposable
{
    private FileStream? _held;

    public string Path => folder.LockFile;

    /// <summary>Shares the folder with the app and other commands; false while a restore holds it.</summary>
    public bool TryShare() => TryHold(FileAccess.Read, FileShare.ReadWrite);

    /// <summary>Takes the folder for this process alone; false while the app or another command holds it.</summary>
    public bool TryTakeAlone() => TryHold(FileAccess.ReadWrite, FileShare.None);

    private bool TryHold(FileAccess access, FileShare share)
    {
        if (_held is not null)
            throw new InvalidOperationException($"{Path} is already held by this process.");
        Directory.CreateDirectory(folder.Path);
        try
        {
            _held = new FileStream(Path, FileMode.OpenOrCreate, access, share);
            return true;
        }
        catch (IOException ex) when (ex is not FileNotFoundException and not DirectoryNotFoundException)
        {
            return false; // a sharing violation: someone else holds it in the other mode
        }
    }

    public void Dispose()
    {
        _held?.Dispose();
        _held = null;
    }
}
