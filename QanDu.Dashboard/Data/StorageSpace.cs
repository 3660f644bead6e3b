using Microsoft.Extensions.Options;

namespace QanDu.Dashboard.Data;

/// <summary>Free space on the disk that holds the data folder, against <see cref="DatabaseOptions.MinFreeSpaceMegabytes"/>.</summary>
public sealed class StorageSpace(IOptions<DatabaseOptions> options, IHostEnvironment env)
{
    private const long Megabyte = 1024 * 1024;

    public string DataPath => options.Value.DataPath(env.ContentRootPath);

    public long MinFreeBytes => options.Value.MinFreeSpaceMegabytes * Megabyte;

    /// <summary>Bytes the app may still write on the data folder's disk (statvfs on Linux).</summary>
    public long FreeBytes() => new DriveInfo(DataPath).AvailableFreeSpace;

    /// <summary>
    /// Why the disk is too full to take <paramref name="more"/> bytes and keep the setting's reserve, naming the setting;
    /// null when there is room (or the check is off).
    /// </summary>
    public string? Shortage(long more = 0)
    {
        if (options.Value.MinFreeSpaceMegabytes == 0)
            return null;
        var free = FreeBytes();
        return free - more >= MinFreeBytes
            ? null
            : $"{free / Megabyte:N0} MB free on the disk holding {DataPath}, under Storage:MinFreeSpaceMegabytes " +
              $"({options.Value.MinFreeSpaceMegabytes:N0} MB)";
    }
}
