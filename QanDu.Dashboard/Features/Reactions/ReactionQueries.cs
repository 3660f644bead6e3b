using Microsoft.EntityFrameworkCore;
using QanDu.Dashboard.Data;

namespace QanDu.Dashboard.Features.Reactions;

/// <summary>Reads reactions for a set of messages in one query, grouped per message and emoji in first-reacted order.</summary>
public static class ReactionQueries
{
    public static async Task<Dictionary<long, IReadOnlyList<ReactionView>>> LoadAsync(
        ChatDbContext db, IReadOnlyCollection<long> messageIds, CancellationToken ct)
    {
        if (messageIds.Count == 0)
            return [];
        var rows = await db.Reactions.AsNoTracking()
            .Where(r => messageIds.Contains(r.MessageId))
            .Join(db.Users, r => r.UserId, u => u.Id, (r, u) => new { r.MessageId, r.Emoji, r.UserId, u.DisplayName, r.CreatedAt })
            .ToListAsync(ct);
        return rows
            .GroupBy(r => r.MessageId)
            .ToDictionary(m => m.Key, m => (IReadOnlyList<ReactionView>)m
                .GroupBy(r => r.Emoji)
                .OrderBy(g => g.Min(r => r.CreatedAt))
                .Select(g => new ReactionView(g.Key, g.Count(),
                    g.OrderBy(r => r.CreatedAt).Select(r => new ReactorView(r.UserId, r.DisplayName)).ToList()))
                .ToList());
    }

    public static async Task<IReadOnlyList<ReactionView>> LoadAsync(ChatDbContext db, long messageId, CancellationToken ct) =>
        (await LoadAsync(db, [messageId], ct)).GetValueOrDefault(messageId) ?? [];
}
