using QanDu.Dashboard.Data.Entities;

namespace QanDu.Dashboard.Features.Files;

public sealed record AttachmentView(long Id, AttachmentType Type, string Name, long Size, string MimeType)
{
    /// <summary>Where the file is served, to users who may see its thread (GET /api/chat/files/{id}).</summary>
    public string Url => $"/api/chat/files/{Id}";
}
