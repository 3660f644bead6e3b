using Microsoft.Extensions.DependencyInjection;
using QanDu.Dashboard.Data.Entities;
using QanDu.Dashboard.Features.Access;
using QanDu.Dashboard.Features.Labels;
using QanDu.Dashboard.Features.Messages;
using QanDu.Dashboard.Features.Search;
using QanDu.Dashboard.Features.Threads;
using QanDu.Dashboard.Tests.Infrastructure;

namespace QanDu.Dashboard.Tests.Features.Threads;

/// <summary>Inbox views, filters and order, as <see cref="InboxService.GetThreadsAsync"/> answers them.</summary>
public sealed class InboxServiceTests : IAsyncLifetime, IDisposable
{
    private readonly DashboardFactory _factory = new();
    private ChatCaller _maya = null!, _tom = null!, _lin = null!, _supervisor = null!, _admin = null!;

    private InboxService Inbox => _factory.Inbox;


    private MessageService Messages => _factory.Messages;


    private ThreadService Threads => _factory.Threads;
    public async Task InitializeAsync()
    {
        _maya = await _factory.CreateUserAsync("Maya Chen", Roles.Agent);
        _tom = await _factory.CreateUserAsync("Tom Okafor", Roles.Agent);
        _lin = await _factory.CreateUserAsync("Lin Park", Roles.Agent);
        _supervisor = await _factory.CreateUserAsync("Priya Raman", Roles.Supervisor);
        _admin = await _factory.CreateUserAsync("Alex Morgan", Roles.Admin);
    }

    [Fact]
    public async Task GetThreadsAsync_EachView_ListsWhatItPromises()
    {
        var assignedToMaya = await _factory.CreateGroupThreadAsync(_maya, "Assigned to Maya", _tom);
        var unassigned = await _factory.CreateGroupThreadAsync(_maya, "Nobody's yet", _tom);
        var archived = await _factory.CreateGroupThreadAsync(_maya, "Done", _tom);
        var notMaya = await _factory.CreateGroupThreadAsync(_tom, "Tom and Lin only", _lin);
        await Threads.AssignAsync(_maya, assignedToMaya, _maya.UserId);
        await Threads.UpdateThreadAsync(_maya, archived, new UpdateThreadRequest(Status: ThreadStatus.Archived));

        (await Ids(_maya, new InboxQuery(InboxView.Mine))).Should().Equal(assignedToMaya);
        (await Ids(_maya, new InboxQuery(InboxView.Unassigned))).Should().Equal(unassigned);
        (await Ids(_maya, new InboxQuery(InboxView.All))).Should().BeEquivalentTo([assignedToMaya, unassigned], "an agent's All is what they take part in");
        (await Ids(_maya, new InboxQuery(InboxView.Archived))).Should().Equal(archived);
        (await Ids(_supervisor, new InboxQuery(InboxView.All))).Should().BeEquivalentTo([assignedToMaya, unassigned, notMaya]);
        (await Inbox.GetInboxCountsAsync(_maya)).Should().Be(new InboxCounts(Mine: 1, Unassigned: 1, All: 2, Archived: 1));
    }

    [Fact]
    public async Task GetThreadsAsync_Filters_CombineAndNarrow()
    {
        var labels = _factory.Services.GetRequiredService<LabelService>();
        var billing = await labels.CreateAsync(_admin, new CreateLabelRequest("Billing", "#e53935"));
        var urgentBilling = await _factory.CreateGroupThreadAsync(_maya, "Urgent billing", _tom);
        var urgentOther = await _factory.CreateGroupThreadAsync(_maya, "Urgent other", _tom);
        var lowBilling = await _factory.CreateGroupThreadAsync(_maya, "Low billing", _tom);
        var direct = await Threads.CreateThreadAsync(_maya, new CreateThreadRequest(ThreadType.Direct, null, [_lin.UserId]));
        await Threads.UpdateThreadAsync(_maya, urgentBilling, new UpdateThreadRequest(Priority: PriorityLevel.Urgent));
        await Threads.UpdateThreadAsync(_maya, urgentOther, new UpdateThreadRequest(Priority: PriorityLevel.Urgent));
        await Threads.UpdateThreadAsync(_maya, lowBilling, new UpdateThreadRequest(Priority: PriorityLevel.Low));
        await Threads.AddLabelAsync(_maya, urgentBilling, billing.Id);
        await Threads.AddLabelAsync(_maya, lowBilling, billing.Id);
        await Messages.PostAsync(_tom, new PostMessageRequest(lowBilling, "Unread for Maya"));

        (await Ids(_maya, new InboxQuery(Priority: PriorityLevel.Urgent))).Should().BeEquivalentTo([urgentBilling, urgentOther]);
        (await Ids(_maya, new InboxQuery(LabelId: billing.Id))).Should().BeEquivalentTo([urgentBilling, lowBilling]);
        (await Ids(_maya, new InboxQuery(Priority: PriorityLevel.Urgent, LabelId: billing.Id))).Should().Equal(urgentBilling);
        (await Ids(_maya, new InboxQuery(Type: ThreadType.Direct))).Should().Equal(direct.Id);
        (await Ids(_maya, new InboxQuery(UnreadOnly: true))).Should().Equal(lowBilling);
        (await Ids(_tom, new InboxQuery(UnreadOnly: true))).Should().NotContain(lowBilling, "his own message is not unread for him");
        var listed = await Inbox.GetThreadsAsync(_maya, new InboxQuery(LabelId: billing.Id));
        listed.Should().OnlyContain(t => t.Labels.Single().Name == "Billing" && t.Labels.Single().Color == "#e53935");
    }

    [Fact]
    public async Task GetThreadsAsync_WaitingSort_PriorityThenOldestLastMessageFirst()
    {
        var older = await _factory.CreateGroupThreadAsync(_maya, "Waiting longest", _tom);
        await Messages.PostAsync(_tom, new PostMessageRequest(older, "Hello?"));
        var newer = await _factory.CreateGroupThreadAsync(_maya, "Just asked", _tom);
        await Messages.PostAsync(_tom, new PostMessageRequest(newer, "Quick one"));
        var high = await _factory.CreateGroupThreadAsync(_maya, "High, newest", _tom);
        await Messages.PostAsync(_tom, new PostMessageRequest(high, "Production is down"));
        await Threads.UpdateThreadAsync(_maya, high, new UpdateThreadRequest(Priority: PriorityLevel.High));

        (await Ids(_maya, new InboxQuery(Sort: InboxSort.Waiting))).Should().Equal(high, older, newer);
        (await Ids(_maya, new InboxQuery(Sort: InboxSort.Recent))).Should().Equal(high, newer, older);
    }

    [Fact]
    public async Task GetThreadsAsync_UnknownLabel_ValidationErrorNamingLabel()
    {
        var act = () => Inbox.GetThreadsAsync(_maya, new InboxQuery(LabelId: 424_242));

        (await act.Should().ThrowAsync<ChatValidationException>()).Which.Errors.Should().ContainKey("labelId")
            .WhoseValue.Should().Equal("Label 424242 does not exist.");
    }

    [Fact]
    public async Task PostAsync_InArchivedThread_BringsItBackToActiveViews()
    {
        var thread = await _factory.CreateGroupThreadAsync(_maya, "Closed, then reopened", _tom);
        await Threads.UpdateThreadAsync(_maya, thread, new UpdateThreadRequest(Status: ThreadStatus.Archived));
        (await Ids(_maya, InboxQuery.Default)).Should().NotContain(thread, "an archived thread leaves the active views");

        await Messages.PostAsync(_tom, new PostMessageRequest(thread, "One more question"));

        (await Ids(_maya, InboxQuery.Default)).Should().Contain(thread);
        (await Ids(_maya, new InboxQuery(InboxView.Archived))).Should().NotContain(thread);
        (await Inbox.GetThreadInViewAsync(_maya, new InboxQuery(InboxView.Archived), thread)).Should().BeNull();
    }

    [Fact]
    public async Task GetThreadInViewAsync_ThreadTheAgentCannotSee_NotFound()
    {
        var hidden = await _factory.CreateGroupThreadAsync(_tom, "Tom and Lin only", _lin);

        var act = () => Inbox.GetThreadInViewAsync(_maya, InboxQuery.Default, hidden);

        await act.Should().ThrowAsync<ChatNotFoundException>().WithMessage($"Thread {hidden} was not found.");
    }

    [Fact]
    public async Task GetThreadsAsync_SomeonesAiThread_OnlyTheAskerSeesItAndItIsNeverUnassigned()
    {
        var ai = await Threads.CreateThreadAsync(_maya, new CreateThreadRequest(ThreadType.Ai, null, []));
        await Messages.PostAsync(_maya, new PostMessageRequest(ai.Id, "Which plan includes wombat exports?"));
        var customerCase = await _factory.CreateGroupThreadAsync(_maya, "Customer case", _tom);

        (await Ids(_maya, InboxQuery.Default)).Should().BeEquivalentTo([ai.Id, customerCase]);
        (await Ids(_maya, new InboxQuery(InboxView.Unassigned))).Should().Equal(customerCase);
        (await Inbox.GetInboxCountsAsync(_maya)).Should().Be(new InboxCounts(Mine: 0, Unassigned: 1, All: 2, Archived: 0));
        foreach (var boss in new[] { _supervisor, _admin })
        {
            (await Ids(boss, InboxQuery.Default)).Should().Equal(customerCase);
            (await Ids(boss, new InboxQuery(InboxView.Unassigned))).Should().Equal(customerCase);
            (await Inbox.GetInboxCountsAsync(boss)).Should().Be(new InboxCounts(Mine: 0, Unassigned: 1, All: 1, Archived: 0));
            await FluentActions.Awaiting(() => Threads.GetThreadAsync(boss, ai.Id)).Should().ThrowAsync<ChatNotFoundException>();
            await FluentActions.Awaiting(() => Inbox.GetThreadInViewAsync(boss, InboxQuery.Default, ai.Id)).Should().ThrowAsync<ChatNotFoundException>();
            await FluentActions.Awaiting(() => Messages.PostAsync(boss, new PostMessageRequest(ai.Id, "Reading along")))
                .Should().ThrowAsync<ChatNotFoundException>("a thread one may not see cannot be written to either");
            (await _factory.Services.GetRequiredService<SearchService>().SearchAsync(boss, "wombat")).Hits.Should().BeEmpty();
        }
    }

    private async Task<long[]> Ids(ChatCaller caller, InboxQuery query) =>
        [.. (await Inbox.GetThreadsAsync(caller, query)).Select(t => t.Id)];

    public Task DisposeAsync() => Task.CompletedTask;

    public void Dispose() => _factory.Dispose();
}
