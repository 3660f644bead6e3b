using Microsoft.EntityFrameworkCore;
using QanDu.Dashboard.Data;
using QanDu.Dashboard.Data.Entities;
using QanDu.Dashboard.Features.Access;
using QanDu.Dashboard.Features.Presence;

namespace QanDu.Dashboard.Features.Channels.Routing;

/// <summary>An agent who can take a conversation now.</summary>
public sealed record RoutedAgent(string UserId, string DisplayName);

/// <summary>Whom round robin chose, or (none) how many were offline or full.</summary>
public sealed record AgentPick(RoutedAgent? Chosen, int Offline, int AtCapacity);

/// <summary>
/// Round robin among the people who can take a channel's conversation: the members of the conversation's team (any
/// staff role: being in the team is the choice to answer its queue), or every agent when it has no team; active (not
/// deactivated), Online (not away, busy or offline) and under their capacity of open (active or pending) customer
/// conversations. The next one after the channel's cursor, by user id, so each gets a turn.
/// </summary>
public sealed class AgentPicker(PresenceService presence)
{
    internal async Task<AgentPick> PickAsync(ChatDbContext db, WebsiteChannel channel, long? teamId, CancellationToken ct)
    {
        var pool = teamId is { } team
            ? db.TeamMembers.Where(m => m.TeamId == team).Select(m => m.UserId)
            : db.UserRoles.Join(db.Roles.Where(r => r.Name == Roles.Agent), ur => ur.RoleId, r => r.Id, (ur, _) => ur.UserId);
        var people = await db.Users.AsNoTracking().Where(u => pool.Contains(u.Id) && u.DeactivatedAt == null)
            .Select(u => new { u.Id, u.DisplayName, u.MaxOpenConversations }).ToListAsync(ct);
        var online = people.Where(p => presence.Get(p.Id) == PresenceStatus.Online).ToList();
        var ids = online.ConvertAll(p => p.Id);
        var open = await db.Threads.Where(t => t.ContactId != null && t.AssigneeId != null && ids.Contains(t.AssigneeId)
                                               && (t.Status == ThreadStatus.Active || t.Status == ThreadStatus.Pending))
            .GroupBy(t => t.AssigneeId!).Select(g => new { UserId = g.Key, Count = g.Count() })
            .ToDictionaryAsync(g => g.UserId, g => g.Count, ct);
        var available = online.Where(p => p.MaxOpenConversations is not { } max || open.GetValueOrDefault(p.Id) < max)
            .OrderBy(p => p.Id, StringComparer.Ordinal).ToList();
        if (available.Count == 0)
            return new AgentPick(null, people.Count - online.Count, online.Count);
        var next = available.FirstOrDefault(p => string.CompareOrdinal(p.Id, channel.LastAssignedUserId) > 0) ?? available[0];
        return new AgentPick(new RoutedAgent(next.Id, next.DisplayName), 0, 0);
    }
}
