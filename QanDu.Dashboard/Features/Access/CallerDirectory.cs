using Microsoft.EntityFrameworkCore;
using QanDu.Dashboard.Data;

namespace QanDu.Dashboard.Features.Access;

/// <summary>
/// The caller a stored person acts as, for work that starts without a request (the assistant answering a post): the
/// same rule as a signed-in request (<see cref="ChatCaller.ForRoles"/>), read from the database.
/// </summary>
public sealed class CallerDirectory(IDbContextFactory<ChatDbContext> dbFactory)
{
    /// <summary>Null when there is no such person (deleted meanwhile).</summary>
    public async Task<ChatCaller?> FindAsync(string userId, CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var user = await db.Users.AsNoTracking().Where(u => u.Id == userId).Select(u => new { u.Id, u.DisplayName }).FirstOrDefaultAsync(ct);
        if (user is null)
            return null;
        var roles = await db.UserRoles.Where(ur => ur.UserId == userId).Join(db.Roles, ur => ur.RoleId, r => r.Id, (_, r) => r.Name!)
            .ToListAsync(ct);
        return ChatCaller.ForRoles(user.Id, user.DisplayName, roles);
    }
}
