using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using QanDu.Dashboard.Data;
using QanDu.Dashboard.Data.Entities;
using QanDu.Dashboard.Features.Access;
using QanDu.Dashboard.Features.Files;

namespace QanDu.Dashboard.Features.Messages;

/// <summary>
/// The write path for new messages, and the reads that show them: UI, REST API, AI and seeding post through here. It
/// checks access, validates, and hands the post to the batched <see cref="MessageWriter"/>, which commits and then
/// publishes. Every view it returns is shaped for the caller (<see cref="MessageProjection.For(ChatCaller, MessageView)"/>, and
/// <see cref="MessageProjection.ForAsync(ChatDbContext, ChatCaller, IReadOnlyList{MessageView}, CancellationToken)"/> where
/// an assistant's answer may quote other conversations).
/// </summary>
public sealed class MessageService(
    IDbContextFactory<ChatDbContext> dbFactory,
    MessageWriter writer,
    IOptions<MessageOptions> options,
    FileStore files)
{
    private const int MaxChainPage = 200;

    public int MaxMessageLength => options.Value.MaxMessageLength;

    public Task<PostOutcome> PostAsync(ChatCaller caller, PostMessageRequest request, CancellationToken ct = default) =>
        PostAtAsync(caller, request, timestamp: null, ct);

    /// <summary>Posts with a given time, for imports and demo data; everything else is as for any post.</summary>
    internal async Task<PostOutcome> PostAtAsync(ChatCaller caller, PostMessageRequest request, DateTime? timestamp, CancellationToken ct = default)
    {
        var uploadIds = request.UploadIds ?? [];
        // A message may carry files and no text.
        var content = uploadIds.Count > 0 && string.IsNullOrWhiteSpace(request.Content) ? "" : MessageRules.ValidateContent(request.Content, MaxMessageLength);
        var clientKey = MessageRules.ValidateClientKey(request.ClientKey);
        if (request.IsPrivate)
            caller.RequireStaff("A private note");
        // A plain post is checked for visibility by the writer, in one query per batch; replies, files and notes need the
        // thread checked first (the reply target and uploads are looked up in it; a note needs a customer conversation).
        var checkedHere = request.ReplyToId is not null || uploadIds.Count > 0 || request.IsPrivate;
        if (checkedHere)
        {
            await using var db = await dbFactory.CreateDbContextAsync(ct);
            var thread = await db.RequireVisibleAsync(caller, request.ThreadId, ct);
            if (request.IsPrivate && thread.ContactId is null)
                throw new ChatValidationException("isPrivate",
                    "Private notes are for customer conversations: everyone in a team thread already sees every message.");
            if (request.ReplyToId is { } replyTo)
                await RequireReplyTargetAsync(db, caller, request, replyTo, ct);
            if (uploadIds.Count > 0 && await StoredPostAsync(db, caller, request.ThreadId, clientKey, ct) is { } stored)
            {
                // A retry of a post with files that did commit.
                RequireSameRetry(new PostOutcome(stored, Created: false), content, clientKey);
                return new PostOutcome(MessageProjection.For(caller, stored), Created: false);
            }
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
            IsPrivate = request.IsPrivate,
        };
        var outcome = uploadIds.Count == 0
            ? await writer.WriteAsync(message, checkedHere ? null : caller, ct)
            : await WriteWithFilesAsync(caller, message, uploadIds, ct);
        RequireSameRetry(outcome, content, clientKey);
        return outcome with { Message = MessageProjection.For(caller, outcome.Message) };
    }

    /// <summary>
    /// A note by the app itself in a conversation (routing's decisions: "Assigned to Maya by round robin"): staff only
    /// (private, so never sent to a visitor), not the thread's preview. Only the app posts these. A <paramref name="clientKey"/>
    /// makes the note idempotent: posted again with the same key, it is not written twice (an SLA breach's line).
    /// </summary>
    internal async Task<MessageView> PostSystemAsync(long threadId, string content, SystemMetadata metadata, CancellationToken ct = default,
        string? clientKey = null)
    {
        var message = new Message
        {
            ThreadId = threadId,
            Content = content,
            Type = MessageType.System,
            SenderName = "QanDu",
            SenderType = SenderType.System,
            IsPrivate = true,
            // Every post carries a key: the writer finds a retried post by it (a missing key would match every keyless message).
            ClientKey = clientKey ?? $"{metadata.Type}-{Guid.NewGuid():N}",
            Metadata = new MessageMetadata { System = metadata },
        };
        return (await writer.WriteAsync(message, ct)).Message;
    }

    public async Task<MessagePage> GetHistoryAsync(ChatCaller caller, long threadId, long? before, int? limit, CancellationToken ct = default)
    {
        var take = Math.Clamp(limit ?? options.Value.HistoryPageSize, 1, 200);
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        await db.RequireVisibleIdAsync(caller, threadId, ct);
        var query = db.Messages.AsNoTracking().Where(m => m.ThreadId == threadId);
        if (caller.IsVisitor)
            query = query.Where(m => !m.IsPrivate);
        if (before is { } cursor)
            query = query.Where(m => m.Id < cursor);
        var newestFirst = await query.OrderByDescending(m => m.Id).Take(take + 1)
            .Select(MessageProjection.ToView(db)).ToListAsync(ct);
        var hasOlder = newestFirst.Count > take;
        var page = await MessageProjection.ForAsync(db, caller, await MessageQueries.WithReactionsAsync(db, newestFirst.Take(take).Reverse().ToList(), ct), ct);
        return new MessagePage(page, hasOlder, hasOlder ? page[0].Id : null);
    }

    /// <summary>
    /// The messages after <paramref name="afterMessageId"/>, oldest first, at most <paramref name="limit"/> (200 at most):
    /// what a client missed while it was disconnected. <see cref="NewerMessages.HasMore"/>: ask again after the last one.
    /// </summary>
    public async Task<NewerMessages> GetAfterAsync(ChatCaller caller, long threadId, long afterMessageId, int? limit, CancellationToken ct = default)
    {
        if (afterMessageId < 0)
            throw new ChatValidationException("afterMessageId", "A message id cannot be negative; use 0 for the thread from its start.");
        var take = Math.Clamp(limit ?? MaxChainPage, 1, MaxChainPage);
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        await db.RequireVisibleIdAsync(caller, threadId, ct);
        var query = db.Messages.AsNoTracking().Where(m => m.ThreadId == threadId && m.Id > afterMessageId);
        if (caller.IsVisitor)
            query = query.Where(m => !m.IsPrivate); // private notes are for staff only
        var oldestFirst = await query.OrderBy(m => m.Id).Take(take + 1).Select(MessageProjection.ToView(db)).ToListAsync(ct);
        var hasMore = oldestFirst.Count > take;
        var page = await MessageProjection.ForAsync(db, caller, await MessageQueries.WithReactionsAsync(db, oldestFirst.Take(take).ToList(), ct), ct);
        return new NewerMessages(page, hasMore);
    }

    public async Task<MessageView> GetMessageAsync(ChatCaller caller, long messageId, CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var message = await db.RequireVisibleMessageAsync(caller, messageId, ct);
        return await MessageProjection.ForAsync(db, caller, await MessageQueries.ViewAsync(db, message.Id, ct), ct);
    }

    /// <summary>
    /// A message the event bus reported, as <paramref name="caller"/> may see it (<see cref="MessageProjection.ForAsync(ChatDbContext, ChatCaller, MessageView, CancellationToken)"/>):
    /// the bus carries it whole, for every reader.
    /// </summary>
    public async Task<MessageView> ShapeAsync(ChatCaller caller, MessageView view, CancellationToken ct = default)
    {
        if (AnswerCitations.CitedThreads(view).Count == 0)
            return MessageProjection.For(caller, view);
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        return await MessageProjection.ForAsync(db, caller, view, ct);
    }

    /// <summary>The message and its replies oldest first, at most <paramref name="limit"/> of them (deleted replies left out).</summary>
    public async Task<ReplyChain> GetRepliesAsync(ChatCaller caller, long messageId, int? limit = null, CancellationToken ct = default)
    {
        var take = Math.Clamp(limit ?? MaxChainPage, 1, MaxChainPage);
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var original = await db.RequireVisibleMessageAsync(caller, messageId, ct);
        var replies = db.Messages.AsNoTracking().Where(m => m.ReplyToId == original.Id && m.DeletedAt == null && (!caller.IsVisitor || !m.IsPrivate));
        var total = await replies.CountAsync(ct);
        var page = await replies.OrderBy(m => m.Id).Take(take).Select(MessageProjection.ToView(db)).ToListAsync(ct);
        return new ReplyChain(
            await MessageProjection.ForAsync(db, caller, await MessageQueries.ViewAsync(db, original.Id, ct), ct),
            await MessageProjection.ForAsync(db, caller, await MessageQueries.WithReactionsAsync(db, page, ct), ct),
            total,
            total > page.Count);
    }

    /// <summary>
    /// A retry must be the same post: a key already used for another text in this thread is the client's mistake, and
    /// answering with the stored message would hide it. (A message edited or deleted since is not compared.)
    /// </summary>
    private static void RequireSameRetry(PostOutcome outcome, string content, string clientKey)
    {
        if (!outcome.Created && outcome.Message is { EditedAt: null, Deleted: false } stored && stored.Content != content)
            throw new ChatConflictException(title: "Idempotency key already used",
                message: $"The idempotency key '{clientKey}' was already used for a different message in this thread; use a new key for a new message.");
    }

    /// <summary>
    /// A reply quotes a live message of the same thread; anything else is refused with the reason. A private note is quoted
    /// only by another note (a reply the customer sees would show the note's words), and does not exist for a customer.
    /// </summary>
    private static async Task RequireReplyTargetAsync(ChatDbContext db, ChatCaller caller, PostMessageRequest request, long replyToId, CancellationToken ct)
    {
        var threadId = request.ThreadId;
        var target = await db.Messages.AsNoTracking().Where(m => m.Id == replyToId)
            .Select(m => new { m.ThreadId, Deleted = m.DeletedAt != null, m.IsPrivate }).FirstOrDefaultAsync(ct);
        // A message of another thread answers like a missing one: the caller may not be able to see that thread.
        if (target is null || target.ThreadId != threadId || (target.IsPrivate && caller.IsVisitor))
            throw new ChatValidationException("replyToId", $"Message {replyToId} is not in thread {threadId}, so a reply here cannot quote it.");
        if (target.Deleted)
            throw new ChatValidationException("replyToId", $"Message {replyToId} was deleted and cannot be replied to.");
        if (target.IsPrivate && !request.IsPrivate)
            throw new ChatValidationException("replyToId",
                $"Message {replyToId} is a private note: answer it with a private note, since the customer would see the quote.");
    }

    /// <summary>
    /// A staff-only line from the app in a thread (a status change): written by the writer like any message, marked private
    /// so a customer never receives it, and never the thread's preview.
    /// </summary>
    internal Task<PostOutcome> PostActivityAsync(long threadId, string content, string action, CancellationToken ct = default) =>
        writer.WriteAsync(new Message
        {
            ThreadId = threadId,
            Content = content,
            Type = MessageType.System,
            SenderName = "QanDu",
            SenderType = SenderType.System,
            ClientKey = $"activity-{Guid.NewGuid():N}",
            IsPrivate = true,
            Metadata = new MessageMetadata { System = new SystemMetadata("status", action) },
        }, ct);

    /// <summary>
    /// Checks the uploads and posts the message with them; the files move to their stored place only after the commit,
    /// so a crash or a failed commit leaves them for the retry. The same post sent again meanwhile (a double click, a
    /// retry after a timeout) gets the stored message. The wait is not cancellable: a commit the caller stopped waiting
    /// for must still get its files moved.
    /// </summary>
    private async Task<PostOutcome> WriteWithFilesAsync(ChatCaller caller, Message message, IReadOnlyList<string> uploadIds, CancellationToken ct)
    {
        ClaimedFiles claimed;
        try
        {
            claimed = await files.ClaimAsync(caller, uploadIds, ct);
        }
        catch (ChatValidationException)
        {
            // The first of the same posts attached these uploads meanwhile: answer with what it stored.
            if (await StoredPostAsync(caller, message, ct) is { } stored)
                return new PostOutcome(stored, Created: false);
            throw;
        }
        message.Attachments = [.. claimed.Attachments];
        message.Type = message.Attachments.All(a => a.Type == AttachmentType.Image) ? MessageType.Image : MessageType.File;
        PostOutcome outcome;
        try
        {
            outcome = await writer.WriteAsync(message, CancellationToken.None);
        }
        catch (DbUpdateException)
        {
            // Another post attached one of the same uploads first (a stored file belongs to one attachment).
            if (await AttachedElsewhereAsync(uploadIds) is { } taken)
                throw FileStore.Unavailable(taken);
            throw;
        }
        if (outcome.Created)
            claimed.Commit();
        return outcome;
    }

    private async Task<MessageView?> StoredPostAsync(ChatCaller caller, Message message, CancellationToken ct)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        return await StoredPostAsync(db, caller, message.ThreadId, message.ClientKey!, ct);
    }

    /// <summary>The first of the uploads that an attachment stored meanwhile owns; null when none is.</summary>
    private async Task<string?> AttachedElsewhereAsync(IReadOnlyList<string> uploadIds)
    {
        var names = uploadIds.Select(FileStore.StoredNameOf).ToList();
        await using var db = await dbFactory.CreateDbContextAsync();
        var owned = await db.Attachments.Where(a => names.Contains(a.StoredName)).Select(a => a.StoredName).ToListAsync();
        return uploadIds.FirstOrDefault(id => owned.Contains(FileStore.StoredNameOf(id)));
    }

    private static async Task<MessageView?> StoredPostAsync(ChatDbContext db, ChatCaller caller, long threadId, string clientKey, CancellationToken ct) =>
        await db.Messages.AsNoTracking()
            .Where(m => m.ClientKey == clientKey && m.ThreadId == threadId && m.SenderId == caller.UserId)
            .Select(MessageProjection.ToView(db)).FirstOrDefaultAsync(ct);
}
