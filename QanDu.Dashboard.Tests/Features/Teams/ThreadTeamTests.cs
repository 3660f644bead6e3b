using Microsoft.Extensions.DependencyInjection;
using QanDu.Dashboard.Data.Entities;
using QanDu.Dashboard.Features.Access;
using QanDu.Dashboard.Features.Audit;
using QanDu.Dashboard.Features.Messages;
using QanDu.Dashboard.Features.Teams;
using QanDu.Dashboard.Features.Threads;
using QanDu.Dashboard.Tests.Infrastructure;

namespace QanDu.Dashboard.Tests.Features.Teams;

/// <summary>
/// A conversation given to a team (and optionally a person in it) through the thread's one write path; the team's
/// members see it and have a view of it; the assignee of a team's conversation is always one of its members.
/// </summary>
public sealed class ThreadTeamTests(DashboardFactory factory) : IClassFixture<DashboardFactory>
{
    private TeamService Teams => factory.Services.GetRequiredService<TeamService>();

    private sealed record Setup(ChatCaller Admin, ChatCaller Member, ChatCaller Outsider, TeamView Team, long ThreadId);

    private async Task<Setup> SetupAsync(string name)
    {
        var admin = await factory.CreateUserAsync($"{name} admin", Roles.Admin);
        var member = await factory.CreateUserAsync($"{name} member", Roles.Agent);
        var outsider = await factory.CreateUserAsync($"{name} outsider", Roles.Agent);
        var customer = await factory.CreateUserAsync($"{name} customer", role: null);
        var team = await Teams.CreateAsync(admin, AuditActor.From(admin), new SaveTeamRequest($"{name} {Guid.NewGuid():N}"[..20], null));
        await Teams.SetMembersAsync(admin, AuditActor.From(admin), team.Id, new SetTeamMembersRequest([member.UserId]));
        var threadId = await factory.CreateGroupThreadAsync(customer, $"{name} question", admin);
        return new Setup(admin, member, outsider, team, threadId);
    }

    [Fact]
    public async Task UpdateThread_TeamOnly_MembersSeeItInTheirTeamViewOthersDoNot()
    {
        var s = await SetupAsync("Visibility");
        var act = () => factory.Threads.GetThreadAsync(s.Member, s.ThreadId);
        await act.Should().ThrowAsync<ChatNotFoundException>("before it is the team's, the agent takes no part in it");

        var updated = await factory.Threads.UpdateThreadAsync(s.Admin, s.ThreadId, new UpdateThreadRequest(TeamId: s.Team.Id));

        updated.Should().BeEquivalentTo(new { TeamId = (long?)s.Team.Id, TeamName = s.Team.Name, AssigneeId = (string?)null });
        (await factory.Inbox.GetThreadsAsync(s.Member, new InboxQuery(InboxView.Unassigned, TeamId: s.Team.Id))).Select(t => t.Id)
            .Should().Equal(s.ThreadId);
        (await factory.Inbox.GetThreadsAsync(s.Outsider, new InboxQuery(TeamId: s.Team.Id))).Should().BeEmpty();
        await FluentActions.Awaiting(() => factory.Threads.GetThreadAsync(s.Outsider, s.ThreadId)).Should().ThrowAsync<ChatNotFoundException>();
        var reply = await factory.Messages.PostAsync(s.Member, new PostMessageRequest(s.ThreadId, "I can help with that.", Guid.NewGuid().ToString("N")));
        reply.Message.Content.Should().Be("I can help with that.", "a member answers the team's conversations");
    }

    [Fact]
    public async Task UpdateThread_TeamWithAPersonOutsideIt_RefusedNamingTheTeamAndNothingChanged()
    {
        var s = await SetupAsync("Mismatch");

        var act = () => factory.Threads.UpdateThreadAsync(s.Admin, s.ThreadId, new UpdateThreadRequest(AssigneeId: s.Outsider.UserId, TeamId: s.Team.Id));

        (await act.Should().ThrowAsync<ChatValidationException>()).Which.Errors["assigneeId"].Single().Should().Contain(s.Team.Name);
        (await factory.Threads.GetThreadAsync(s.Admin, s.ThreadId)).Should().BeEquivalentTo(new { TeamId = (long?)null, AssigneeId = (string?)null });
    }

    [Fact]
    public async Task UpdateThread_TeamAndMember_BothSetAndMineListsIt()
    {
        var s = await SetupAsync("Together");

        await factory.Threads.UpdateThreadAsync(s.Admin, s.ThreadId, new UpdateThreadRequest(AssigneeId: s.Member.UserId, TeamId: s.Team.Id));

        var mine = await factory.Inbox.GetThreadsAsync(s.Member, new InboxQuery(InboxView.Mine));
        mine.Should().ContainSingle(t => t.Id == s.ThreadId).Which.Should().BeEquivalentTo(new { TeamName = s.Team.Name, AssigneeId = s.Member.UserId });
    }

    [Fact]
    public async Task AssignPersonOutsideTheTeam_TakesTheConversationOutOfTheTeam()
    {
        var s = await SetupAsync("Leaves");
        await factory.Threads.UpdateThreadAsync(s.Admin, s.ThreadId, new UpdateThreadRequest(AssigneeId: s.Member.UserId, TeamId: s.Team.Id));

        var moved = await factory.Threads.AssignAsync(s.Admin, s.ThreadId, s.Outsider.UserId);

        moved.Should().BeEquivalentTo(new { TeamId = (long?)null, AssigneeId = s.Outsider.UserId });
    }

    [Fact]
    public async Task ChangeTeam_AssigneeNotInTheNewTeam_ConversationWaitsUnassignedInIt()
    {
        var s = await SetupAsync("Switch");
        await factory.Threads.UpdateThreadAsync(s.Admin, s.ThreadId, new UpdateThreadRequest(AssigneeId: s.Member.UserId, TeamId: s.Team.Id));
        var other = await Teams.CreateAsync(s.Admin, AuditActor.From(s.Admin), new SaveTeamRequest($"Other {Guid.NewGuid():N}"[..20], null));

        var moved = await factory.Threads.UpdateThreadAsync(s.Admin, s.ThreadId, new UpdateThreadRequest(TeamId: other.Id));

        moved.Should().BeEquivalentTo(new { TeamId = (long?)other.Id, AssigneeId = (string?)null });
        var cleared = await factory.Threads.UpdateThreadAsync(s.Admin, s.ThreadId, new UpdateThreadRequest(TeamId: 0));
        cleared.TeamId.Should().BeNull();
    }

    [Fact]
    public async Task UpdateThread_UnknownTeamOrAiThread_Refused()
    {
        var s = await SetupAsync("Refused");
        var ai = await factory.Threads.CreateThreadAsync(s.Member, new CreateThreadRequest(ThreadType.Ai, null, null));

        var unknown = () => factory.Threads.UpdateThreadAsync(s.Admin, s.ThreadId, new UpdateThreadRequest(TeamId: 987654));
        var aiThread = () => factory.Threads.UpdateThreadAsync(s.Member, ai.Id, new UpdateThreadRequest(TeamId: s.Team.Id));

        (await unknown.Should().ThrowAsync<ChatValidationException>()).Which.Errors["teamId"].Single().Should().Be("Team 987654 does not exist.");
        (await aiThread.Should().ThrowAsync<ChatValidationException>()).Which.Errors["teamId"].Single().Should().Contain("AI thread");
    }
}
