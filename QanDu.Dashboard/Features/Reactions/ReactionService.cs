using Microsoft.EntityFrameworkCore;
using QanDu.Dashboard.Data;
using QanDu.Dashboard.Data.Entities;
using QanDu.Dashboard.Features.Access;
using QanDu.Dashboard.Realtime;

namespace QanDu.Dashboard.Features.Reactions;

/// <summary>
/// The write path for reactions, a sibling of the message services with the same access rule: a message
/// in a thread the caller may not see is not found. Publishes <see cref="ReactionChanged"/> after commit.
/// </summary>
public sealed class ReactionService(IDbContextFactory<ChatDbContext> dbFactory, IChatEvents events, TimeProvider clock)
{
    /// <summary>Adds the caller's reaction, or takes it away when it is already there.</summary>
    public async Task<ReactionOutcome> ToggleAsync(ChatCaller caller, long messageId, string? emoji, CancellationToken ct = default)
    {
        var info = Validate(emoji);
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var message = await db.RequireVisibleMessageAsync(caller, messageId, ct);
        if (message.DeletedAt != null)
            throw new ChatValidationException("messageId", $"Message {messageId} was deleted; it takes no reactions.");

        var removed = await db.Reactions
            .Where(r => r.MessageId == messageId && r.UserId == caller.UserId && r.Emoji == info.Emoji)
            .ExecuteDeleteAsync(ct);
        var added = removed == 0;
        if (added)
        {
            db.Reactions.Add(new Reaction { MessageId = messageId, UserId = caller.UserId, Emoji = info.Emoji, CreatedAt = clock.GetUtcNow().UtcDateTime });
            try
            {
                await db.SaveChangesAsync(ct);
            }
            catch (DbUpdateException)
            {
                // A double click raced this one and stored the same reaction: it is there, which is what was asked.
                if (!await HasReactedAsync(db, messageId, caller.UserId, info.Emoji, ct))
                    throw;
            }
        }
        var reactions = await ReactionQueries.LoadAsync(db, messageId, ct);
        events.Publish(new ReactionChanged(message.ThreadId, messageId,
            [.. reactions.Select(r => new ReactionTally(r.Emoji, r.Count, [.. r.Users.Select(u => u.UserId)]))]));
        return new ReactionOutcome(messageId, info.Emoji, added, ReactionShaping.For(caller, reactions));
    }

    public async Task<IReadOnlyList<ReactionView>> GetAsync(ChatCaller caller, long messageId, CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        await db.RequireVisibleMessageAsync(caller, messageId, ct);
        return ReactionShaping.For(caller, await ReactionQueries.LoadAsync(db, messageId, ct));
    }

    private static EmojiInfo Validate(string? emoji)
    {
        if (string.IsNullOrWhiteSpace(emoji))
            throw new ChatValidationException("emoji", "Name an emoji to react with, for example \"👍\" or \":+1:\".");
        return EmojiCatalog.Default.Find(emoji)
               ?? throw new ChatValidationException("emoji",
                   $"Unknown emoji \"{(emoji.Length > 64 ? emoji[..64] + "…" : emoji)}\": use one from the emoji picker, as the character or its :shortcode:.");
    }

    private static Task<bool> HasReactedAsync(ChatDbContext db, long messageId, string userId, string emoji, CancellationToken ct)
    {
        db.ChangeTracker.Clear();
        return db.Reactions.AnyAsync(r => r.MessageId == messageId && r.UserId == userId && r.Emoji == emoji, ct);
    }
}
