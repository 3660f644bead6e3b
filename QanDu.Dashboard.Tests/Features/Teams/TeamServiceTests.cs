using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using QanDu.Dashboard.Data.Entities;
using QanDu.Dashboard.Features.Access;
using QanDu.Dashboard.Features.Audit;
using QanDu.Dashboard.Features.Teams;
using QanDu.Dashboard.Features.Threads;
using QanDu.Dashboard.Realtime;
using QanDu.Dashboard.Tests.Infrastructure;

namespace QanDu.Dashboard.Tests.Features.Teams;

/// <summary>Admins create, rename and delete teams and choose their members; every change is audited and announced.</summary>
public sealed class TeamServiceTests(DashboardFactory factory) : IClassFixture<DashboardFactory>
{
    private TeamService Teams => factory.Services.GetRequiredService<TeamService>();

    [Fact]
    public async Task CreateAsync_NameTakenInAnotherCase_RefusedNamingTheName()
    {
        var admin = await factory.CreateUserAsync("Team admin", Roles.Admin);
        var name = $"Billing {Unique()}";
        await Teams.CreateAsync(admin, AuditActor.From(admin), new SaveTeamRequest(name, null));

        var act = () => Teams.CreateAsync(admin, AuditActor.From(admin), new SaveTeamRequest("  " + name.ToUpperInvariant(), null));

        (await act.Should().ThrowAsync<ChatValidationException>()).Which.Errors["name"].Single().Should().Contain("already exists");
    }

    [Theory]
    [InlineData("")]
    [InlineData("   ")]
    [InlineData("A name that is far too long for a team because it goes on and on past sixty chars")]
    public async Task CreateAsync_BadName_RefusedAndNothingStored(string name)
    {
        var admin = await factory.CreateUserAsync("Team admin bad", Roles.Admin);
        var before = await factory.QueryAsync(db => db.Teams.CountAsync());

        var act = () => Teams.CreateAsync(admin, AuditActor.From(admin), new SaveTeamRequest(name, null));

        (await act.Should().ThrowAsync<ChatValidationException>()).Which.Errors["name"].Single().Should().Be("A team name is 1 to 60 characters.");
        (await factory.QueryAsync(db => db.Teams.CountAsync())).Should().Be(before);
    }

    [Theory]
    [InlineData(Roles.Agent)]
    [InlineData(Roles.Supervisor)]
    public async Task CreateAsync_NotAdmin_Forbidden(string role)
    {
        var user = await factory.CreateUserAsync($"Not admin {role}", role);

        var act = () => Teams.CreateAsync(user, AuditActor.From(user), new SaveTeamRequest($"Sneaky {Unique()}", null));

        await act.Should().ThrowAsync<ChatForbiddenException>();
    }

    [Fact]
    public async Task SetMembersAsync_StaffOfEveryRole_ListedByNameAndAuditedBeforeAfterAndAnnounced()
    {
        var admin = await factory.CreateUserAsync("Members admin", Roles.Admin);
        var ann = await factory.CreateUserAsync($"Ann {Unique()}", Roles.Agent);
        var bob = await factory.CreateUserAsync($"Bob {Unique()}", Roles.Supervisor);
        var team = await Teams.CreateAsync(admin, AuditActor.From(admin), new SaveTeamRequest($"Technical {Unique()}", "Bugs and outages"));
        await Teams.SetMembersAsync(admin, AuditActor.From(admin), team.Id, new SetTeamMembersRequest([ann.UserId]));
        var announced = new TaskCompletionSource();
        using var _ = factory.Services.GetRequiredService<IChatEvents>().Subscribe(null, e =>
        {
            if (e is TeamsChanged)
                announced.TrySetResult();
            return Task.CompletedTask;
        });

        var saved = await Teams.SetMembersAsync(admin, AuditActor.From(admin), team.Id, new SetTeamMembersRequest([bob.UserId, ann.UserId, admin.UserId]));

        saved.Members.Select(m => m.DisplayName).Should().Equal(new[] { ann.DisplayName, bob.DisplayName, admin.DisplayName }.Order(StringComparer.OrdinalIgnoreCase));
        await announced.Task.WaitAsync(TimeSpan.FromSeconds(5));
        var entry = await LastAuditAsync("team.members_changed", team.Id);
        entry.Before.Should().Be($$"""{"members":["{{ann.DisplayName}}"]}""");
        entry.After.Should().Contain(bob.DisplayName).And.Contain(admin.DisplayName);
    }

    [Fact]
    public async Task SetMembersAsync_CustomerOrUnknown_RefusedAndMembersUnchanged()
    {
        var admin = await factory.CreateUserAsync("Refusing admin", Roles.Admin);
        var customer = await factory.CreateUserAsync("A customer", role: null);
        var team = await Teams.CreateAsync(admin, AuditActor.From(admin), new SaveTeamRequest($"VIP {Unique()}", null));

        var act = () => Teams.SetMembersAsync(admin, AuditActor.From(admin), team.Id, new SetTeamMembersRequest([customer.UserId, "no-such-user"]));

        var error = (await act.Should().ThrowAsync<ChatValidationException>()).Which.Errors["userIds"].Single();
        error.Should().Contain("Unknown user: no-such-user").And.Contain("Only agents, supervisors and admins");
        (await factory.QueryAsync(db => db.TeamMembers.CountAsync(m => m.TeamId == team.Id))).Should().Be(0);
    }

    [Fact]
    public async Task UpdateAsync_Rename_AuditedWithOnlyTheChangedFields()
    {
        var admin = await factory.CreateUserAsync("Renaming admin", Roles.Admin);
        var old = $"Support {Unique()}";
        var team = await Teams.CreateAsync(admin, AuditActor.From(admin), new SaveTeamRequest(old, "Same description"));

        var renamed = await Teams.UpdateAsync(admin, AuditActor.From(admin), team.Id, new SaveTeamRequest(old + " EU", "Same description"));

        renamed.Name.Should().Be(old + " EU");
        var entry = await LastAuditAsync("team.renamed", team.Id);
        entry.Before.Should().Be($$"""{"name":"{{old}}"}""");
        entry.After.Should().Be($$"""{"name":"{{old}} EU"}""");
    }

    [Fact]
    public async Task DeleteAsync_TeamWithConversations_TheyKeepTheirAssigneeAndLoseTheTeam()
    {
        var admin = await factory.CreateUserAsync("Deleting admin", Roles.Admin);
        var agent = await factory.CreateUserAsync($"Deleted team agent {Unique()}", Roles.Agent);
        var team = await Teams.CreateAsync(admin, AuditActor.From(admin), new SaveTeamRequest($"Doomed {Unique()}", null));
        await Teams.SetMembersAsync(admin, AuditActor.From(admin), team.Id, new SetTeamMembersRequest([agent.UserId]));
        var threadId = await factory.CreateGroupThreadAsync(admin, "Doomed team's conversation", agent);
        await factory.Threads.UpdateThreadAsync(admin, threadId, new UpdateThreadRequest(AssigneeId: agent.UserId, TeamId: team.Id));

        await Teams.DeleteAsync(admin, AuditActor.From(admin), team.Id);

        var thread = await factory.Threads.GetThreadAsync(admin, threadId);
        thread.Should().BeEquivalentTo(new { TeamId = (long?)null, AssigneeId = agent.UserId });
        (await LastAuditAsync("team.deleted", team.Id)).Before.Should().Contain(agent.DisplayName);
        await FluentActions.Awaiting(() => Teams.DeleteAsync(admin, AuditActor.From(admin), team.Id)).Should().ThrowAsync<ChatNotFoundException>();
    }

    private Task<AuditEntry> LastAuditAsync(string action, long teamId) => factory.QueryAsync(db =>
        db.AuditLog.Where(a => a.Action == action && a.TargetId == teamId.ToString()).OrderByDescending(a => a.Id).FirstAsync());

    private static string Unique() => Guid.NewGuid().ToString("N")[..6];
}
