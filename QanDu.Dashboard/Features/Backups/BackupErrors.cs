using QanDu.Dashboard.Data;
using QanDu.Dashboard.Hosting.Backups;

namespace QanDu.Dashboard.Features.Backups;

/// <summary>Why a backup failed, in words an admin can act on: which folder, what is wrong with it, what to do.</summary>
internal static class BackupErrors
{
    private const int ReadOnlyFileSystem = 30; // EROFS

    public static string Describe(Exception exception, string folder)
    {
        if (StorageErrors.IsDiskFull(exception))
            return $"The backup folder {folder} is full: its disk has no space left. Free space there (older backups, or lower Backup:KeepDaily and Backup:KeepWeekly) or set Backup:Folder to a disk with room.";
        if (exception is OperationCanceledException)
            return "The app stopped while this backup was running; no backup was written. The next one runs as scheduled.";
        if (exception is BackupException)
            return exception.Message;
        if (exception is IOException or UnauthorizedAccessException && !Directory.Exists(folder))
            return $"The backup folder {folder} does not exist and could not be created ({exception.Message}). Create it (or mount its disk), or set Backup:Folder to another folder.";
        if (exception is IOException { HResult: ReadOnlyFileSystem } || exception.Message.Contains("Read-only file system", StringComparison.OrdinalIgnoreCase))
            return $"The backup folder {folder} is read-only (its disk is mounted read-only): {exception.Message}. Mount it writable, or set Backup:Folder to another folder.";
        if (exception is UnauthorizedAccessException)
            return $"The app may not write to the backup folder {folder} ({exception.Message}). Give the account the app runs as write access to it, or set Backup:Folder to another folder.";
        return $"The backup could not be written to {folder}: {exception.Message}";
    }
}
