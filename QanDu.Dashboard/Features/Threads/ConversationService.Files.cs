using Microsoft.EntityFrameworkCore;
using QanDu.Dashboard.Data;
using QanDu.Dashboard.Data.Entities;
using QanDu.Dashboard.Features.Files;

namespace QanDu.Dashboard.Features.Threads;

public sealed partial class ConversationService
{
    public FilesOptions FileLimits => files.Limits;

    /// <summary>Stores an upload of the caller's, to attach to a message of theirs later (see <see cref="PostAsync"/>).</summary>
    public Task<UploadView> UploadAsync(
        ChatCaller caller, string? fileName, string? contentType, long? length, Stream body, CancellationToken ct = default) =>
        files.SaveUploadAsync(caller, fileName, contentType, length, body, ct);

    /// <summary>An attachment and its file on disk, for a caller who may see its thread; otherwise not found.</summary>
    public async Task<(AttachmentView Attachment, string Path)> OpenAttachmentAsync(ChatCaller caller, long attachmentId, CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var found = await (
                from a in db.Attachments.AsNoTracking()
                join m in db.Messages on a.MessageId equals m.Id
                where a.Id == attachmentId && m.DeletedAt == null && db.Threads.Visible(caller).Any(t => t.Id == m.ThreadId)
                select a)
            .FirstOrDefaultAsync(ct)
            ?? throw new ChatNotFoundException($"File {attachmentId}");
        var path = files.PathOf(found.StoredName);
        if (!File.Exists(path))
            throw new ChatNotFoundException($"File {attachmentId}");
        return (new AttachmentView(found.Id, found.Type, found.Name, found.Size, found.MimeType), path);
    }

    /// <summary>
    /// Takes the uploads and posts the message with them in one commit. The wait is not cancellable once the files are
    /// taken: a commit the caller stopped waiting for must keep its files.
    /// </summary>
    private async Task<PostOutcome> WriteWithFilesAsync(ChatCaller caller, Message message, IReadOnlyList<string> uploadIds, CancellationToken ct)
    {
        var claimed = await files.ClaimAsync(caller, uploadIds, ct);
        message.Attachments = [.. claimed.Attachments];
        message.Type = message.Attachments.All(a => a.Type == AttachmentType.Image) ? MessageType.Image : MessageType.File;
        PostOutcome outcome;
        try
        {
            outcome = await writer.WriteAsync(message, CancellationToken.None);
        }
        catch
        {
            claimed.Release();
            throw;
        }
        if (outcome.Created)
            claimed.Commit();
        else
            claimed.Release(); // the same post was stored before, with its own files
        return outcome;
    }

    private static async Task<MessageView?> StoredPostAsync(ChatDbContext db, ChatCaller caller, long threadId, string clientKey, CancellationToken ct) =>
        await db.Messages.AsNoTracking()
            .Where(m => m.ClientKey == clientKey && m.ThreadId == threadId && m.SenderId == caller.UserId)
            .Select(MessageProjection.ToView(db)).FirstOrDefaultAsync(ct);
}
