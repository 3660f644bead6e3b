using System.Collections.Concurrent;
using System.Net;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using QanDu.Dashboard.Data.Entities;
using QanDu.Dashboard.Features.Access;
using QanDu.Dashboard.Features.Account;
using QanDu.Dashboard.Features.Messages;
using QanDu.Dashboard.Features.People;
using QanDu.Dashboard.Realtime;
using QanDu.Dashboard.Tests.Infrastructure;

namespace QanDu.Dashboard.Tests.Features.People;

/// <summary>Deactivating someone who left: everything they could use stops, their work goes back to the team, their name stays.</summary>
public sealed class DeactivationTests(DashboardFactory app) : IClassFixture<DashboardFactory>
{
    [Fact]
    public async Task DeactivateAsync_AgentWithAssignedWork_KeyRefusedAtOnceWorkUnassignedLiveNameKept()
    {
        var admin = await app.CreateUserAsync("Deact Admin", Roles.Admin);
        var person = await app.ActivePersonAsync(admin, Roles.Agent, "Dee Parting");
        var agent = ChatCaller.ForRoles(person.Id, person.Name, [Roles.Agent]);
        var threadId = await app.CreateGroupThreadAsync(admin, "Refund for order 1042", agent);
        await app.Threads.AssignAsync(admin, threadId, agent.UserId);
        await app.Messages.PostAsync(agent, new PostMessageRequest(threadId, "I am on it.", Guid.NewGuid().ToString()));
        var client = await app.ClientWithKeyAsync(person.Id);
        (await client.GetAsync("/api/chat/threads")).StatusCode.Should().Be(HttpStatusCode.OK, "the key works and its sign-in is now cached");
        var stampBefore = await StampAsync(person.Id);
        var events = new ConcurrentQueue<ChatEvent>();
        using var _ = app.Services.GetRequiredService<IChatEvents>().Subscribe(null, e =>
        {
            events.Enqueue(e);
            return Task.CompletedTask;
        });

        var after = await app.People().DeactivateAsync(admin, person.Id);

        after.Should().BeEquivalentTo(new { Status = PersonStatus.Deactivated, OpenAssigned = 0 });
        var refused = await client.GetAsync("/api/chat/threads");
        refused.StatusCode.Should().Be(HttpStatusCode.Unauthorized, "the key's cached sign-in ended at once");
        (await refused.Content.ReadAsStringAsync()).Should().Contain("deactivated");
        (await app.QueryAsync(db => db.Threads.SingleAsync(t => t.Id == threadId))).AssigneeId.Should().BeNull();
        (await StampAsync(person.Id)).Should().NotBe(stampBefore, "a new security stamp ends every sign-in cookie");
        await WaitForAsync(() => events.OfType<ThreadChanged>().Any(e => e.ThreadId == threadId) && events.OfType<AccessChanged>().Any(e => e.UserId == person.Id));
        var history = await app.Messages.GetHistoryAsync(admin, threadId, before: null, limit: null);
        history.Messages.Should().Contain(m => m.Content == "I am on it." && m.SenderName == "Dee Parting");
        (await app.AuditOfAsync(person.Id)).Should().ContainSingle(e => e.Action == "user.deactivated")
            .Which.Detail.Should().Contain("1 open conversation(s) back to Unassigned");
    }

    [Fact]
    public async Task Deactivated_AssignOrPick_RefusedAndLeftOutOfPickers()
    {
        var admin = await app.CreateUserAsync("Pick Admin", Roles.Admin);
        var person = await app.ActivePersonAsync(admin, Roles.Agent, "Gone Agent");
        var other = await app.CreateUserAsync("Pick Other", Roles.Agent);
        var threadId = await app.CreateGroupThreadAsync(admin, "Needs an owner", other);

        await app.People().DeactivateAsync(admin, person.Id);

        var assign = () => app.Threads.AssignAsync(admin, threadId, person.Id);
        (await assign.Should().ThrowAsync<ChatValidationException>()).WithMessage("*Gone Agent is deactivated*");
        var directory = await app.Services.GetRequiredService<QanDu.Dashboard.Features.Users.UserDirectory>().ListAsync(admin);
        directory.Should().ContainSingle(u => u.Id == person.Id).Which.Active.Should().BeFalse("pickers leave them out; history keeps their name");
        (await app.QueryAsync(db => db.Threads.SingleAsync(t => t.Id == threadId))).AssigneeId.Should().BeNull();
    }

    [Fact]
    public async Task DeactivateAsync_OpenLinks_WithdrawnAndPasswordSignInSaysDeactivatedOnlyWithTheRightPassword()
    {
        var admin = await app.CreateUserAsync("Links Admin", Roles.Admin);
        var person = await app.ActivePersonAsync(admin, Roles.Supervisor, "Lee Leaving");
        var reset = await app.People().CreateResetLinkAsync(admin, person.Id, PeopleTestKit.AppUri);

        await app.People().DeactivateAsync(admin, person.Id);

        var use = () => app.Links().UseAsync(PeopleTestKit.TokenOf(reset.Url), OneTimeLinkPurpose.PasswordReset, "Another1Pass", null);
        (await use.Should().ThrowAsync<LinkProblemException>()).WithMessage("*withdrawn*");
        await using var scope = app.Services.CreateAsyncScope();
        var signIn = scope.ServiceProvider.GetRequiredService<PasswordSignIn>();
        (await signIn.SignInAsync(person.Email, "Wrong1Password", false, IPAddress.Parse("127.0.0.31"))).Outcome.Should().Be(SignInOutcome.WrongCredentials);
        (await signIn.SignInAsync(person.Email, PeopleTestKit.GoodPassword, false, IPAddress.Parse("127.0.0.31"))).Outcome.Should().Be(SignInOutcome.Deactivated);
    }

    [Fact]
    public async Task ReactivateAsync_Deactivated_KeyWorksAgainAndAudited()
    {
        var admin = await app.CreateUserAsync("React Admin", Roles.Admin);
        var person = await app.ActivePersonAsync(admin, Roles.Agent, "Rex Returning");
        var client = await app.ClientWithKeyAsync(person.Id);
        await app.People().DeactivateAsync(admin, person.Id);
        (await client.GetAsync("/api/chat/threads")).StatusCode.Should().Be(HttpStatusCode.Unauthorized);

        var back = await app.People().ReactivateAsync(admin, person.Id);

        back.Status.Should().Be(PersonStatus.Active);
        (await client.GetAsync("/api/chat/threads")).StatusCode.Should().Be(HttpStatusCode.OK);
        (await app.AuditOfAsync(person.Id)).Should().ContainSingle(e => e.Action == "user.reactivated")
            .Which.After.Should().Be("""{"status":"active"}""");
    }

    [Fact]
    public async Task DeactivateAsync_Yourself_Refused()
    {
        var admin = await app.CreateUserAsync("Self Admin", Roles.Admin);
        await app.CreateUserAsync("Other Admin", Roles.Admin);

        var self = () => app.People().DeactivateAsync(admin, admin.UserId);

        (await self.Should().ThrowAsync<ChatConflictException>()).WithMessage("You cannot deactivate yourself*");
    }

    [Fact]
    public async Task LastActiveAdmin_CannotBeDemotedOrDeactivated_UntilThereIsAnother()
    {
        await using var fresh = new DashboardFactory();
        var commandLine = ChatCaller.System("Command line");
        var only = await fresh.People().CreateAsync(commandLine, new InviteRequest("owner@example.com", "Olga Owner", Roles.Admin), "Owner1Password");
        // An invited admin who has not accepted yet does not count: they cannot sign in.
        await fresh.InviteAsync(commandLine, Roles.Admin, "Pending Admin");

        var demote = () => fresh.People().ChangeRoleAsync(commandLine, only.Id, Roles.Agent);
        var deactivate = () => fresh.People().DeactivateAsync(commandLine, only.Id);

        var refused = (await demote.Should().ThrowAsync<ChatConflictException>()).Which;
        refused.Title.Should().Be("Last active admin");
        refused.Message.Should().Be("Olga Owner is the last active admin and cannot be demoted: make someone else an admin first, so the team is never locked out of its own settings.");
        (await deactivate.Should().ThrowAsync<ChatConflictException>()).WithMessage("*last active admin and cannot be deactivated*");
        (await fresh.Directory().GetAsync(commandLine, only.Id)).Should().BeEquivalentTo(new { Role = Roles.Admin, Status = PersonStatus.Active });

        var second = await fresh.ActivePersonAsync(commandLine, Roles.Agent, "Sid Second");
        await fresh.People().ChangeRoleAsync(commandLine, second.Id, Roles.Admin);
        (await fresh.People().ChangeRoleAsync(commandLine, only.Id, Roles.Agent)).Role.Should().Be(Roles.Agent);
        var lastNow = () => fresh.People().DeactivateAsync(commandLine, second.Id);
        (await lastNow.Should().ThrowAsync<ChatConflictException>()).WithMessage("Sid Second is the last active admin*");
    }

    private Task<string?> StampAsync(string userId) =>
        app.QueryAsync(db => db.Users.Where(u => u.Id == userId).Select(u => u.SecurityStamp).SingleAsync());

    private static async Task WaitForAsync(Func<bool> condition)
    {
        var deadline = DateTime.UtcNow.AddSeconds(5);
        while (!condition() && DateTime.UtcNow < deadline)
            await Task.Delay(20);
        condition().Should().BeTrue("the events should have been published after the commit");
    }
}
