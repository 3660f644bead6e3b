using Microsoft.EntityFrameworkCore;
using QanDu.Dashboard.Data;
using QanDu.Dashboard.Data.Entities;
using QanDu.Dashboard.Features.Access;
using QanDu.Dashboard.Features.Audit;
using QanDu.Dashboard.Realtime;

namespace QanDu.Dashboard.Features.Teams;

/// <summary>
/// The one write path of the Teams and TeamMembers tables: admins create, rename, describe and delete teams and choose
/// their members (staff only). Each change is audited in its own commit and announced as <see cref="TeamsChanged"/>.
/// </summary>
public sealed class TeamService(IDbContextFactory<ChatDbContext> dbFactory, IChatEvents events, AuditLog audit, TimeProvider clock)
{
    public const int MaxName = 60;
    public const int MaxDescription = 300;

    public async Task<IReadOnlyList<TeamView>> ListAsync(ChatCaller caller, CancellationToken ct = default)
    {
        RequireAdmin(caller);
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        return await ViewsAsync(db, db.Teams.AsNoTracking(), ct);
    }

    /// <summary>Every team, for staff to pick one (a conversation's team, an inbox view), marking the caller's own.</summary>
    public async Task<IReadOnlyList<TeamChoice>> ChoicesAsync(ChatCaller caller, CancellationToken ct = default)
    {
        caller.RequireStaff("Teams");
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var teams = await db.Teams.AsNoTracking()
            .Select(t => new { t.Id, t.Name, Members = t.Members.Select(m => m.UserId).ToList() }).ToListAsync(ct);
        return [.. teams.OrderBy(t => t.Name, StringComparer.OrdinalIgnoreCase)
            .Select(t => new TeamChoice(t.Id, t.Name, t.Members.Contains(caller.UserId), t.Members))];
    }

    public async Task<TeamView> CreateAsync(ChatCaller caller, AuditActor actor, SaveTeamRequest request, CancellationToken ct = default)
    {
        RequireAdmin(caller);
        var (name, description) = Validate(request);
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        await RequireFreeNameAsync(db, name, exceptId: null, ct);
        var team = new Team { Name = name, Description = description, CreatedAt = clock.GetUtcNow().UtcDateTime };
        // The entry names the team's id, known only after the insert: both in one transaction.
        await using var transaction = await db.Database.BeginTransactionAsync(ct);
        db.Teams.Add(team);
        await db.SaveChangesAsync(ct);
        audit.Add(db, actor, new AuditRecord("team.created", "team", team.Id.ToString(), name, After: new { name, description }));
        await db.SaveChangesAsync(ct);
        await transaction.CommitAsync(ct);
        events.Publish(new TeamsChanged());
        return await GetAsync(db, team.Id, ct);
    }

    public async Task<TeamView> UpdateAsync(ChatCaller caller, AuditActor actor, long teamId, SaveTeamRequest request, CancellationToken ct = default)
    {
        RequireAdmin(caller);
        var (name, description) = Validate(request);
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var team = await RequireTeamAsync(db, teamId, ct);
        await RequireFreeNameAsync(db, name, exceptId: teamId, ct);
        var before = new Dictionary<string, object?>();
        var after = new Dictionary<string, object?>();
        if (team.Name != name)
            (before["name"], after["name"]) = (team.Name, name);
        if (team.Description != description)
            (before["description"], after["description"]) = (team.Description, description);
        if (after.Count == 0)
            return await GetAsync(db, teamId, ct);
        team.Name = name;
        team.Description = description;
        audit.Add(db, actor, new AuditRecord("team.renamed", "team", teamId.ToString(), name, before, after));
        await db.SaveChangesAsync(ct);
        events.Publish(new TeamsChanged());
        return await GetAsync(db, teamId, ct);
    }

    /// <summary>Deletes the team; its conversations keep their assignee and lose the team (each is announced as changed).</summary>
    public async Task DeleteAsync(ChatCaller caller, AuditActor actor, long teamId, CancellationToken ct = default)
    {
        RequireAdmin(caller);
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var team = await RequireTeamAsync(db, teamId, ct);
        var members = await MemberNamesAsync(db, teamId, ct);
        var threads = await db.Threads.Where(t => t.TeamId == teamId).Select(t => t.Id).ToListAsync(ct);
        await using var transaction = await db.Database.BeginTransactionAsync(ct);
        await db.Threads.Where(t => t.TeamId == teamId).ExecuteUpdateAsync(s => s.SetProperty(t => t.TeamId, (long?)null), ct);
        db.Teams.Remove(team);
        audit.Add(db, actor, new AuditRecord("team.deleted", "team", teamId.ToString(), team.Name,
            Before: new { name = team.Name, description = team.Description, members },
            Detail: threads.Count == 0 ? null : $"{threads.Count} conversation(s) left the team."));
        await db.SaveChangesAsync(ct);
        await transaction.CommitAsync(ct);
        events.Publish(new TeamsChanged());
        foreach (var threadId in threads)
            events.Publish(new ThreadChanged(threadId));
    }

    /// <summary>Makes the team's members exactly <paramref name="request"/>'s people (agents, supervisors or admins).</summary>
    public async Task<TeamView> SetMembersAsync(ChatCaller caller, AuditActor actor, long teamId, SetTeamMembersRequest request, CancellationToken ct = default)
    {
        RequireAdmin(caller);
        if (request.UserIds is null)
            throw new ChatValidationException("userIds", "Send the members' user ids (an empty list leaves the team without members).");
        var wanted = request.UserIds.Where(id => !string.IsNullOrWhiteSpace(id)).Distinct(StringComparer.Ordinal).ToList();
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var team = await RequireTeamAsync(db, teamId, ct);
        await RequireStaffAsync(db, wanted, ct);
        var current = await db.TeamMembers.Where(m => m.TeamId == teamId).ToListAsync(ct);
        var before = await MemberNamesAsync(db, teamId, ct);
        var leaving = current.Where(m => !wanted.Contains(m.UserId)).ToList();
        var joining = wanted.Except(current.Select(m => m.UserId)).ToList();
        if (leaving.Count == 0 && joining.Count == 0)
            return await GetAsync(db, teamId, ct);
        db.TeamMembers.RemoveRange(leaving);
        db.TeamMembers.AddRange(joining.Select(id => new TeamMember { TeamId = teamId, UserId = id }));
        var after = (await db.Users.Where(u => wanted.Contains(u.Id)).Select(u => u.DisplayName).ToListAsync(ct))
            .Order(StringComparer.OrdinalIgnoreCase).ToList();
        audit.Add(db, actor, new AuditRecord("team.members_changed", "team", teamId.ToString(), team.Name,
            Before: new { members = before }, After: new { members = after }));
        await db.SaveChangesAsync(ct);
        events.Publish(new TeamsChanged());
        return await GetAsync(db, teamId, ct);
    }

    private static (string Name, string? Description) Validate(SaveTeamRequest request)
    {
        TextInput.RefuseNul("name", request.Name);
        TextInput.RefuseNul("description", request.Description);
        var name = request.Name?.Trim() ?? "";
        var description = string.IsNullOrWhiteSpace(request.Description) ? null : request.Description.Trim();
        var errors = new Dictionary<string, string[]>();
        if (name.Length is 0 or > MaxName)
            errors["name"] = [$"A team name is 1 to {MaxName} characters."];
        if (description is { Length: > MaxDescription })
            errors["description"] = [$"A team description is at most {MaxDescription} characters."];
        if (errors.Count > 0)
            throw new ChatValidationException(errors);
        return (name, description);
    }

    private static async Task RequireFreeNameAsync(ChatDbContext db, string name, long? exceptId, CancellationToken ct)
    {
        var taken = await db.Teams.Where(t => t.Id != exceptId).Select(t => t.Name).ToListAsync(ct);
        if (taken.Contains(name, StringComparer.OrdinalIgnoreCase))
            throw new ChatValidationException("name", $"A team named \"{name}\" already exists.");
    }

    private static async Task RequireStaffAsync(ChatDbContext db, IReadOnlyCollection<string> userIds, CancellationToken ct)
    {
        if (userIds.Count == 0)
            return;
        var staff = await db.UserRoles.Where(ur => userIds.Contains(ur.UserId))
            .Join(db.Roles, ur => ur.RoleId, r => r.Id, (ur, r) => new { ur.UserId, r.Name })
            .Where(r => Roles.All.Contains(r.Name!)).Select(r => r.UserId).Distinct().ToListAsync(ct);
        var known = await db.Users.Where(u => userIds.Contains(u.Id)).Select(u => u.Id).ToListAsync(ct);
        var errors = new List<string>();
        if (userIds.Except(known).ToList() is { Count: > 0 } unknown)
            errors.Add($"Unknown user: {string.Join(", ", unknown)}.");
        if (known.Except(staff).ToList() is { Count: > 0 } customers)
            errors.Add($"Only agents, supervisors and admins can be team members, not {string.Join(", ", customers)}.");
        if (errors.Count > 0)
            throw new ChatValidationException("userIds", string.Join(" ", errors));
    }

    private static async Task<Team> RequireTeamAsync(ChatDbContext db, long teamId, CancellationToken ct) =>
        await db.Teams.FirstOrDefaultAsync(t => t.Id == teamId, ct) ?? throw new ChatNotFoundException($"Team {teamId}");

    private static async Task<List<string>> MemberNamesAsync(ChatDbContext db, long teamId, CancellationToken ct) =>
        (await db.TeamMembers.Where(m => m.TeamId == teamId).Select(m => m.User!.DisplayName).ToListAsync(ct))
        .Order(StringComparer.OrdinalIgnoreCase).ToList();

    private static async Task<TeamView> GetAsync(ChatDbContext db, long teamId, CancellationToken ct) =>
        (await ViewsAsync(db, db.Teams.AsNoTracking().Where(t => t.Id == teamId), ct)).Single();

    private static async Task<IReadOnlyList<TeamView>> ViewsAsync(ChatDbContext db, IQueryable<Team> teams, CancellationToken ct)
    {
        var rows = await teams.Select(t => new
        {
            t.Id, t.Name, t.Description,
            Members = t.Members.Select(m => new TeamMemberView(m.UserId, m.User!.DisplayName, m.User.AvatarColor)).ToList(),
        }).ToListAsync(ct);
        return [.. rows.OrderBy(t => t.Name, StringComparer.OrdinalIgnoreCase).Select(t => new TeamView(t.Id, t.Name, t.Description,
            [.. t.Members.OrderBy(m => m.DisplayName, StringComparer.OrdinalIgnoreCase)]))];
    }

    private static void RequireAdmin(ChatCaller caller)
    {
        if (!caller.IsAdmin)
            throw new ChatForbiddenException("Only admins manage teams.");
    }
}
