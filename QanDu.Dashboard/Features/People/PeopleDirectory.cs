using Microsoft.EntityFrameworkCore;
using QanDu.Dashboard.Data;
using QanDu.Dashboard.Data.Entities;
using QanDu.Dashboard.Features.Access;

namespace QanDu.Dashboard.Features.People;

/// <summary>The staff list for admins: each person's role, status, last seen, two-factor and open assigned conversations.</summary>
public sealed class PeopleDirectory(IDbContextFactory<ChatDbContext> dbFactory, TimeProvider clock)
{
    public async Task<IReadOnlyList<PersonView>> ListAsync(ChatCaller caller, PeopleQuery? query = null, CancellationToken ct = default)
    {
        PeopleRules.RequireAdmin(caller);
        query ??= new PeopleQuery();
        var role = query.Role is null ? null : PeopleRules.ParseRole(query.Role);
        var people = await LoadAsync(null, ct);
        var search = query.Search?.Trim();
        return [.. people.Where(p =>
            (role is null || p.Role == role)
            && (query.Status is null || p.Status == query.Status)
            && (string.IsNullOrEmpty(search)
                || p.Name.Contains(search, StringComparison.OrdinalIgnoreCase)
                || p.Email.Contains(search, StringComparison.OrdinalIgnoreCase)))];
    }

    public async Task<PersonView> GetAsync(ChatCaller caller, string userId, CancellationToken ct = default)
    {
        PeopleRules.RequireAdmin(caller);
        return (await LoadAsync(userId, ct)).SingleOrDefault() ?? throw new ChatNotFoundException($"Person {userId}");
    }

    /// <summary>Staff only (a person with no staff role is a customer, not on this list), by name.</summary>
    private async Task<List<PersonView>> LoadAsync(string? onlyUserId, CancellationToken ct)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var roles = await db.UserRoles.Where(ur => onlyUserId == null || ur.UserId == onlyUserId)
            .Join(db.Roles, ur => ur.RoleId, r => r.Id, (ur, r) => new { ur.UserId, r.Name }).ToListAsync(ct);
        var byUser = roles.Where(r => Roles.All.Contains(r.Name!)).ToLookup(r => r.UserId, r => r.Name!);
        var users = await db.Users.AsNoTracking().Where(u => onlyUserId == null || u.Id == onlyUserId).ToListAsync(ct);
        var invitations = (await db.OneTimeLinks.AsNoTracking()
                .Where(l => l.Purpose == OneTimeLinkPurpose.Invitation && (onlyUserId == null || l.UserId == onlyUserId))
                .ToListAsync(ct))
            .GroupBy(l => l.UserId).ToDictionary(g => g.Key, g => g.MaxBy(l => l.CreatedAt)!);
        var assigned = await db.Threads.Where(t => t.Status == ThreadStatus.Active && t.AssigneeId != null
                                                   && (onlyUserId == null || t.AssigneeId == onlyUserId))
            .GroupBy(t => t.AssigneeId!).Select(g => new { UserId = g.Key, Count = g.Count() }).ToDictionaryAsync(g => g.UserId, g => g.Count, ct);
        var now = clock.GetUtcNow().UtcDateTime;
        return [.. users.Where(u => byUser[u.Id].Any())
            .Select(u =>
            {
                var invitation = invitations.GetValueOrDefault(u.Id);
                return new PersonView(u.Id, u.DisplayName, u.Email ?? "", PeopleRules.MainRole(byUser[u.Id]),
                    PeopleRules.StatusOf(u, invitation is not null), u.LastSeenAt, u.TwoFactorEnabled, assigned.GetValueOrDefault(u.Id),
                    u.CreatedAt, u.DeactivatedAt, StateOf(invitation, now), invitation?.ExpiresAt, u.MaxOpenConversations);
            })
            .OrderBy(p => p.Name, StringComparer.CurrentCultureIgnoreCase)];
    }

    private static InvitationState StateOf(OneTimeLink? link, DateTime now) => link switch
    {
        null => InvitationState.None,
        { UsedAt: not null } => InvitationState.Accepted,
        { RevokedAt: not null } => InvitationState.Revoked,
        _ when link.ExpiresAt <= now => InvitationState.Expired,
        _ => InvitationState.Open,
    };
}
