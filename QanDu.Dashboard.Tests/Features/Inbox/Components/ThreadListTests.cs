using Bunit;
using Microsoft.EntityFrameworkCore;
using QanDu.Dashboard.Features.Access;
using QanDu.Dashboard.Features.Inbox.Components;
using QanDu.Dashboard.Tests.Infrastructure;

namespace QanDu.Dashboard.Tests.Features.Inbox.Components;

public sealed class ThreadListTests : ComponentTestContext
{
    private static readonly TimeSpan Live = TimeSpan.FromSeconds(5);

    [Fact]
    public async Task Render_NoThreads_ShowsEmptyState()
    {
        var maya = await App.CreateUserAsync("Maya Chen", Roles.Agent);
        SignInAs(maya);

        var list = Render<ThreadList>();

        list.WaitForAssertion(() => list.Markup.Should().Contain("No conversations yet"), Live);
        list.FindAll("[data-testid=thread-item]").Should().BeEmpty();
    }

    [Fact]
    public void Render_WhileSignInIsStillResolving_ShowsSkeletonNotTheEmptyState()
    {
        AddAuthorization().SetAuthorizing();

        var list = Render<ThreadList>();

        list.FindAll("[data-testid=list-loading]").Should().ContainSingle();
        list.FindAll("[data-testid=empty-view]").Should().BeEmpty("nothing is known yet, so nothing may claim the inbox is empty");
    }

    [Fact]
    public async Task Render_DatabaseFails_ShowsErrorWithTryAgainThatRecovers()
    {
        var maya = await App.CreateUserAsync("Maya Chen", Roles.Agent);
        var tom = await App.CreateUserAsync("Tom Okafor", Roles.Agent);
        var thread = await App.CreateGroupThreadAsync(maya, "Refund for order 1042", tom);
        SignInAs(maya);
        await App.QueryAsync(db => db.Database.ExecuteSqlRawAsync("ALTER TABLE Threads RENAME TO ThreadsAway"));

        var list = Render<ThreadList>();

        list.WaitForAssertion(() => list.Find("[data-testid=list-error]").TextContent.Should().Contain("Could not load your conversations"), Live);
        list.FindAll("[data-testid=empty-view]").Should().BeEmpty();
        await App.QueryAsync(db => db.Database.ExecuteSqlRawAsync("ALTER TABLE ThreadsAway RENAME TO Threads"));
        await list.InvokeAsync(() => list.Find("[data-testid=list-error] button").Click()); // found and clicked in one dispatch: a live re-render cannot come between
        list.WaitForAssertion(() => list.Find($"[data-thread-id='{thread}']").TextContent.Should().Contain("Refund for order 1042"), Live);
        list.FindAll("[data-testid=list-error]").Should().BeEmpty();
    }

    [Fact]
    public async Task Render_ManyThreads_ListsEveryOneNewestFirst()
    {
        var maya = await App.CreateUserAsync("Maya Chen", Roles.Agent);
        var tom = await App.CreateUserAsync("Tom Okafor", Roles.Agent);
        var ids = new List<long>();
        for (var i = 0; i < 60; i++)
        {
            var id = await App.CreateGroupThreadAsync(maya, $"Customer case {i:00}", tom);
            await PostAsync(tom, id, $"Question number {i}");
            ids.Add(id);
        }
        SignInAs(maya);

        var list = Render<ThreadList>();

        list.WaitForAssertion(() => list.FindAll("[data-testid=thread-item]").Should().HaveCount(60), Live);
        list.FindAll("[data-testid=thread-item]").Select(e => long.Parse(e.GetAttribute("data-thread-id")!))
            .Should().Equal(Enumerable.Reverse(ids), "the thread answered last is on top");
    }

    [Fact]
    public async Task Render_ThreadsWithUnreadMessages_ShowsTitlePreviewAndUnreadCount()
    {
        var maya = await App.CreateUserAsync("Maya Chen", Roles.Agent);
        var tom = await App.CreateUserAsync("Tom Okafor", Roles.Agent);
        var thread = await App.CreateGroupThreadAsync(maya, "Refund for order 1042", tom);
        await PostAsync(tom, thread, "Customer asks about the refund");
        await PostAsync(tom, thread, "Can you take it?");
        SignInAs(maya);

        var list = Render<ThreadList>();

        list.WaitForAssertion(() =>
        {
            var item = list.Find($"[data-thread-id='{thread}']");
            item.TextContent.Should().Contain("Refund for order 1042").And.Contain("Can you take it?");
            item.QuerySelector("[data-testid=unread-count]")!.TextContent.Should().Be("2");
        }, Live);
    }

    [Fact]
    public async Task MessagePosted_InAnOlderThread_MovesItToTopWithPreviewAndUnreadLive()
    {
        var maya = await App.CreateUserAsync("Maya Chen", Roles.Agent);
        var tom = await App.CreateUserAsync("Tom Okafor", Roles.Agent);
        var older = await App.CreateGroupThreadAsync(maya, "Older thread", tom);
        await PostAsync(maya, older, "first");
        var newer = await App.CreateGroupThreadAsync(maya, "Newer thread", tom);
        await PostAsync(maya, newer, "second");
        SignInAs(maya);
        var list = Render<ThreadList>();
        list.WaitForAssertion(() => Order(list).Should().Equal(newer, older), Live);

        await PostAsync(tom, older, "A reply from **Tom**");

        list.WaitForAssertion(() =>
        {
            Order(list).Should().Equal(older, newer);
            var item = list.Find($"[data-thread-id='{older}']");
            item.QuerySelector("[data-testid=thread-preview]")!.TextContent.Should().Contain("A reply from Tom", "previews are plain text, without Markdown marks");
            item.QuerySelector("[data-testid=unread-count]")!.TextContent.Should().Be("1");
        }, Live);
    }

    [Fact]
    public async Task MessagePosted_InTheOpenThread_DoesNotCountAsUnread()
    {
        var maya = await App.CreateUserAsync("Maya Chen", Roles.Agent);
        var tom = await App.CreateUserAsync("Tom Okafor", Roles.Agent);
        var open = await App.CreateGroupThreadAsync(maya, "Open thread", tom);
        SignInAs(maya);
        var list = Render<ThreadList>(p => p.Add(c => c.SelectedThreadId, open));
        list.WaitForAssertion(() => list.FindAll("[data-testid=thread-item]").Should().ContainSingle(), Live);

        await PostAsync(tom, open, "You have it open");

        list.WaitForAssertion(() => list.Find("[data-testid=thread-preview]").TextContent.Should().Contain("You have it open"), Live);
        list.FindAll("[data-testid=unread-count]").Should().BeEmpty();
    }

    [Fact]
    public async Task MessagePosted_InAThreadTheAgentIsNotPartOf_NeverAppears()
    {
        var maya = await App.CreateUserAsync("Maya Chen", Roles.Agent);
        var tom = await App.CreateUserAsync("Tom Okafor", Roles.Agent);
        var lin = await App.CreateUserAsync("Lin Park", Roles.Agent);
        var mine = await App.CreateGroupThreadAsync(maya, "Mine", tom);
        var hidden = await App.CreateGroupThreadAsync(tom, "Tom and Lin only", lin);
        SignInAs(maya);
        var list = Render<ThreadList>();
        list.WaitForAssertion(() => Order(list).Should().Equal(mine), Live);

        await PostAsync(tom, hidden, "Secret escalation notes");
        await PostAsync(tom, mine, "Visible message"); // once this shows, the hidden one has been handled too

        list.WaitForAssertion(() => list.Markup.Should().Contain("Visible message"), Live);
        list.Markup.Should().NotContain("Secret escalation notes").And.NotContain("Tom and Lin only");
        Order(list).Should().Equal(mine);
    }

    private static long[] Order(IRenderedComponent<ThreadList> list) =>
        list.FindAll("[data-testid=thread-item]").Select(e => long.Parse(e.GetAttribute("data-thread-id")!)).ToArray();
}
