using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using QanDu.Dashboard.Data;
using QanDu.Dashboard.Data.Entities;
using QanDu.Dashboard.Features.Access;
using QanDu.Dashboard.Features.Activity;
using QanDu.Dashboard.Features.Audit;
using QanDu.Dashboard.Realtime;
using QanDu.Dashboard.Rendering;

namespace QanDu.Dashboard.Features.Messages;

/// <summary>
/// Changing what was sent: edits and deletions by the sender (or an admin), each kept in the edit history, which
/// supervisors and admins can read. Publishes <see cref="MessageUpdated"/> after each commit.
/// </summary>
public sealed class MessageEditService(
    IDbContextFactory<ChatDbContext> dbFactory,
    IChatEvents events,
    AuditLog audit,
    TimeProvider clock,
    IOptions<MessageOptions> options)
{
    public async Task<MessageView> EditAsync(ChatCaller caller, long messageId, string? newContent, CancellationToken ct = default)
    {
        var content = MessageRules.ValidateContent(newContent, options.Value.MaxMessageLength);
        var changed = await MessageQueries.ChangeAsync(dbFactory, async db => await db.RequireVisibleMessageAsync(caller, messageId, ct), async (db, message) =>
        {
            if (message.SenderId != caller.UserId)
                throw new ChatForbiddenException("Only the sender can edit a message.");
            if (message.DeletedAt != null)
                throw new ChatValidationException("messageId", $"Message {messageId} was deleted and cannot be edited.");
            if (message.Content == content)
                return false;
            var now = clock.GetUtcNow().UtcDateTime;
            db.MessageEdits.Add(new MessageEdit { MessageId = messageId, PreviousContent = message.Content, EditedAt = now, EditedById = caller.UserId });
            message.Content = content;
            message.EditedAt = now;
            await MessageQueries.UpdatePreviewIfLastAsync(db, message, ct);
            return true;
        }, ct);
        return await ViewAsync(caller, messageId, publish: changed, ct);
    }

    /// <summary>
    /// Leaves a tombstone; the deleted text stays in the edit history for the audit trail. An admin deleting someone
    /// else's message is recorded in the audit log (<c>message.deleted</c>) in the same commit.
    /// </summary>
    public async Task<MessageView> DeleteAsync(ChatCaller caller, long messageId, AuditActor? actor = null, CancellationToken ct = default)
    {
        await MessageQueries.ChangeAsync(dbFactory, async db => await db.RequireVisibleMessageAsync(caller, messageId, ct), async (db, message) =>
        {
            if (message.SenderId != caller.UserId && !caller.IsAdmin)
                throw new ChatForbiddenException("Only the sender or an admin can delete a message.");
            if (message.DeletedAt != null)
                return false;
            var now = clock.GetUtcNow().UtcDateTime;
            db.MessageEdits.Add(new MessageEdit { MessageId = messageId, PreviousContent = message.Content, EditedAt = now, EditedById = caller.UserId });
            if (message.SenderId != caller.UserId)
                audit.Add(db, actor ?? AuditActor.From(caller), new AuditRecord("message.deleted", "message", messageId.ToString(),
                    $"Message by {message.SenderName} in conversation {message.ThreadId}",
                    Before: new { text = MarkdownText.Shorten(MarkdownText.OneLine(message.Content), 200), deleted = false },
                    After: new { deleted = true }));
            message.DeletedAt = now;
            message.Content = "";
            await ConversationActivityLog.CopyAnalysisAsync(db, messageId, null, ct); // a deleted message no longer counts in sentiment
            await MessageQueries.UpdatePreviewIfLastAsync(db, message, ct);
            return true;
        }, ct);
        // Published even when it was deleted before, as it always was: open threads settle on the tombstone.
        return await ViewAsync(caller, messageId, publish: true, ct);
    }

    /// <summary>
    /// Earlier versions of a message, newest first, for supervisors and admins (the audit trail). Others may see
    /// the thread but not this: a hidden thread is still not found, a visible one answers forbidden.
    /// </summary>
    public async Task<IReadOnlyList<MessageVersionView>> GetEditHistoryAsync(ChatCaller caller, long messageId, CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var message = await db.RequireVisibleMessageAsync(caller, messageId, ct);
        if (!caller.IsStaff || !caller.SeesAllThreads)
            throw new ChatForbiddenException("Only supervisors and admins can see earlier versions of a message.");
        var edits = await db.MessageEdits.AsNoTracking()
            .Where(e => e.MessageId == messageId)
            .OrderByDescending(e => e.Id)
            .Select(e => new
            {
                e.PreviousContent,
                e.EditedAt,
                Name = db.Users.Where(u => u.Id == e.EditedById).Select(u => u.DisplayName).FirstOrDefault(),
            })
            .ToListAsync(ct);
        // The newest entry of a deleted message is the deletion itself: its text is what was deleted.
        return edits.Select((e, i) => new MessageVersionView(e.PreviousContent, e.EditedAt, e.Name ?? "a removed user",
            i == 0 && message.DeletedAt is not null)).ToList();
    }

    private async Task<MessageView> ViewAsync(ChatCaller caller, long messageId, bool publish, CancellationToken ct)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var view = await MessageQueries.ViewAsync(db, messageId, ct);
        if (publish)
            events.Publish(new MessageUpdated(MessageProjection.ToSnapshot(view)));
        return await MessageProjection.ForAsync(db, caller, view, ct);
    }
}
