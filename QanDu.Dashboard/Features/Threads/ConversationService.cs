using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using QanDu.Dashboard.Data;
using QanDu.Dashboard.Data.Entities;
using QanDu.Dashboard.Features.Files;
using QanDu.Dashboard.Features.Reactions;
using QanDu.Dashboard.Realtime;

namespace QanDu.Dashboard.Features.Threads;

/// <summary>
/// The one write path for threads and messages: UI, REST API, AI and seeding all come through here.
/// It checks access, validates, persists (posts through the batched writer), then publishes events.
/// </summary>
public sealed partial class ConversationService(
    IDbContextFactory<ChatDbContext> dbFactory,
    MessageWriter writer,
    IChatEvents events,
    TimeProvider clock,
    IOptions<ChatOptions> options,
    FileStore files)
{
    public int MaxMessageLength => options.Value.MaxMessageLength;

    public Task<PostOutcome> PostAsync(ChatCaller caller, PostMessageRequest request, CancellationToken ct = default) =>
        PostAtAsync(caller, request, timestamp: null, ct);

    /// <summary>Posts with a given time, for imports and demo data; everything else is as for any post.</summary>
    internal async Task<PostOutcome> PostAtAsync(ChatCaller caller, PostMessageRequest request, DateTime? timestamp, CancellationToken ct = default)
    {
        var uploadIds = request.UploadIds ?? [];
        // A message may carry files and no text.
        var content = uploadIds.Count > 0 && string.IsNullOrWhiteSpace(request.Content) ? "" : ValidateContent(request.Content);
        var clientKey = ValidateClientKey(request.ClientKey);
        // A plain post is checked for visibility by the writer, in one query per batch; replies and files need the
        // thread checked first (the reply target and uploads are looked up in it).
        var checkedHere = request.ReplyToId is not null || uploadIds.Count > 0;
        if (checkedHere)
        {
            await using var db = await dbFactory.CreateDbContextAsync(ct);
            await db.RequireVisibleIdAsync(caller, request.ThreadId, ct);
            if (request.ReplyToId is { } replyTo)
                await RequireReplyTargetAsync(db, request.ThreadId, replyTo, ct);
            if (uploadIds.Count > 0 && await StoredPostAsync(db, caller, request.ThreadId, clientKey, ct) is { } stored)
                return new PostOutcome(stored, Created: false); // a retry of a post with files that did commit
        }
        var message = new Message
        {
            ThreadId = request.ThreadId,
            Content = content,
            Type = MessageType.Text,
            SenderId = caller.UserId,
            SenderName = caller.DisplayName,
            SenderType = SenderType.User,
            ReplyToId = request.ReplyToId,
            ClientKey = clientKey,
            Timestamp = timestamp ?? default,
        };
        return uploadIds.Count == 0
            ? await writer.WriteAsync(message, checkedHere ? null : caller, ct)
            : await WriteWithFilesAsync(caller, message, uploadIds, ct);
    }

    public async Task<MessagePage> GetHistoryAsync(ChatCaller caller, long threadId, long? before, int? limit, CancellationToken ct = default)
    {
        var take = Math.Clamp(limit ?? options.Value.HistoryPageSize, 1, 200);
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        await db.RequireVisibleAsync(caller, threadId, ct);
        var query = db.Messages.AsNoTracking().Where(m => m.ThreadId == threadId);
        if (before is { } cursor)
            query = query.Where(m => m.Id < cursor);
        var newestFirst = await query.OrderByDescending(m => m.Id).Take(take + 1)
            .Select(MessageProjection.ToView(db)).ToListAsync(ct);
        var hasOlder = newestFirst.Count > take;
        var page = await ReactionQueries.WithReactionsAsync(db, newestFirst.Take(take).Reverse().ToList(), ct);
        return new MessagePage(page, hasOlder, hasOlder ? page[0].Id : null);
    }

    public async Task<MessageView> GetMessageAsync(ChatCaller caller, long messageId, CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var message = await db.RequireVisibleMessageAsync(caller, messageId, ct);
        return await ViewAsync(db, message.Id, ct);
    }

    public async Task<MessageView> EditAsync(ChatCaller caller, long messageId, string? newContent, CancellationToken ct = default)
    {
        var content = ValidateContent(newContent);
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var message = await db.RequireVisibleMessageAsync(caller, messageId, ct);
        if (message.SenderId != caller.UserId)
            throw new ChatForbiddenException("Only the sender can edit a message.");
        if (message.DeletedAt != null)
            throw new ChatValidationException("messageId", $"Message {messageId} was deleted and cannot be edited.");
        if (message.Content == content)
            return await ViewAsync(db, messageId, ct);
        var now = clock.GetUtcNow().UtcDateTime;
        db.MessageEdits.Add(new MessageEdit { MessageId = messageId, PreviousContent = message.Content, EditedAt = now, EditedById = caller.UserId });
        message.Content = content;
        message.EditedAt = now;
        await UpdatePreviewIfLastAsync(db, message, ct);
        await db.SaveChangesAsync(ct);
        var view = await ViewAsync(db, messageId, ct);
        events.Publish(new MessageUpdated(view));
        return view;
    }

    /// <summary>Leaves a tombstone; the deleted text stays in the edit history for the audit trail.</summary>
    public async Task<MessageView> DeleteAsync(ChatCaller caller, long messageId, CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var message = await db.RequireVisibleMessageAsync(caller, messageId, ct);
        if (message.SenderId != caller.UserId && !caller.IsAdmin)
            throw new ChatForbiddenException("Only the sender or an admin can delete a message.");
        if (message.DeletedAt == null)
        {
            var now = clock.GetUtcNow().UtcDateTime;
            db.MessageEdits.Add(new MessageEdit { MessageId = messageId, PreviousContent = message.Content, EditedAt = now, EditedById = caller.UserId });
            message.DeletedAt = now;
            message.Content = "";
            await UpdatePreviewIfLastAsync(db, message, ct);
            await db.SaveChangesAsync(ct);
        }
        var view = await ViewAsync(db, messageId, ct);
        events.Publish(new MessageUpdated(view));
        return view;
    }

    private static async Task UpdatePreviewIfLastAsync(ChatDbContext db, Message message, CancellationToken ct)
    {
        var thread = await db.Threads.SingleAsync(t => t.Id == message.ThreadId, ct);
        if (thread.LastMessageId == message.Id)
            thread.LastMessagePreview = message.DeletedAt == null ? MessageProjection.Preview(message) : "Message deleted";
    }

    private static async Task<MessageView> ViewAsync(ChatDbContext db, long messageId, CancellationToken ct)
    {
        var view = await db.Messages.AsNoTracking().Where(m => m.Id == messageId).Select(MessageProjection.ToView(db)).SingleAsync(ct);
        return view with { Reactions = await ReactionQueries.LoadAsync(db, messageId, ct) };
    }

    private string ValidateContent(string? content)
    {
        if (string.IsNullOrWhiteSpace(content))
            throw new ChatValidationException("content", "A message cannot be empty.");
        var trimmed = content.Trim();
        if (trimmed.Length > options.Value.MaxMessageLength)
            throw new ChatValidationException("content",
                $"A message can be at most {options.Value.MaxMessageLength:N0} characters; this one has {trimmed.Length:N0}.");
        return trimmed;
    }

    private static string ValidateClientKey(string? clientKey)
    {
        if (clientKey is null)
            return Guid.NewGuid().ToString("N");
        if (string.IsNullOrWhiteSpace(clientKey) || clientKey.Length > 100)
            throw new ChatValidationException("clientKey", "The idempotency key must be 1 to 100 characters.");
        return clientKey;
    }
}
