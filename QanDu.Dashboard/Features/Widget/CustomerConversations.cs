using QanDu.Dashboard.Features.Activity;
using Microsoft.EntityFrameworkCore;
using QanDu.Dashboard.Data;
using QanDu.Dashboard.Data.Entities;
using QanDu.Dashboard.Features.Access;
using QanDu.Dashboard.Features.Messages;
using QanDu.Dashboard.Realtime;
using QanDu.Dashboard.Rendering;

namespace QanDu.Dashboard.Features.Widget;

/// <summary>
/// A customer's side of their conversations: start one (routing picks it up from <see cref="ConversationStarted"/>),
/// write to one (a snoozed one wakes up; a resolved one reopens within the channel's reopen window, after it a new
/// conversation follows the old one), rate a resolved one. Messages go through <see cref="MessageService"/> like every
/// post (idempotent by client key, the batched writer); each change of state leaves a system message staff can see.
/// </summary>
public sealed class CustomerConversations(
    IDbContextFactory<ChatDbContext> dbFactory, MessageService messages, MessageWriter writer, IChatEvents events, TimeProvider clock)
{
    public const int MaxRatingComment = 1000;
    private const int TitleLength = 60;

    /// <summary>The contact's conversations, newest first, as the widget lists them (private notes never previewed).</summary>
    public async Task<IReadOnlyList<ConversationView>> ListAsync(Visitor visitor, CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var caller = visitor.Caller;
        var rows = await Own(db, caller)
            .OrderByDescending(t => t.LastMessageAt ?? t.CreatedAt).Take(50)
            .Select(t => new
            {
                t.Id, t.Status, t.LastMessageAt, t.Rating,
                Last = db.Messages.Where(m => m.ThreadId == t.Id && !m.IsPrivate && m.DeletedAt == null).OrderByDescending(m => m.Id)
                    .Select(m => new { m.Content, m.SenderType }).FirstOrDefault(),
                Cursor = db.ReadCursors.Where(c => c.ThreadId == t.Id && c.UserId == caller.UserId).Select(c => (long?)c.LastReadMessageId).FirstOrDefault() ?? 0,
            })
            .Select(t => new
            {
                t.Id, t.Status, t.LastMessageAt, t.Rating, t.Last,
                Unread = db.Messages.Count(m => m.ThreadId == t.Id && !m.IsPrivate && m.DeletedAt == null && m.Id > t.Cursor
                                                && (m.SenderId == null || m.SenderId != caller.UserId)),
            })
            .ToListAsync(ct);
        return [.. rows.Select(r => new ConversationView(r.Id, WidgetWords.Status(r.Status), r.LastMessageAt,
            r.Last is null ? "" : MessageProjection.Preview(AnswerCitations.PreviewText(r.Last.SenderType, r.Last.Content)), r.Unread, r.Rating))];
    }

    /// <summary>Ids of the contact's conversations (what its hub connections listen to).</summary>
    public async Task<IReadOnlyList<long>> IdsAsync(Visitor visitor, CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        return await Own(db, visitor.Caller).OrderByDescending(t => t.Id).Select(t => t.Id).Take(200).ToListAsync(ct);
    }

    /// <summary>Whether the conversation is the visitor's; not-found otherwise (never forbidden: ids are not enumerable).</summary>
    public async Task<ChatThread> RequireOwnAsync(Visitor visitor, long conversationId, CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        return await Own(db, visitor.Caller).AsNoTracking().FirstOrDefaultAsync(t => t.Id == conversationId, ct)
               ?? throw new ChatNotFoundException($"Conversation {conversationId}");
    }

    /// <summary>
    /// The visitor's message, in <paramref name="request"/>'s conversation or a new one. A retry with the same client key
    /// answers with the stored message, wherever it went (also when the first try started a conversation).
    /// </summary>
    public async Task<(MessageView Message, bool Created)> PostAsync(
        Visitor visitor, WebsiteChannel channel, VisitorPostRequest request, CancellationToken ct = default)
    {
        var caller = visitor.Caller;
        var uploads = request.AttachmentIds ?? [];
        if (uploads.Count == 0)
            MessageRules.ValidateContent(request.Content, messages.MaxMessageLength); // refused before a conversation starts
        var clientKey = MessageRules.ValidateClientKey(request.ClientKey);
        if (await StoredAsync(caller, clientKey, ct) is { } stored)
            return (stored, false);

        long threadId;
        var started = false;
        if (request.ConversationId is not { } conversationId)
        {
            threadId = await StartAsync(visitor, channel, request.Content, previous: null, ct);
            started = true;
        }
        else
        {
            var thread = await RequireOwnAsync(visitor, conversationId, ct);
            (threadId, started) = await WakeAsync(visitor, channel, thread, request.Content, ct);
        }
        var outcome = await messages.PostAsync(caller, new PostMessageRequest(threadId, request.Content, clientKey, UploadIds: uploads), ct);
        if (started)
            events.Publish(new ConversationStarted(threadId, channel.Id)); // after the first message: routing sees what it is about
        return (outcome.Message, outcome.Created);
    }

    /// <summary>
    /// Messages of the visitor's conversation, oldest first: the newest page, or those after/before a message id. Never a
    /// private note; returned as stored, for <see cref="VisitorMessages"/> to shape.
    /// </summary>
    public async Task<(IReadOnlyList<MessageView> Messages, bool HasMore)> HistoryAsync(
        Visitor visitor, long conversationId, long? after, long? before, int? limit, CancellationToken ct = default)
    {
        var take = Math.Clamp(limit ?? 50, 1, 200);
        await RequireOwnAsync(visitor, conversationId, ct);
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var query = db.Messages.AsNoTracking().Where(m => m.ThreadId == conversationId && !m.IsPrivate && m.DeletedAt == null);
        List<MessageView> page;
        if (after is { } from)
            page = await query.Where(m => m.Id > from).OrderBy(m => m.Id).Take(take + 1).Select(MessageProjection.ToView(db)).ToListAsync(ct);
        else
        {
            if (before is { } to)
                query = query.Where(m => m.Id < to);
            page = await query.OrderByDescending(m => m.Id).Take(take + 1).Select(MessageProjection.ToView(db)).ToListAsync(ct);
        }
        var hasMore = page.Count > take;
        var kept = page.Take(take).OrderBy(m => m.Id).ToList();
        return (kept, hasMore); // as stored: VisitorMessages shapes each for the visitor (it reads the cited help links first)
    }

    /// <summary>The customer's rating of a resolved conversation: once, 1 to 5 with an optional comment.</summary>
    public async Task RateAsync(Visitor visitor, long conversationId, int? rating, string? comment, CancellationToken ct = default)
    {
        if (rating is not (>= 1 and <= 5))
            throw new ChatValidationException("rating", "A rating is a whole number from 1 to 5.");
        TextInput.RefuseNul("comment", comment);
        comment = string.IsNullOrWhiteSpace(comment) ? null : comment.Trim();
        if (comment is { Length: > MaxRatingComment })
            throw new ChatValidationException("comment", $"A rating's comment can be at most {MaxRatingComment:N0} characters; this one has {comment.Length:N0}.");
        var thread = await RequireOwnAsync(visitor, conversationId, ct);
        if (thread.Status != ThreadStatus.Archived)
            throw new ChatConflictException("Only a resolved conversation can be rated; this one is still open.", "Conversation not resolved");
        var now = clock.GetUtcNow().UtcDateTime;
        await using (var db = await dbFactory.CreateDbContextAsync(ct))
        {
            await using var transaction = await db.Database.BeginTransactionAsync(ct);
            var rated = await db.Threads.Where(t => t.Id == conversationId && t.Rating == null && t.Status == ThreadStatus.Archived)
                .ExecuteUpdateAsync(s => s.SetProperty(t => t.Rating, rating).SetProperty(t => t.RatingComment, comment).SetProperty(t => t.RatedAt, now), ct);
            if (rated == 0)
                throw new ChatConflictException("This conversation was already rated; a rating cannot be changed.", "Already rated");
            await ConversationActivityLog.AddRatingAsync(db, conversationId, rating.Value, now, ct);
            await db.SaveChangesAsync(ct);
            await transaction.CommitAsync(ct);
        }
        await PostSystemAsync(conversationId, $"Rated {rating}/5" + (comment is null ? "" : ": " + comment), "rated", ct);
        events.Publish(new ThreadChanged(conversationId));
    }

    /// <summary>Conversations the caller (a visitor) takes part in that are customer conversations.</summary>
    private static IQueryable<ChatThread> Own(ChatDbContext db, ChatCaller caller) =>
        db.Threads.Visible(caller).Where(t => t.ContactId != null);

    private async Task<MessageView?> StoredAsync(ChatCaller caller, string clientKey, CancellationToken ct)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var stored = await db.Messages.AsNoTracking()
            .Where(m => m.ClientKey == clientKey && m.SenderId == caller.UserId && Own(db, caller).Any(t => t.Id == m.ThreadId))
            .Select(MessageProjection.ToView(db)).FirstOrDefaultAsync(ct);
        return stored is null ? null : MessageProjection.For(caller, stored);
    }

    /// <summary>
    /// Makes the conversation take the message: snoozed wakes, resolved reopens within the window; after it a new
    /// conversation starts, linked to this one. Returns the conversation to post in and whether it is new.
    /// </summary>
    private async Task<(long ThreadId, bool Started)> WakeAsync(Visitor visitor, WebsiteChannel channel, ChatThread thread, string? content, CancellationToken ct)
    {
        var now = clock.GetUtcNow().UtcDateTime;
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        switch (thread.Status)
        {
            case ThreadStatus.Snoozed:
                if (await db.Threads.Where(t => t.Id == thread.Id && t.Status == ThreadStatus.Snoozed)
                        .ExecuteUpdateAsync(s => s.SetProperty(t => t.Status, ThreadStatus.Active).SetProperty(t => t.SnoozedUntil, (DateTime?)null), ct) > 0)
                {
                    await PostSystemAsync(thread.Id, "Reopened: the customer wrote while the conversation was snoozed.", "reopened", ct);
                    events.Publish(new ThreadChanged(thread.Id));
                }
                return (thread.Id, false);
            case ThreadStatus.Archived:
                var resolvedAt = thread.ResolvedAt ?? thread.UpdatedAt;
                var window = TimeSpan.FromHours(Math.Max(0, channel.ReopenWindowHours));
                if (now - resolvedAt > window)
                {
                    var next = await StartAsync(visitor, channel, content, thread.Id, ct);
                    return (next, true);
                }
                if (await db.Threads.Where(t => t.Id == thread.Id && t.Status == ThreadStatus.Archived)
                        .ExecuteUpdateAsync(s => s.SetProperty(t => t.Status, ThreadStatus.Active).SetProperty(t => t.ResolvedAt, (DateTime?)null), ct) > 0)
                {
                    await PostSystemAsync(thread.Id, $"Reopened: the customer wrote within {channel.ReopenWindowHours} h of the conversation being resolved.", "reopened", ct);
                    events.Publish(new ThreadChanged(thread.Id));
                }
                return (thread.Id, false);
            default:
                return (thread.Id, false);
        }
    }

    /// <summary>A new conversation of the contact in the channel's queue (team or Unassigned); the caller publishes ConversationStarted.</summary>
    private async Task<long> StartAsync(Visitor visitor, WebsiteChannel channel, string? content, long? previous, CancellationToken ct)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var contact = await db.Contacts.AsNoTracking().FirstAsync(c => c.Id == visitor.ContactId, ct);
        RequirePreChat(channel, contact);
        var now = clock.GetUtcNow().UtcDateTime;
        var words = MarkdownText.Shorten(MarkdownText.OneLine(content), TitleLength);
        var thread = new ChatThread
        {
            Title = words.Length > 0 ? words : $"Chat with {Contacts.ContactService.DisplayName(contact)}",
            Type = ThreadType.Group,
            // With the assistant answering first it waits on the assistant (not routed) until it hands off to a person.
            Status = channel.AssistantFirstReply ? ThreadStatus.Pending : ThreadStatus.Active,
            ChannelId = channel.Id,
            ContactId = contact.Id,
            TeamId = channel.TeamId,
            PreviousThreadId = previous,
            CreatedById = contact.UserId,
            CreatedAt = now,
            UpdatedAt = now,
            Participants = [new ThreadParticipant { UserId = contact.UserId, JoinedAt = now }],
        };
        db.Threads.Add(thread);
        await db.SaveChangesAsync(ct);
        if (previous is { } earlier)
            await PostSystemAsync(thread.Id, $"Follows the customer's earlier conversation #{earlier}, resolved more than {channel.ReopenWindowHours} h ago.", "follows", ct);
        events.Publish(new ThreadChanged(thread.Id));
        return thread.Id;
    }

    /// <summary>The pre-chat form's required fields must be known before a conversation starts.</summary>
    private static void RequirePreChat(WebsiteChannel channel, Contact contact)
    {
        if (channel.PreChatName == PreChatField.Required && string.IsNullOrWhiteSpace(contact.Name))
            throw new ChatValidationException("name", "This website asks for your name before a conversation starts: send it with POST /api/widget/v1/session.");
        if (channel.PreChatEmail == PreChatField.Required && string.IsNullOrWhiteSpace(contact.Email))
            throw new ChatValidationException("email", "This website asks for your email before a conversation starts: send it with POST /api/widget/v1/session.");
    }

    /// <summary>
    /// A staff-only line from the app in the conversation (reopened, follows an earlier one, rated), through the one message
    /// writer: a private note, so it neither reaches the customer nor reopens a resolved conversation.
    /// </summary>
    private async Task PostSystemAsync(long threadId, string text, string action, CancellationToken ct)
    {
        await writer.WriteAsync(new Message
        {
            ThreadId = threadId,
            Content = text,
            Type = MessageType.System,
            SenderType = SenderType.System,
            SenderName = "QanDu",
            ClientKey = "system:" + Guid.NewGuid().ToString("N"),
            IsPrivate = true,
            Metadata = new MessageMetadata { System = new SystemMetadata("conversation", action) },
        }, ct);
    }
}
