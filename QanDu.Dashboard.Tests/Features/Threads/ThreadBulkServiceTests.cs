using Microsoft.Extensions.DependencyInjection;
using QanDu.Dashboard.Data.Entities;
using QanDu.Dashboard.Features.Access;
using QanDu.Dashboard.Features.Labels;
using QanDu.Dashboard.Features.Threads;
using QanDu.Dashboard.Realtime;
using QanDu.Dashboard.Tests.Infrastructure;

namespace QanDu.Dashboard.Tests.Features.Threads;

/// <summary>Bulk actions from the inbox's selection: applied to what the caller sees, the rest skipped and counted.</summary>
public sealed class ThreadBulkServiceTests(DashboardFactory factory) : IClassFixture<DashboardFactory>
{
    private ThreadBulkService Bulk => factory.Services.GetRequiredService<ThreadBulkService>();

    [Fact]
    public async Task BulkAsync_ResolveWithAHiddenThread_VisibleOnesResolvedHiddenSkippedAndSummarized()
    {
        var maya = await factory.CreateUserAsync("Maya Chen", Roles.Agent);
        var tom = await factory.CreateUserAsync("Tom Okafor", Roles.Agent);
        var chats = new List<long>();
        for (var i = 0; i < 3; i++)
            chats.Add((await factory.StartAsync($"Bulk Customer {i}")).ThreadId);
        var hidden = await factory.CreateGroupThreadAsync(tom, "Not Maya's", await factory.CreateUserAsync("Lin Park", Roles.Agent));
        var announced = chats.Select(factory.Expect<ThreadChanged>).ToList();

        var result = await Bulk.BulkAsync(maya, new BulkThreadRequest([.. chats, hidden], BulkAction.Resolve));

        result.Summary.Should().Be("3 resolved, 1 skipped: not visible");
        result.Skipped.Should().Equal(new BulkSkip(hidden, "not visible"));
        await Task.WhenAll(announced).WaitAsync(TimeSpan.FromSeconds(5));
        var resolved = await factory.Inbox.GetThreadsAsync(maya, new InboxQuery(InboxView.Archived));
        resolved.Where(t => chats.Contains(t.Id)).Should().HaveCount(3).And.OnlyContain(t => t.ResolvedAt != null);
        (await factory.Threads.GetThreadAsync(tom, hidden)).Status.Should().Be(ThreadStatus.Active);
    }

    [Fact]
    public async Task BulkAsync_AssignIncludingAnAiThread_AssignsTheRestAndSaysWhyOneWasSkipped()
    {
        var maya = await factory.CreateUserAsync("Maya Chen", Roles.Agent);
        var tom = await factory.CreateUserAsync("Tom Okafor", Roles.Agent);
        var chat = await factory.StartAsync("Assign Customer");
        var ai = (await factory.Threads.CreateThreadAsync(maya, new CreateThreadRequest(ThreadType.Ai, null, []))).Id;

        var result = await Bulk.BulkAsync(maya, new BulkThreadRequest([chat.ThreadId, ai], BulkAction.Assign, AssigneeId: tom.UserId));

        result.Summary.Should().Be("1 assigned, 1 skipped: An AI thread is private to the person who asked: it cannot be assigned.");
        (await factory.Inbox.GetThreadsAsync(tom, new InboxQuery(InboxView.Mine))).Select(t => t.Id).Should().Equal(chat.ThreadId);
    }

    [Fact]
    public async Task BulkAsync_LabelAndSnoozeUntilReply_AllGetIt()
    {
        var maya = await factory.CreateUserAsync("Maya Chen", Roles.Agent);
        var admin = await factory.CreateUserAsync("Ada Admin", Roles.Admin);
        var label = await factory.Services.GetRequiredService<LabelService>().CreateAsync(admin, new CreateLabelRequest($"bulk-{Guid.NewGuid():N}"[..20], "#ff9800"));
        var a = await factory.StartAsync("Label Customer A");
        var b = await factory.StartAsync("Label Customer B");

        (await Bulk.BulkAsync(maya, new BulkThreadRequest([a.ThreadId, b.ThreadId], BulkAction.Label, LabelId: label.Id))).Summary.Should().Be("2 labelled");
        (await Bulk.BulkAsync(maya, new BulkThreadRequest([a.ThreadId, b.ThreadId], BulkAction.Snooze))).Summary.Should().Be("2 snoozed");

        var snoozed = await factory.Inbox.GetThreadsAsync(maya, new InboxQuery(Status: ThreadStatus.Snoozed, LabelId: label.Id));
        snoozed.Select(t => t.Id).Should().BeEquivalentTo([a.ThreadId, b.ThreadId]);
        snoozed.Should().OnlyContain(t => t.SnoozedUntil == null);
    }

    [Fact]
    public async Task BulkAsync_BadRequests_ProblemsNameTheField()
    {
        var maya = await factory.CreateUserAsync("Maya Chen", Roles.Agent);
        var chat = await factory.StartAsync("Bad bulk");

        (await FluentActions.Awaiting(() => Bulk.BulkAsync(maya, new BulkThreadRequest([], BulkAction.Resolve)))
            .Should().ThrowAsync<ChatValidationException>()).Which.Errors["threadIds"].Should().Equal("Choose at least one conversation.");
        (await FluentActions.Awaiting(() => Bulk.BulkAsync(maya, new BulkThreadRequest([chat.ThreadId], BulkAction.Label, LabelId: 987654)))
            .Should().ThrowAsync<ChatValidationException>()).Which.Errors["labelId"].Should().Equal("Label 987654 does not exist.");
        (await FluentActions.Awaiting(() => Bulk.BulkAsync(maya, new BulkThreadRequest([chat.ThreadId], BulkAction.Snooze, SnoozeUntil: DateTime.UtcNow.AddDays(-1))))
            .Should().ThrowAsync<ChatValidationException>()).Which.Errors.Should().ContainKey("snoozeUntil");
        await FluentActions.Awaiting(() => Bulk.BulkAsync(chat.Customer, new BulkThreadRequest([chat.ThreadId], BulkAction.Resolve)))
            .Should().ThrowAsync<ChatForbiddenException>();
        (await factory.Threads.GetThreadAsync(maya, chat.ThreadId)).Status.Should().Be(ThreadStatus.Active);
    }
}
