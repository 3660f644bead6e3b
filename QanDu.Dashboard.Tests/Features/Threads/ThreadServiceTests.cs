using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using QanDu.Dashboard.Data.Entities;
using QanDu.Dashboard.Features.Access;
using QanDu.Dashboard.Features.Messages;
using QanDu.Dashboard.Features.Threads;
using QanDu.Dashboard.Realtime;
using QanDu.Dashboard.Tests.Infrastructure;

namespace QanDu.Dashboard.Tests.Features.Threads;

/// <summary>Assigning, prioritising and archiving a thread: who may, to whom, and what everyone is told.</summary>
public sealed class ThreadServiceTests(DashboardFactory factory) : IClassFixture<DashboardFactory>
{
    private InboxService Inbox => factory.Inbox;

    private ThreadService Threads => factory.Threads;

    [Fact]
    public async Task AssignAsync_SupervisorToAgentNotInThread_AgentJoinsAndFindsItInMine()
    {
        var (maya, tom, supervisor) = await PeopleAsync();
        var customerCare = await factory.CreateUserAsync("Lin Park", Roles.Agent);
        var thread = await factory.CreateGroupThreadAsync(maya, "Escalation", customerCare);
        var changed = Expect<ThreadChanged>(thread);

        var summary = await Threads.AssignAsync(supervisor, thread, tom.UserId);

        summary.Should().BeEquivalentTo(new { AssigneeId = tom.UserId, AssigneeName = "Tom Okafor" });
        summary.Participants.Select(p => p.UserId).Should().Contain(tom.UserId, "the assignee must be able to open what is assigned");
        (await Inbox.GetThreadsAsync(tom, new InboxQuery(InboxView.Mine))).Select(t => t.Id).Should().Equal(thread);
        await changed.WaitAsync(TimeSpan.FromSeconds(5));
    }

    [Fact]
    public async Task AssignAsync_Unassign_ThreadBackInUnassigned()
    {
        var (maya, tom, _) = await PeopleAsync();
        var thread = await factory.CreateGroupThreadAsync(maya, "Handed back", tom);
        await Threads.AssignAsync(maya, thread, tom.UserId);

        var summary = await Threads.AssignAsync(tom, thread, null);

        summary.AssigneeId.Should().BeNull();
        (await Inbox.GetThreadsAsync(maya, new InboxQuery(InboxView.Unassigned))).Select(t => t.Id).Should().Contain(thread);
    }

    [Fact]
    public async Task AssignAsync_AgentOnThreadTheyCannotSee_NotFoundAndUnchanged()
    {
        var (maya, tom, _) = await PeopleAsync();
        var lin = await factory.CreateUserAsync("Lin Park", Roles.Agent);
        var hidden = await factory.CreateGroupThreadAsync(tom, "Tom and Lin", lin);

        var act = () => Threads.AssignAsync(maya, hidden, maya.UserId);

        await act.Should().ThrowAsync<ChatNotFoundException>().WithMessage($"Thread {hidden} was not found.");
        (await factory.QueryAsync(db => db.Threads.SingleAsync(t => t.Id == hidden))).AssigneeId.Should().BeNull();
    }

    [Fact]
    public async Task AssignAsync_UnknownUser_ValidationErrorNamingAssignee()
    {
        var (maya, tom, _) = await PeopleAsync();
        var thread = await factory.CreateGroupThreadAsync(maya, "Unknown assignee", tom);

        var act = () => Threads.AssignAsync(maya, thread, "no-such-user");

        (await act.Should().ThrowAsync<ChatValidationException>()).Which.Errors["assigneeId"].Should().Equal("Unknown user: no-such-user.");
    }

    [Fact]
    public async Task AssignAsync_UserWithoutStaffRole_ValidationError()
    {
        var (maya, tom, _) = await PeopleAsync();
        var thread = await factory.CreateGroupThreadAsync(maya, "Not to a customer", tom);
        var outsiderId = await CreateUserWithoutRoleAsync();

        var act = () => Threads.AssignAsync(maya, thread, outsiderId);

        (await act.Should().ThrowAsync<ChatValidationException>()).Which.Errors["assigneeId"].Should()
            .Equal("Threads can be assigned to staff (agents, supervisors, admins) only.");
        (await factory.QueryAsync(db => db.Participants.CountAsync(p => p.ThreadId == thread))).Should().Be(2);
    }

    [Fact]
    public async Task AssignAsync_DirectThreadToAgentOutsideIt_ValidationErrorAndStillTwoPeople()
    {
        var (maya, tom, _) = await PeopleAsync();
        var lin = await factory.CreateUserAsync("Lin Park", Roles.Agent);
        var direct = await Threads.CreateThreadAsync(maya, new CreateThreadRequest(ThreadType.Direct, null, [tom.UserId]));

        var act = () => Threads.AssignAsync(maya, direct.Id, lin.UserId);

        await act.Should().ThrowAsync<ChatValidationException>();
        (await Threads.GetThreadAsync(maya, direct.Id)).Participants.Should().HaveCount(2);
    }

    [Fact]
    public async Task UpdateThreadAsync_PriorityAndArchive_StoredAndPublished()
    {
        var (maya, tom, _) = await PeopleAsync();
        var thread = await factory.CreateGroupThreadAsync(maya, "Outage", tom);
        var changed = Expect<ThreadChanged>(thread);

        var urgent = await Threads.UpdateThreadAsync(tom, thread, new UpdateThreadRequest(Priority: PriorityLevel.Urgent));
        var archived = await Threads.UpdateThreadAsync(tom, thread, new UpdateThreadRequest(Status: ThreadStatus.Archived));

        urgent.Priority.Should().Be(PriorityLevel.Urgent);
        archived.Should().BeEquivalentTo(new { Priority = PriorityLevel.Urgent, Status = ThreadStatus.Archived });
        await changed.WaitAsync(TimeSpan.FromSeconds(5));
    }

    [Fact]
    public async Task UpdateThreadAsync_UndefinedPriority_ValidationErrorNamingPriority()
    {
        var (maya, tom, _) = await PeopleAsync();
        var thread = await factory.CreateGroupThreadAsync(maya, "Bad priority", tom);

        var act = () => Threads.UpdateThreadAsync(maya, thread, new UpdateThreadRequest(Priority: (PriorityLevel)42));

        (await act.Should().ThrowAsync<ChatValidationException>()).Which.Errors.Should().ContainKey("priority");
        (await Threads.GetThreadAsync(maya, thread)).Priority.Should().Be(PriorityLevel.Normal);
    }

    [Fact]
    public async Task UpdateThreadAsync_AssigneeOnAnAiThread_ValidationErrorNamingAssigneeAndNobodyJoins()
    {
        var (maya, tom, _) = await PeopleAsync();
        var ai = await Threads.CreateThreadAsync(maya, new CreateThreadRequest(ThreadType.Ai, null, []));

        var act = () => Threads.UpdateThreadAsync(maya, ai.Id, new UpdateThreadRequest(AssigneeId: tom.UserId));

        (await act.Should().ThrowAsync<ChatValidationException>()).Which.Errors["assigneeId"].Should()
            .Equal("An AI thread is private to the person who asked: it cannot be assigned.");
        var stored = await Threads.GetThreadAsync(maya, ai.Id);
        stored.AssigneeId.Should().BeNull();
        stored.Participants.Select(p => p.UserId).Should().Equal(maya.UserId);
        await FluentActions.Awaiting(() => Threads.AssignAsync(maya, ai.Id, maya.UserId)).Should().ThrowAsync<ChatValidationException>();
    }

    [Fact]
    public async Task MessagePosted_FirstQuestionsInTwoUntitledAiThreads_EachTitledFromItsOwnQuestion()
    {
        var (maya, _, _) = await PeopleAsync();
        var first = await Threads.CreateThreadAsync(maya, new CreateThreadRequest(ThreadType.Ai, null, []));
        var second = await Threads.CreateThreadAsync(maya, new CreateThreadRequest(ThreadType.Ai, null, []));
        var named = await Threads.CreateThreadAsync(maya, new CreateThreadRequest(ThreadType.Ai, "My own title", []));
        var longQuestion = "Why " + string.Join(' ', Enumerable.Repeat("does the nightly export of every workspace stop", 4)) + "?";

        await factory.Messages.PostAsync(maya, new PostMessageRequest(first.Id, "How do I reset a customer's **two-factor** login?"));
        await factory.Messages.PostAsync(maya, new PostMessageRequest(second.Id, longQuestion));
        await factory.Messages.PostAsync(maya, new PostMessageRequest(named.Id, "Something else entirely"));
        await factory.Messages.PostAsync(maya, new PostMessageRequest(first.Id, "And a follow-up question"));

        await WaitForTitleAsync(maya, first.Id, "How do I reset a customer's two-factor login?");
        var secondTitle = await WaitForTitleAsync(maya, second.Id, null);
        secondTitle.Should().StartWith("Why does the nightly export").And.EndWith("…");
        secondTitle.Length.Should().BeLessThanOrEqualTo(ThreadService.MaxAiTitleLength);
        (await Threads.GetThreadAsync(maya, first.Id)).Title.Should().Be("How do I reset a customer's two-factor login?", "only the first question names it");
        (await Threads.GetThreadAsync(maya, named.Id)).Title.Should().Be("My own title");
    }

    private async Task<string> WaitForTitleAsync(ChatCaller caller, long threadId, string? expected)
    {
        var deadline = DateTime.UtcNow.AddSeconds(10);
        while (true)
        {
            var title = (await Threads.GetThreadAsync(caller, threadId)).Title;
            if (title is not null && (expected is null || title == expected))
                return title;
            if (DateTime.UtcNow > deadline)
                throw new Xunit.Sdk.XunitException($"Thread {threadId} was titled '{title}', expected '{expected ?? "any title"}'.");
            await Task.Delay(50);
        }
    }

    private async Task<(ChatCaller Maya, ChatCaller Tom, ChatCaller Supervisor)> PeopleAsync() =>
        (await factory.CreateUserAsync("Maya Chen", Roles.Agent),
         await factory.CreateUserAsync("Tom Okafor", Roles.Agent),
         await factory.CreateUserAsync("Priya Raman", Roles.Supervisor));

    private async Task<string> CreateUserWithoutRoleAsync()
    {
        await using var scope = factory.Services.CreateAsyncScope();
        var users = scope.ServiceProvider.GetRequiredService<UserManager<AppUser>>();
        var email = $"customer.{Guid.NewGuid():N}@test.local";
        var user = new AppUser { UserName = email, Email = email, DisplayName = "A Customer" };
        (await users.CreateAsync(user)).Succeeded.Should().BeTrue();
        return user.Id;
    }

    /// <summary>Completes when an event of type <typeparamref name="T"/> is published for the thread.</summary>
    private Task Expect<T>(long threadId) where T : ChatEvent
    {
        var seen = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var subscription = factory.Services.GetRequiredService<IChatEvents>().Subscribe(threadId, e =>
        {
            if (e is T)
                seen.TrySetResult();
            return Task.CompletedTask;
        });
        return seen.Task.ContinueWith(_ => subscription.Dispose(), TaskScheduler.Default);
    }
}
