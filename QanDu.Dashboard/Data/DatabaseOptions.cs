using System.ComponentModel.DataAnnotations;

namespace QanDu.Dashboard.Data;

/// <summary>Where data lives and how durable a commit is, bound from the <c>Storage</c> section (README: Configuration).</summary>
public sealed class DatabaseOptions
{
    public const string Section = "Storage";

    /// <summary>Folder for the database, uploaded files and sign-in keys; relative paths start at the app's folder.</summary>
    [Required]
    public string DataDirectory { get; set; } = "data";

    /// <summary>The SQLite file's name inside <see cref="DataDirectory"/>.</summary>
    [Required, RegularExpression(@"^[\w.\-]+$", ErrorMessage = "Storage:DatabaseFile must be a plain file name.")]
    public string DatabaseFile { get; set; } = "qandu.db";

    /// <summary>
    /// FULL (default): a commit is on disk before "sent" is shown, so nothing acknowledged is lost even on power
    /// loss. NORMAL: faster; nothing is lost if the process crashes, but the last commits can be lost on power loss.
    /// </summary>
    [Required, RegularExpression("^(FULL|NORMAL)$", ErrorMessage = "Storage:Synchronous must be FULL or NORMAL.")]
    public string Synchronous { get; set; } = "FULL";

    /// <summary>How long a connection waits for another writer before failing, in milliseconds.</summary>
    [Range(0, 600_000)]
    public int BusyTimeoutMs { get; set; } = 10_000;

    /// <summary>
    /// Free space, in megabytes, kept on the disk that holds the data folder: under it <c>/health</c> reports Unhealthy and
    /// uploads are refused (507), so files cannot take the room the database needs. 0 turns the check off.
    /// </summary>
    [Range(0, 1_000_000_000, ErrorMessage = "Storage:MinFreeSpaceMegabytes must be between 0 (off) and 1,000,000,000 megabytes (docs/configuration.md).")]
    public long MinFreeSpaceMegabytes { get; set; } = 100;

    public string DataPath(string contentRoot) => Path.GetFullPath(DataDirectory, contentRoot);

    public string ConnectionString(string contentRoot) =>
        $"Data Source={Path.Combine(DataPath(contentRoot), DatabaseFile)};Cache=Private;Pooling=True";
}
