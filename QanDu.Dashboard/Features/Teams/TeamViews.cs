namespace QanDu.Dashboard.Features.Teams;

public sealed record TeamMemberView(string UserId, string DisplayName, string? AvatarColor);

/// <summary>A team with its members (by name), as the admin page and the API show it.</summary>
public sealed record TeamView(long Id, string Name, string? Description, IReadOnlyList<TeamMemberView> Members)
{
    public int MemberCount => Members.Count;
}

/// <summary>A team to pick (the thread header, the inbox's team views): no members, only whether the caller is one.</summary>
public sealed record TeamChoice(long Id, string Name, bool IsMember, IReadOnlyList<string> MemberIds);

/// <summary>A new team, or a team's new name and description (both given: a missing description clears it).</summary>
public sealed record SaveTeamRequest(string? Name, string? Description);

/// <summary>The team's members after the change (user ids of staff); everyone else leaves the team.</summary>
public sealed record SetTeamMembersRequest(IReadOnlyList<string>? UserIds);
