using Microsoft.EntityFrameworkCore;
using QanDu.Dashboard.Data;
using QanDu.Dashboard.Data.Entities;
using QanDu.Dashboard.Features.Access;
using QanDu.Dashboard.Features.Presence;

namespace QanDu.Dashboard.Features.Users;

/// <summary>A person; <c>Presence</c> is what others see now, <c>ChosenPresence</c> the status they set.</summary>
public sealed record UserView(string Id, string DisplayName, string Email, PresenceStatus Presence, IReadOnlyList<string> Roles,
    PresenceStatus ChosenPresence);

/// <summary>Who works here, and each person's presence.</summary>
public sealed class UserDirectory(IDbContextFactory<ChatDbContext> dbFactory, PresenceService presence)
{
    /// <summary>Every person with their email and roles: for the team only, so a visitor never learns a staff email.</summary>
    public async Task<IReadOnlyList<UserView>> ListAsync(ChatCaller caller, CancellationToken ct = default)
    {
        caller.RequireStaff("The people directory");
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var roles = await db.UserRoles.Join(db.Roles, ur => ur.RoleId, r => r.Id, (ur, r) => new { ur.UserId, r.Name })
            .ToListAsync(ct);
        var byUser = roles.ToLookup(r => r.UserId, r => r.Name!);
        var users = await db.Users.AsNoTracking().OrderBy(u => u.DisplayName).ToListAsync(ct);
        return users.ConvertAll(u => new UserView(u.Id, u.DisplayName, u.Email ?? "", presence.Get(u.Id), byUser[u.Id].Order().ToList(), u.Presence));
    }
}
