using Bunit;
using Microsoft.Extensions.DependencyInjection;
using QanDu.Dashboard.Data.Entities;
using QanDu.Dashboard.Features.Access;
using QanDu.Dashboard.Features.Inbox.Components;
using QanDu.Dashboard.Features.Labels;
using QanDu.Dashboard.Features.Threads;
using QanDu.Dashboard.Tests.Infrastructure;

namespace QanDu.Dashboard.Tests.Features.Inbox.Components;

/// <summary>The inbox's views and filters: what each shows, how urgent threads stand out, and live moves between views.</summary>
public sealed class ThreadListInboxTests : ComponentTestContext
{
    private static readonly TimeSpan Live = TimeSpan.FromSeconds(5);

    [Fact]
    public async Task Render_EmptyMineView_SaysNothingIsAssignedAndShowsCounts()
    {
        var maya = await App.CreateUserAsync("Maya Chen", Roles.Agent);
        await App.CreateGroupThreadAsync(maya, "Unowned", await App.CreateUserAsync("Tom Okafor", Roles.Agent));
        SignInAs(maya);

        var list = Render<ThreadList>(p => p.Add(c => c.Query, new InboxQuery(InboxView.Mine)));

        list.WaitForAssertion(() => list.Find("[data-testid=empty-view]").TextContent.Should().Contain("Nothing assigned to you"), Live);
        list.Find("[data-testid=view-mine]").GetAttribute("aria-selected").Should().Be("true");
        list.WaitForAssertion(() => Count(list, "unassigned").Should().Be("1"), Live);
        Count(list, "mine").Should().Be("0");
        list.FindAll("[data-testid=clear-filters]").Should().BeEmpty("a view without filters has nothing to clear");
    }

    [Fact]
    public async Task Render_FilteredByPriorityWithNoMatch_SaysSoAndOffersToClear()
    {
        var maya = await App.CreateUserAsync("Maya Chen", Roles.Agent);
        await App.CreateGroupThreadAsync(maya, "Normal one", await App.CreateUserAsync("Tom Okafor", Roles.Agent));
        SignInAs(maya);

        var list = Render<ThreadList>(p => p.Add(c => c.Query, new InboxQuery(Priority: PriorityLevel.Urgent)));

        list.WaitForAssertion(() => list.Find("[data-testid=empty-view]").TextContent.Should().Contain("No conversations match these filters"), Live);
        list.Find("[data-testid=clear-filters]").GetAttribute("href").Should().Be("/");
    }

    [Fact]
    public async Task Render_FilteredByLabel_ShowsOnlyLabelledThreadsWithChipsAndUrgentStyling()
    {
        var maya = await App.CreateUserAsync("Maya Chen", Roles.Agent);
        var tom = await App.CreateUserAsync("Tom Okafor", Roles.Agent);
        var admin = await App.CreateUserAsync("Alex Morgan", Roles.Admin);
        var labels = App.Services.GetRequiredService<LabelService>();
        var billing = await labels.CreateAsync(admin, new CreateLabelRequest("Billing", "#e53935"));
        var labelled = await App.CreateGroupThreadAsync(maya, "Double charge", tom);
        await App.CreateGroupThreadAsync(maya, "Password reset", tom);
        await Threads.AddLabelAsync(maya, labelled, billing.Id);
        await Threads.UpdateThreadAsync(maya, labelled, new UpdateThreadRequest(Priority: PriorityLevel.Urgent));
        SignInAs(maya);

        var list = Render<ThreadList>(p => p.Add(c => c.Query, new InboxQuery(LabelId: billing.Id)));

        list.WaitForAssertion(() => Order(list).Should().Equal(labelled), Live);
        var item = list.Find($"[data-thread-id='{labelled}']");
        item.ClassList.Should().Contain("qd-thread-item--urgent");
        item.QuerySelector("[data-testid=priority-urgent]").Should().NotBeNull("urgent is marked by an icon, not colour alone");
        item.QuerySelector("[data-testid=thread-label]")!.TextContent.Trim().Should().Be("Billing");
        item.GetAttribute("href").Should().Be($"/threads/{labelled}?label={billing.Id}", "opening a thread keeps the filters");
        list.Markup.Should().NotContain("Password reset");
    }

    [Fact]
    public async Task ThreadChanged_AssignedToMe_AppearsInMineLive()
    {
        var maya = await App.CreateUserAsync("Maya Chen", Roles.Agent);
        var lin = await App.CreateUserAsync("Lin Park", Roles.Agent);
        var supervisor = await App.CreateUserAsync("Priya Raman", Roles.Supervisor);
        var thread = await App.CreateGroupThreadAsync(lin, "Escalated to Maya", supervisor);
        SignInAs(maya);
        var list = Render<ThreadList>(p => p.Add(c => c.Query, new InboxQuery(InboxView.Mine)));
        list.WaitForAssertion(() => list.FindAll("[data-testid=empty-view]").Should().ContainSingle(), Live);

        await Threads.AssignAsync(supervisor, thread, maya.UserId);

        list.WaitForAssertion(() =>
        {
            Order(list).Should().Equal(thread);
            list.Find("[data-testid=thread-assignee]").TextContent.Should().Contain("Maya");
            Count(list, "mine").Should().Be("1");
        }, Live);
    }

    [Fact]
    public async Task ThreadChanged_ArchivedThenAnswered_LeavesAndReturnsToTheActiveViewLive()
    {
        var maya = await App.CreateUserAsync("Maya Chen", Roles.Agent);
        var tom = await App.CreateUserAsync("Tom Okafor", Roles.Agent);
        var thread = await App.CreateGroupThreadAsync(maya, "Resolved for now", tom);
        SignInAs(maya);
        var list = Render<ThreadList>();
        list.WaitForAssertion(() => Order(list).Should().Equal(thread), Live);

        await Threads.UpdateThreadAsync(maya, thread, new UpdateThreadRequest(Status: ThreadStatus.Archived));
        list.WaitForAssertion(() => Order(list).Should().BeEmpty(), Live);
        list.WaitForAssertion(() => StatusCount(list, "resolved").Should().Be("1"), Live);

        await PostAsync(tom, thread, "Actually, one more thing");

        list.WaitForAssertion(() =>
        {
            Order(list).Should().Equal(thread);
            list.Find("[data-testid=thread-preview]").TextContent.Should().Contain("Actually, one more thing");
            StatusCount(list, "resolved").Should().Be("0");
        }, Live);
    }

    [Fact]
    public async Task MessagePosted_InArchivedView_ThreadLeavesTheArchive()
    {
        var maya = await App.CreateUserAsync("Maya Chen", Roles.Agent);
        var thread = await App.CreateGroupThreadAsync(maya, "Archived", await App.CreateUserAsync("Tom Okafor", Roles.Agent));
        await Threads.UpdateThreadAsync(maya, thread, new UpdateThreadRequest(Status: ThreadStatus.Archived));
        SignInAs(maya);
        var list = Render<ThreadList>(p => p.Add(c => c.Query, new InboxQuery(InboxView.Archived)));
        list.WaitForAssertion(() => Order(list).Should().Equal(thread), Live);

        await PostAsync(maya, thread, "Reopening this");

        list.WaitForAssertion(() => list.Find("[data-testid=empty-view]").TextContent.Should().Contain("No resolved conversations"), Live);
    }

    [Fact]
    public async Task LabelsChanged_AdminAddsLabel_OfferedAsFilterLive()
    {
        var maya = await App.CreateUserAsync("Maya Chen", Roles.Agent);
        var admin = await App.CreateUserAsync("Alex Morgan", Roles.Admin);
        SignInAs(maya);
        var list = Render<ThreadList>();
        list.WaitForAssertion(() => list.FindAll("[data-testid=empty-view]").Should().ContainSingle(), Live);

        var label = await App.Services.GetRequiredService<LabelService>().CreateAsync(admin, new CreateLabelRequest("Chargeback", "#d81b60"));

        list.WaitForAssertion(() => list.FindComponent<InboxFilters>().Instance.Labels.Should().Contain(label), Live);
    }

    [Fact]
    public async Task Render_LinkWithALabelThatWasDeleted_ShowsTheInboxAndSaysTheLabelIsGone()
    {
        var maya = await App.CreateUserAsync("Maya Chen", Roles.Agent);
        var thread = await App.CreateGroupThreadAsync(maya, "Double charge", await App.CreateUserAsync("Tom Okafor", Roles.Agent));
        SignInAs(maya);

        var list = Render<ThreadList>(p => p.Add(c => c.Query, new InboxQuery(LabelId: 999)));

        list.WaitForAssertion(() => Order(list).Should().Equal(thread), Live);
        list.Find("[data-testid=label-missing]").TextContent.Should().Contain("no longer exists");
        list.FindAll("[data-testid=list-error]").Should().BeEmpty();
        list.Find($"[data-thread-id='{thread}']").GetAttribute("href").Should().Be($"/threads/{thread}", "opening a thread leaves the missing label behind");
    }

    [Fact]
    public async Task LabelsChanged_TheFilteredLabelIsDeleted_ShowsTheInboxAndSaysTheLabelIsGoneLive()
    {
        var maya = await App.CreateUserAsync("Maya Chen", Roles.Agent);
        var tom = await App.CreateUserAsync("Tom Okafor", Roles.Agent);
        var admin = await App.CreateUserAsync("Alex Morgan", Roles.Admin);
        var labels = App.Services.GetRequiredService<LabelService>();
        var vip = await labels.CreateAsync(admin, new CreateLabelRequest("VIP", "#fb8c00"));
        var labelled = await App.CreateGroupThreadAsync(maya, "Labelled", tom);
        var other = await App.CreateGroupThreadAsync(maya, "Not labelled", tom);
        await Threads.AddLabelAsync(maya, labelled, vip.Id);
        SignInAs(maya);
        var list = Render<ThreadList>(p => p.Add(c => c.Query, new InboxQuery(LabelId: vip.Id)));
        list.WaitForAssertion(() => Order(list).Should().Equal(labelled), Live);

        await labels.DeleteAsync(admin, vip.Id);

        list.WaitForAssertion(() =>
        {
            Order(list).Should().BeEquivalentTo([labelled, other]);
            list.Find("[data-testid=label-missing]").TextContent.Should().Contain("no longer exists");
        }, Live);
        list.FindAll("[data-testid=list-error]").Should().BeEmpty();
    }

    [Fact]
    public async Task Render_TwoAiThreads_TheAskerTellsThemApartByTheirQuestionsAndNeitherIsUnassigned()
    {
        var (maya, refunds, exports, _) = await AiThreadsAsync();
        SignInAs(maya);

        var list = Render<ThreadList>();

        list.WaitForAssertion(() =>
        {
            list.Find($"[data-thread-id='{refunds}'] .qd-thread-item-title").TextContent.Should().Be("How long does a card refund take?");
            list.Find($"[data-thread-id='{exports}'] .qd-thread-item-title").TextContent.Should().Be("Why does the CSV export stop at 10,000 rows?");
        }, Live);
        list.WaitForAssertion(() => Count(list, "unassigned").Should().Be("1", "an AI thread is nobody's work to pick up"), Live);
        Count(list, "all").Should().Be("3");
    }

    [Fact]
    public async Task Render_SomeoneElsesAiThreads_NotInTheSupervisorsInboxNorItsCounts()
    {
        var (_, _, _, customerCase) = await AiThreadsAsync();
        SignInAs(await App.CreateUserAsync("Priya Raman", Roles.Supervisor));

        var list = Render<ThreadList>();

        list.WaitForAssertion(() => Order(list).Should().Equal(customerCase), Live);
        list.FindAll("[data-testid=unread-count]").Should().BeEmpty();
        list.WaitForAssertion(() => Count(list, "unassigned").Should().Be("1"), Live);
        Count(list, "all").Should().Be("1");
    }

    private async Task<(ChatCaller Maya, long Refunds, long Exports, long CustomerCase)> AiThreadsAsync()
    {
        var maya = await App.CreateUserAsync("Maya Chen", Roles.Agent);
        var refunds = await Threads.CreateThreadAsync(maya, new CreateThreadRequest(ThreadType.Ai, null, []));
        var exports = await Threads.CreateThreadAsync(maya, new CreateThreadRequest(ThreadType.Ai, null, []));
        await PostAsync(maya, refunds.Id, "How long does a card refund take?");
        await PostAsync(maya, exports.Id, "Why does the CSV export stop at 10,000 rows?");
        var customerCase = await App.CreateGroupThreadAsync(maya, "Customer case", await App.CreateUserAsync("Tom Okafor", Roles.Agent));
        return (maya, refunds.Id, exports.Id, customerCase);
    }

    /// <summary>The count beside a status (open, pending, snoozed, resolved: archived staff threads are the same status).</summary>
    private static string StatusCount(IRenderedComponent<ThreadList> list, string status) =>
        list.Find($"[data-testid=status-{status}] [data-testid=status-count]").TextContent.Trim();

    private static string Count(IRenderedComponent<ThreadList> list, string view) =>
        list.Find($"[data-testid=view-{view}] [data-testid=view-count]").TextContent.Trim();

    private static long[] Order(IRenderedComponent<ThreadList> list) =>
        list.FindAll("[data-testid=thread-item]").Select(e => long.Parse(e.GetAttribute("data-thread-id")!)).ToArray();
}
