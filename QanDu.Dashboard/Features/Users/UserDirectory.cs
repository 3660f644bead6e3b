using Microsoft.EntityFrameworkCore;
using QanDu.Dashboard.Data;
using QanDu.Dashboard.Data.Entities;
using QanDu.Dashboard.Features.Threads;

namespace QanDu.Dashboard.Features.Users;

public sealed record UserView(string Id, string DisplayName, string Email, PresenceStatus Presence, IReadOnlyList<string> Roles);

/// <summary>Who works here, and each person's presence.</summary>
public sealed class UserDirectory(IDbContextFactory<ChatDbContext> dbFactory)
{
    public async Task<IReadOnlyList<UserView>> ListAsync(CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var roles = await db.UserRoles.Join(db.Roles, ur => ur.RoleId, r => r.Id, (ur, r) => new { ur.UserId, r.Name })
            .ToListAsync(ct);
        var byUser = roles.ToLookup(r => r.UserId, r => r.Name!);
        var users = await db.Users.AsNoTracking().OrderBy(u => u.DisplayName).ToListAsync(ct);
        return users.ConvertAll(u => new UserView(u.Id, u.DisplayName, u.Email ?? "", u.Presence, byUser[u.Id].Order().ToList()));
    }

    public async Task SetPresenceAsync(ChatCaller caller, PresenceStatus presence, CancellationToken ct = default)
    {
        if (!Enum.IsDefined(presence))
            throw new ChatValidationException("status", "Status must be online, away, busy or offline.");
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        await db.Users.Where(u => u.Id == caller.UserId)
            .ExecuteUpdateAsync(s => s.SetProperty(u => u.Presence, presence), ct);
    }
}
