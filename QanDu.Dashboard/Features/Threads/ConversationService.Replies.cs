using Microsoft.EntityFrameworkCore;
using QanDu.Dashboard.Data;
using QanDu.Dashboard.Features.Reactions;

namespace QanDu.Dashboard.Features.Threads;

/// <summary>Replies: what may be replied to, and the chain of replies under a message.</summary>
public sealed partial class ConversationService
{
    private const int MaxChainPage = 200;

    /// <summary>A reply quotes a live message of the same thread; anything else is refused with the reason.</summary>
    private static async Task RequireReplyTargetAsync(ChatDbContext db, long threadId, long replyToId, CancellationToken ct)
    {
        var target = await db.Messages.AsNoTracking().Where(m => m.Id == replyToId)
            .Select(m => new { m.ThreadId, Deleted = m.DeletedAt != null }).FirstOrDefaultAsync(ct);
        // A message of another thread answers like a missing one: the caller may not be able to see that thread.
        if (target is null || target.ThreadId != threadId)
            throw new ChatValidationException("replyToId", $"Message {replyToId} is not in thread {threadId}, so a reply here cannot quote it.");
        if (target.Deleted)
            throw new ChatValidationException("replyToId", $"Message {replyToId} was deleted and cannot be replied to.");
    }

    /// <summary>The message and its replies oldest first, at most <paramref name="limit"/> of them (deleted replies left out).</summary>
    public async Task<ReplyChain> GetRepliesAsync(ChatCaller caller, long messageId, int? limit = null, CancellationToken ct = default)
    {
        var take = Math.Clamp(limit ?? MaxChainPage, 1, MaxChainPage);
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var original = await db.RequireVisibleMessageAsync(caller, messageId, ct);
        var replies = db.Messages.AsNoTracking().Where(m => m.ReplyToId == original.Id && m.DeletedAt == null);
        var total = await replies.CountAsync(ct);
        var page = await replies.OrderBy(m => m.Id).Take(take).Select(MessageProjection.ToView(db)).ToListAsync(ct);
        return new ReplyChain(
            await ViewAsync(db, original.Id, ct),
            await ReactionQueries.WithReactionsAsync(db, page, ct),
            total,
            total > page.Count);
    }
}
