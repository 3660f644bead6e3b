using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using QanDu.Dashboard.Data.Entities;
using QanDu.Dashboard.Features.Access;
using QanDu.Dashboard.Features.Messages;
using QanDu.Dashboard.Features.Threads;
using QanDu.Dashboard.Realtime;
using QanDu.Dashboard.Tests.Infrastructure;

namespace QanDu.Dashboard.Tests.Features.Threads;

/// <summary>Resolving, reopening and snoozing customer conversations: the status, the staff-only line, and who may.</summary>
public sealed class ConversationLifecycleTests(DashboardFactory factory) : IClassFixture<DashboardFactory>
{
    private ConversationLifecycle Lifecycle => factory.Services.GetRequiredService<ConversationLifecycle>();

    [Fact]
    public async Task ResolveAsync_CustomerConversation_ResolvedWithTimeAndAStaffOnlyLine()
    {
        var maya = await factory.CreateUserAsync("Maya Chen", Roles.Agent);
        var chat = await factory.StartAsync("Ada Customer");
        var changed = factory.Expect<ThreadChanged>(chat.ThreadId);

        var summary = await Lifecycle.ResolveAsync(maya, chat.ThreadId);

        summary.Should().BeEquivalentTo(new { Status = ThreadStatus.Archived, StatusName = "Resolved", IsCustomerConversation = true });
        summary.ResolvedAt.Should().BeCloseTo(DateTime.UtcNow, TimeSpan.FromSeconds(30));
        await changed.WaitAsync(TimeSpan.FromSeconds(5));
        var staffView = await LastMessagesAsync(maya, chat.ThreadId);
        staffView.Should().ContainSingle(m => m.Content == "Resolved by Maya Chen" && m.SenderType == SenderType.System && m.IsPrivate);
        (await LastMessagesAsync(chat.Customer, chat.ThreadId)).Select(m => m.Content).Should().Equal("Hello, I need help");
        (await factory.Threads.GetThreadAsync(maya, chat.ThreadId)).LastMessagePreview.Should().Be("Hello, I need help",
            "a staff-only line is never the preview a customer could be shown");
    }

    [Fact]
    public async Task ReopenAsync_Resolved_OpenAgainWithResolvedTimeCleared()
    {
        var maya = await factory.CreateUserAsync("Maya Chen", Roles.Agent);
        var chat = await factory.StartAsync("Reopened Customer");
        await Lifecycle.ResolveAsync(maya, chat.ThreadId);

        var summary = await Lifecycle.ReopenAsync(maya, chat.ThreadId);

        summary.Should().BeEquivalentTo(new { Status = ThreadStatus.Active, StatusName = "Open", ResolvedAt = (DateTime?)null });
        (await LastMessagesAsync(maya, chat.ThreadId)).Select(m => m.Content).Should().Contain("Reopened by Maya Chen");
    }

    [Fact]
    public async Task SnoozeAsync_UntilATime_InTheSnoozedViewWithItsWakeTime()
    {
        var maya = await factory.CreateUserAsync("Maya Chen", Roles.Agent);
        var chat = await factory.StartAsync("Snoozed Customer");
        var until = DateTime.UtcNow.AddHours(3);

        await Lifecycle.SnoozeAsync(maya, chat.ThreadId, until);

        var snoozed = await factory.Inbox.GetThreadsAsync(maya, new InboxQuery(Status: ThreadStatus.Snoozed));
        snoozed.Should().ContainSingle(t => t.Id == chat.ThreadId).Which.SnoozedUntil.Should().BeCloseTo(until, TimeSpan.FromMilliseconds(1));
        (await factory.Inbox.GetThreadsAsync(maya, new InboxQuery(InboxView.Unassigned))).Select(t => t.Id).Should().NotContain(chat.ThreadId);
        (await factory.Inbox.GetInboxCountsAsync(maya)).Snoozed.Should().BeGreaterThan(0);
        (await LastMessagesAsync(maya, chat.ThreadId)).Select(m => m.Content).Should().Contain($"Snoozed by Maya Chen until {until:yyyy-MM-dd HH:mm} UTC");
    }

    [Fact]
    public async Task SnoozeAsync_UntilTheCustomerReplies_TheirMessageReopensIt()
    {
        var maya = await factory.CreateUserAsync("Maya Chen", Roles.Agent);
        var chat = await factory.StartAsync("Replying Customer");
        (await Lifecycle.SnoozeAsync(maya, chat.ThreadId, until: null)).SnoozedUntil.Should().BeNull();

        await factory.Messages.PostAsync(chat.Customer, new PostMessageRequest(chat.ThreadId, "Any news?"));

        var thread = await factory.Threads.GetThreadAsync(maya, chat.ThreadId);
        thread.Should().BeEquivalentTo(new { Status = ThreadStatus.Active, SnoozedUntil = (DateTime?)null, LastMessagePreview = "Any news?" });
    }

    [Fact]
    public async Task WakeDueAsync_SnoozeEnded_ReopenedWithALine()
    {
        var maya = await factory.CreateUserAsync("Maya Chen", Roles.Agent);
        var chat = await factory.StartAsync("Waking Customer");
        await Lifecycle.SnoozeAsync(maya, chat.ThreadId, DateTime.UtcNow.AddHours(1));
        await factory.QueryAsync(db => db.Threads.Where(t => t.Id == chat.ThreadId)
            .ExecuteUpdateAsync(s => s.SetProperty(t => t.SnoozedUntil, DateTime.UtcNow.AddMinutes(-1))));

        (await Lifecycle.WakeDueAsync()).Should().BeGreaterThanOrEqualTo(1);

        (await factory.Threads.GetThreadAsync(maya, chat.ThreadId)).Status.Should().Be(ThreadStatus.Active);
        (await LastMessagesAsync(maya, chat.ThreadId)).Select(m => m.Content).Should().Contain("Reopened: the snooze ended");
    }

    [Theory]
    [InlineData(-5, "A snooze must end in the future")]
    [InlineData(60 * 24 * 400, "at most a year")]
    public async Task SnoozeAsync_TimeOutOfRange_RefusedNamingUntil(int minutesFromNow, string says)
    {
        var maya = await factory.CreateUserAsync("Maya Chen", Roles.Agent);
        var chat = await factory.StartAsync("Badly snoozed");

        var act = () => Lifecycle.SnoozeAsync(maya, chat.ThreadId, DateTime.UtcNow.AddMinutes(minutesFromNow));

        (await act.Should().ThrowAsync<ChatValidationException>()).Which.Errors["until"].Single().Should().Contain(says);
        (await factory.Threads.GetThreadAsync(maya, chat.ThreadId)).Status.Should().Be(ThreadStatus.Active);
    }

    [Fact]
    public async Task ResolveAsync_VisitorOrStaffWhoCannotSee_RefusedAndUnchanged()
    {
        var tom = await factory.CreateUserAsync("Tom Okafor", Roles.Agent);
        var lin = await factory.CreateUserAsync("Lin Park", Roles.Agent);
        var chat = await factory.StartAsync("Assigned Customer");
        await factory.Threads.AssignAsync(tom, chat.ThreadId, tom.UserId);

        await FluentActions.Awaiting(() => Lifecycle.ResolveAsync(chat.Customer, chat.ThreadId)).Should().ThrowAsync<ChatForbiddenException>();
        await FluentActions.Awaiting(() => Lifecycle.ResolveAsync(lin, chat.ThreadId)).Should().ThrowAsync<ChatNotFoundException>(
            "once Tom owns it, it left the open queue Lin sees");
        (await factory.Threads.GetThreadAsync(tom, chat.ThreadId)).Status.Should().Be(ThreadStatus.Active);
    }

    [Fact]
    public async Task UpdateThreadAsync_StatusPendingAndBadValues_PendingSetAndProblemsListAllStatuses()
    {
        var maya = await factory.CreateUserAsync("Maya Chen", Roles.Agent);
        var chat = await factory.StartAsync("Pending Customer");

        (await factory.Threads.UpdateThreadAsync(maya, chat.ThreadId, new UpdateThreadRequest(Status: ThreadStatus.Pending))).StatusName.Should().Be("Pending");
        (await factory.Inbox.GetThreadsAsync(maya, new InboxQuery(Status: ThreadStatus.Pending))).Select(t => t.Id).Should().Contain(chat.ThreadId);

        var badStatus = () => factory.Threads.UpdateThreadAsync(maya, chat.ThreadId, new UpdateThreadRequest(Status: (ThreadStatus)42));
        (await badStatus.Should().ThrowAsync<ChatValidationException>()).Which.Errors["status"].Should().Equal("Status must be active, archived, pending or snoozed.");
        var untilWithoutSnooze = () => factory.Threads.UpdateThreadAsync(maya, chat.ThreadId,
            new UpdateThreadRequest(Status: ThreadStatus.Active, SnoozedUntil: DateTime.UtcNow.AddHours(1)));
        (await untilWithoutSnooze.Should().ThrowAsync<ChatValidationException>()).Which.Errors.Should().ContainKey("snoozedUntil");
    }

    [Fact]
    public async Task FirstReplyAt_SetByTheTeamsFirstAnswerOnly()
    {
        var maya = await factory.CreateUserAsync("Maya Chen", Roles.Agent);
        var chat = await factory.StartAsync("Waiting Customer");
        await factory.Messages.PostAsync(chat.Customer, new PostMessageRequest(chat.ThreadId, "Still there?"));
        await factory.Messages.PostAsync(maya, new PostMessageRequest(chat.ThreadId, "Checking their plan", IsPrivate: true));
        (await FirstReplyAtAsync(chat.ThreadId)).Should().BeNull("neither the customer's messages nor a private note answer them");

        var answer = await factory.Messages.PostAsync(maya, new PostMessageRequest(chat.ThreadId, "Hi! Yes, I'm here."));
        await factory.Messages.PostAsync(maya, new PostMessageRequest(chat.ThreadId, "One more thing"));

        (await FirstReplyAtAsync(chat.ThreadId)).Should().Be(answer.Message.Timestamp);
    }

    [Fact]
    public async Task UnassignedView_CustomerConversationInTheOpenQueue_ListedAndCountedForAnyAgent()
    {
        var agent = await factory.CreateUserAsync("New Agent", Roles.Agent);
        var chat = await factory.StartAsync("Queued Customer");

        (await factory.Inbox.GetThreadsAsync(agent, new InboxQuery(InboxView.Unassigned))).Select(t => t.Id).Should().Contain(chat.ThreadId);
        (await factory.Inbox.GetInboxCountsAsync(agent)).Unassigned.Should().BeGreaterThan(0);
    }

    private async Task<DateTime?> FirstReplyAtAsync(long threadId) =>
        await factory.QueryAsync(db => db.Threads.Where(t => t.Id == threadId).Select(t => t.FirstReplyAt).SingleAsync());

    /// <summary>The thread's latest messages as <paramref name="caller"/> reads them (the status line commits before the change returns).</summary>
    private async Task<IReadOnlyList<MessageView>> LastMessagesAsync(ChatCaller caller, long threadId) =>
        (await factory.Messages.GetHistoryAsync(caller, threadId, null, 50)).Messages;
}
