using System.ComponentModel.DataAnnotations;

namespace QanDu.Dashboard.Features.Files;

/// <summary>Limits of attached files, bound from the <c>Files</c> section (README: Files).</summary>
public sealed class FilesOptions
{
    public const string Section = "Files";

    /// <summary>Largest file accepted, in bytes (default 25 MB). Larger uploads are refused before they are read in full.</summary>
    [Range(1, 2L * 1024 * 1024 * 1024, ErrorMessage = "Files:MaxFileBytes must be between 1 byte and 2 GB (README: Files).")]
    public long MaxFileBytes { get; set; } = 25L * 1024 * 1024;

    /// <summary>Most files attached to one message.</summary>
    [Range(1, 50, ErrorMessage = "Files:MaxFilesPerMessage must be between 1 and 50 (README: Files).")]
    public int MaxFilesPerMessage { get; set; } = 10;

    /// <summary>How long an upload waits to be attached to a message before it is deleted, in minutes.</summary>
    [Range(1, 7 * 24 * 60, ErrorMessage = "Files:UploadLifetimeMinutes must be between 1 and 10080 (README: Files).")]
    public int UploadLifetimeMinutes { get; set; } = 60;

    /// <summary>
    /// Most bytes one person may hold in uploads not yet sent with a message (default 100 MB); a further upload is
    /// refused (429) until some are sent or expire. At least <see cref="MaxFileBytes"/>.
    /// </summary>
    [Range(1, 100L * 1024 * 1024 * 1024, ErrorMessage = "Files:PendingUploadBytesPerUser must be between 1 byte and 100 GB (README: Files).")]
    public long PendingUploadBytesPerUser { get; set; } = 100L * 1024 * 1024;
}
