using Microsoft.EntityFrameworkCore;
using QanDu.Dashboard.Data;
using QanDu.Dashboard.Data.Entities;
using QanDu.Dashboard.Features.Access;
using QanDu.Dashboard.Realtime;

namespace QanDu.Dashboard.Features.Assistant.Feedback;

/// <summary>Thumbs on one AI message: the counts, and the caller's own rating (null when none).</summary>
public sealed record AiFeedbackView(long MessageId, int Up, int Down, FeedbackRating? Mine, string? MyComment = null);

/// <summary>Rate an AI message; a comment may go with a thumbs down.</summary>
public sealed record RateAiMessageRequest(FeedbackRating? Rating, string? Comment = null);

/// <summary>
/// The write path for thumbs up/down on AI messages, beside the message services with their access rule: a
/// message in a thread the caller may not see is not found. One rating per user and message; publishes
/// <see cref="AiFeedbackChanged"/> after commit so every open thread updates the counts.
/// </summary>
public sealed class FeedbackService(IDbContextFactory<ChatDbContext> dbFactory, IChatEvents events, TimeProvider clock)
{
    public const int MaxCommentLength = 500;

    public async Task<AiFeedbackView> GetAsync(ChatCaller caller, long messageId, CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        await db.RequireVisibleMessageAsync(caller, messageId, ct);
        return await ViewAsync(db, caller.UserId, messageId, ct);
    }

    /// <summary>
    /// The thumbs on many AI messages of one thread for the caller, as a thread shows them under each reply: the thread's
    /// visibility is checked once, then one query reads the counts and the caller's own ratings. Ids that are not the
    /// assistant's messages in that thread are left out.
    /// </summary>
    public async Task<IReadOnlyDictionary<long, AiFeedbackView>> GetForThreadAsync(
        ChatCaller caller, long threadId, IReadOnlyCollection<long> messageIds, CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        await db.RequireVisibleIdAsync(caller, threadId, ct);
        var ids = messageIds.Distinct().ToList();
        var userId = caller.UserId;
        var views = await db.Messages.AsNoTracking()
            .Where(m => m.ThreadId == threadId && m.SenderType == SenderType.Ai && ids.Contains(m.Id))
            .Select(m => new AiFeedbackView(
                m.Id,
                db.AiFeedback.Count(f => f.MessageId == m.Id && f.Rating == FeedbackRating.Up),
                db.AiFeedback.Count(f => f.MessageId == m.Id && f.Rating == FeedbackRating.Down),
                db.AiFeedback.Where(f => f.MessageId == m.Id && f.UserId == userId).Select(f => (FeedbackRating?)f.Rating).FirstOrDefault(),
                db.AiFeedback.Where(f => f.MessageId == m.Id && f.UserId == userId).Select(f => f.Comment).FirstOrDefault()))
            .ToListAsync(ct);
        return views.ToDictionary(v => v.MessageId);
    }

    /// <summary>Sets the caller's rating (replacing an earlier one); a comment is kept only with a thumbs down.</summary>
    public async Task<AiFeedbackView> RateAsync(ChatCaller caller, long messageId, RateAiMessageRequest request, CancellationToken ct = default)
    {
        var comment = string.IsNullOrWhiteSpace(request.Comment) ? null : request.Comment.Trim();
        var errors = new Dictionary<string, string[]>();
        if (request.Rating is not { } rating || !Enum.IsDefined(rating))
            errors["rating"] = ["Rate with \"up\" or \"down\"."];
        if (comment is { Length: > MaxCommentLength })
            errors["comment"] = [$"A comment is at most {MaxCommentLength} characters."];
        else if (comment is not null && request.Rating == FeedbackRating.Up)
            errors["comment"] = ["A comment goes with a thumbs down (what was wrong)."];
        if (errors.Count > 0)
            throw new ChatValidationException(errors);

        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var message = await RequireAiMessageAsync(db, caller, messageId, ct);
        var row = await db.AiFeedback.SingleOrDefaultAsync(f => f.MessageId == messageId && f.UserId == caller.UserId, ct);
        if (row is null)
        {
            row = new AiFeedback { MessageId = messageId, UserId = caller.UserId };
            db.AiFeedback.Add(row);
        }
        row.Rating = request.Rating!.Value;
        row.Comment = comment;
        row.CreatedAt = clock.GetUtcNow().UtcDateTime;
        try
        {
            await db.SaveChangesAsync(ct);
        }
        catch (DbUpdateException)
        {
            // A double click stored the first rating meanwhile: apply this one over it.
            db.ChangeTracker.Clear();
            await db.AiFeedback.Where(f => f.MessageId == messageId && f.UserId == caller.UserId)
                .ExecuteUpdateAsync(s => s.SetProperty(f => f.Rating, request.Rating!.Value).SetProperty(f => f.Comment, comment), ct);
        }
        return await PublishAsync(db, caller, message, ct);
    }

    /// <summary>Takes the caller's rating back (nothing happens when there is none).</summary>
    public async Task<AiFeedbackView> RemoveAsync(ChatCaller caller, long messageId, CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var message = await RequireAiMessageAsync(db, caller, messageId, ct);
        await db.AiFeedback.Where(f => f.MessageId == messageId && f.UserId == caller.UserId).ExecuteDeleteAsync(ct);
        return await PublishAsync(db, caller, message, ct);
    }

    private static async Task<Message> RequireAiMessageAsync(ChatDbContext db, ChatCaller caller, long messageId, CancellationToken ct)
    {
        var message = await db.RequireVisibleMessageAsync(caller, messageId, ct);
        if (message.SenderType != SenderType.Ai)
            throw new ChatValidationException("messageId", $"Message {messageId} was not written by the assistant; only AI messages are rated.");
        if (message.DeletedAt != null)
            throw new ChatValidationException("messageId", $"Message {messageId} was deleted; it takes no rating.");
        return message;
    }

    private async Task<AiFeedbackView> PublishAsync(ChatDbContext db, ChatCaller caller, Message message, CancellationToken ct)
    {
        var view = await ViewAsync(db, caller.UserId, message.Id, ct);
        events.Publish(new AiFeedbackChanged(message.ThreadId, message.Id, view.Up, view.Down, caller.UserId, view.Mine));
        return view;
    }

    private static async Task<AiFeedbackView> ViewAsync(ChatDbContext db, string userId, long messageId, CancellationToken ct)
    {
        var rows = await db.AiFeedback.AsNoTracking().Where(f => f.MessageId == messageId)
            .Select(f => new { f.UserId, f.Rating, f.Comment }).ToListAsync(ct);
        var mine = rows.SingleOrDefault(r => r.UserId == userId);
        return new AiFeedbackView(messageId, rows.Count(r => r.Rating == FeedbackRating.Up), rows.Count(r => r.Rating == FeedbackRating.Down),
            mine?.Rating, mine?.Comment);
    }
}
