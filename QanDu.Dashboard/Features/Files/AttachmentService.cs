using Microsoft.EntityFrameworkCore;
using QanDu.Dashboard.Data;
using QanDu.Dashboard.Data.Entities;
using QanDu.Dashboard.Features.Access;

namespace QanDu.Dashboard.Features.Files;

/// <summary>Attached files as their readers get them: only from a live message in a thread the caller may see.</summary>
public sealed class AttachmentService(IDbContextFactory<ChatDbContext> dbFactory, FileStore files)
{
    /// <summary>An attachment and its file on disk, for a caller who may see its thread; otherwise not found.</summary>
    public async Task<(AttachmentView Attachment, string Path)> OpenAsync(ChatCaller caller, long attachmentId, CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var found = await (
                from a in db.Attachments.AsNoTracking()
                join m in db.Messages on a.MessageId equals m.Id
                where a.Id == attachmentId && m.DeletedAt == null && (!caller.IsVisitor || !m.IsPrivate) && db.Threads.Visible(caller).Any(t => t.Id == m.ThreadId)
                select a)
            .FirstOrDefaultAsync(ct)
            ?? throw new ChatNotFoundException($"File {attachmentId}");
        // Attached but not yet moved (the poster is moving it, or the app stopped in between): moved now.
        if (!files.EnsureStored(found.StoredName))
            throw new ChatNotFoundException($"File {attachmentId}");
        var path = files.PathOf(found.StoredName);
        return (new AttachmentView(found.Id, found.Type, found.Name, found.Size, found.MimeType), path);
    }
}
