using Microsoft.EntityFrameworkCore;
using QanDu.Dashboard.Data;
using QanDu.Dashboard.Data.Entities;
using QanDu.Dashboard.Features.Access;
using QanDu.Dashboard.Features.Presence;

namespace QanDu.Dashboard.Features.Users;

/// <summary>A person; <c>Presence</c> is what others see now, <c>ChosenPresence</c> the status they set.</summary>
public sealed record UserView(string Id, string DisplayName, string Email, PresenceStatus Presence, IReadOnlyList<string> Roles,
    PresenceStatus ChosenPresence)
{
    /// <summary>False once an admin deactivated the person: kept in lists of what happened, not offered for new work.</summary>
    public bool Active { get; init; } = true;
}

/// <summary>Who works here, and each person's presence.</summary>
public sealed class UserDirectory(IDbContextFactory<ChatDbContext> dbFactory, PresenceService presence)
{
    /// <summary>
    /// Every person with their roles, for the team only. Staff emails are shown to all staff; a customer's email only to
    /// staff who can see one of that customer's conversations (supervisors and admins see every conversation).
    /// </summary>
    public async Task<IReadOnlyList<UserView>> ListAsync(ChatCaller caller, CancellationToken ct = default)
    {
        caller.RequireStaff("The people directory");
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var roles = await db.UserRoles.Join(db.Roles, ur => ur.RoleId, r => r.Id, (ur, r) => new { ur.UserId, r.Name })
            .ToListAsync(ct);
        var byUser = roles.ToLookup(r => r.UserId, r => r.Name!);
        var users = await db.Users.AsNoTracking().OrderBy(u => u.DisplayName).ToListAsync(ct);
        var customersInSight = caller.SeesEveryThread()
            ? null
            : (await db.Participants.Where(p => db.Threads.Visible(caller).Any(t => t.Id == p.ThreadId)).Select(p => p.UserId)
                .Distinct().ToListAsync(ct)).ToHashSet();
        return users.ConvertAll(u =>
        {
            var userRoles = byUser[u.Id].Order().ToList();
            var showEmail = userRoles.Count > 0 || customersInSight is null || customersInSight.Contains(u.Id);
            return new UserView(u.Id, u.DisplayName, showEmail ? u.Email ?? "" : "", presence.Get(u.Id), userRoles, u.Presence)
            {
                Active = u.DeactivatedAt is null,
            };
        });
    }
}
