using QanDu.Dashboard.Data.Entities;
using QanDu.Dashboard.Features.Files;

namespace QanDu.Dashboard.Features.Files.Components;

/// <summary>A file in the composer: uploading (with progress), ready to send, or refused (with the reason).</summary>
public sealed class PendingUpload(string localId, string name, long size)
{
    public string LocalId { get; } = localId;
    public string Name { get; } = name;
    public long Size { get; } = size;

    /// <summary>Percent of the file sent so far, 0 to 100.</summary>
    public int Progress { get; set; }

    /// <summary>The server's id once the file is stored and checked; it goes with the message.</summary>
    public string? UploadId { get; set; }
    public string MimeType { get; set; } = "application/octet-stream";
    public AttachmentType Type { get; set; } = AttachmentType.Document;
    public string? Error { get; set; }

    public bool Ready => UploadId is not null && Error is null;
    public bool Uploading => UploadId is null && Error is null;

    public string State => Error is not null ? "error" : Ready ? "ready" : "uploading";

    /// <summary>How the file shows in the message while it is being sent.</summary>
    public AttachmentView AsPendingAttachment() => new(0, Type, Name, Size, MimeType);
}

/// <summary>What the composer sends: the text (may be empty when files go with it) and the uploaded files.</summary>
public sealed record ComposerMessage(string Text, IReadOnlyList<PendingUpload> Files, bool IsPrivate = false);
