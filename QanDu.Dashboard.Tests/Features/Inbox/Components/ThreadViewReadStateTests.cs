using Bunit;
using MudBlazor;
using QanDu.Dashboard.Data.Entities;
using QanDu.Dashboard.Features.Access;
using QanDu.Dashboard.Features.Inbox.Components;
using QanDu.Dashboard.Tests.Infrastructure;

namespace QanDu.Dashboard.Tests.Features.Inbox.Components;

/// <summary>Read state in the open thread: the "New messages" divider, "Seen by …", and mark unread, against the real services.</summary>
public sealed class ThreadViewReadStateTests : ComponentTestContext
{
    private static readonly TimeSpan Live = TimeSpan.FromSeconds(5);

    [Fact]
    public async Task Divider_OpenedWithUnread_AboveFirstUnreadAndStaysPutWhileRead()
    {
        var maya = await App.CreateUserAsync("Maya Chen", Roles.Agent);
        var tom = await App.CreateUserAsync("Tom Okafor", Roles.Agent);
        var thread = await App.CreateGroupThreadAsync(maya, "Divider", tom);
        await PostAsync(tom, thread, "Already seen one");
        var seen = await PostAsync(tom, thread, "Already seen two");
        await ReadState.MarkAsync(maya, thread, seen.Message.Id, MessageStatus.Read);
        var firstUnread = await PostAsync(tom, thread, "First new one");
        await PostAsync(tom, thread, "Second new one");
        SignInAs(maya);

        var view = Render<ThreadView>(p => p.Add(c => c.ThreadId, thread));

        view.WaitForAssertion(() => DividerIsAbove(view, firstUnread.Message.Id), Live);
        // Opening marks everything read; the line stays where the reader left off.
        await WaitForCursorAsync(maya, thread, c => c.Should().BeGreaterThan(firstUnread.Message.Id));
        var newer = await PostAsync(tom, thread, "Arrives while the thread is open");
        view.WaitForAssertion(() => view.Markup.Should().Contain("Arrives while the thread is open"), Live);
        await WaitForCursorAsync(maya, thread, c => c.Should().Be(newer.Message.Id));
        view.FindAll("[data-testid=new-messages]").Should().ContainSingle();
        DividerIsAbove(view, firstUnread.Message.Id);

        // Opened again with everything read: no divider.
        var reopened = Render<ThreadView>(p => p.Add(c => c.ThreadId, thread));
        reopened.WaitForAssertion(() => reopened.FindAll("[data-testid=message]").Should().HaveCount(5), Live);
        reopened.FindAll("[data-testid=new-messages]").Should().BeEmpty();
    }

    [Fact]
    public async Task Divider_NothingUnread_NotShown()
    {
        var maya = await App.CreateUserAsync("Maya Chen", Roles.Agent);
        var tom = await App.CreateUserAsync("Tom Okafor", Roles.Agent);
        var thread = await App.CreateGroupThreadAsync(maya, "All read", tom);
        var last = await PostAsync(tom, thread, "Seen already");
        await ReadState.MarkAsync(maya, thread, last.Message.Id, MessageStatus.Read);
        await PostAsync(maya, thread, "My answer");
        SignInAs(maya);

        var view = Render<ThreadView>(p => p.Add(c => c.ThreadId, thread));

        view.WaitForAssertion(() => view.FindAll("[data-testid=message]").Should().HaveCount(2), Live);
        view.FindAll("[data-testid=new-messages]").Should().BeEmpty();
    }

    [Fact]
    public async Task SeenBy_OneTwoThreeAndMoreReaders_NamesThenFirstNamesThenOthers()
    {
        var maya = await App.CreateUserAsync("Maya Chen", Roles.Agent);
        var tom = await App.CreateUserAsync("Tom Okafor", Roles.Agent);
        var priya = await App.CreateUserAsync("Priya Shah", Roles.Agent);
        var lin = await App.CreateUserAsync("Lin Park", Roles.Agent);
        var sam = await App.CreateUserAsync("Sam Reyes", Roles.Agent);
        var thread = await App.CreateGroupThreadAsync(maya, "Team", tom, priya, lin, sam);
        var mine = await PostAsync(maya, thread, "Shift swap on Friday?");
        SignInAs(maya);
        var view = Render<ThreadView>(p => p.Add(c => c.ThreadId, thread));
        view.WaitForAssertion(() => view.FindAll("[data-testid=message]").Should().ContainSingle(), Live);
        view.FindAll("[data-testid=seen-by]").Should().BeEmpty("nobody has read it yet");

        Clock.Advance(TimeSpan.FromSeconds(1)); // readers are listed in the order they read
        await ReadState.MarkAsync(tom, thread, mine.Message.Id, MessageStatus.Read);
        view.WaitForAssertion(() => SeenByText(view).Should().Be("Seen by Tom Okafor"), Live);
        Clock.Advance(TimeSpan.FromSeconds(1)); // readers are listed in the order they read
        await ReadState.MarkAsync(priya, thread, mine.Message.Id, MessageStatus.Read);
        view.WaitForAssertion(() => SeenByText(view).Should().Be("Seen by Tom and Priya"), Live);
        Clock.Advance(TimeSpan.FromSeconds(1)); // readers are listed in the order they read
        await ReadState.MarkAsync(lin, thread, mine.Message.Id, MessageStatus.Read);
        view.WaitForAssertion(() => SeenByText(view).Should().Be("Seen by Tom, Priya and Lin"), Live);
        Clock.Advance(TimeSpan.FromSeconds(1)); // readers are listed in the order they read
        await ReadState.MarkAsync(sam, thread, mine.Message.Id, MessageStatus.Read);
        view.WaitForAssertion(() => SeenByText(view).Should().Be("Seen by Tom, Priya and 2 others"), Live);

        var tooltip = view.Find("[data-testid=seen-by]").GetAttribute("title");
        tooltip.Should().Contain("Tom Okafor").And.Contain("Priya Shah").And.Contain("Lin Park").And.Contain("Sam Reyes");
        view.Find("[data-testid=message]").GetAttribute("data-status").Should().Be("read", "the sender's status icon stays");
    }

    [Fact]
    public async Task SeenBy_AnotherParticipantsMessage_ShownToEveryoneButNeverTheViewerOrSender()
    {
        var maya = await App.CreateUserAsync("Maya Chen", Roles.Agent);
        var tom = await App.CreateUserAsync("Tom Okafor", Roles.Agent);
        var priya = await App.CreateUserAsync("Priya Shah", Roles.Agent);
        var thread = await App.CreateGroupThreadAsync(maya, "Three of us", tom, priya);
        var fromTom = await PostAsync(tom, thread, "Who takes the Acme call?");
        await ReadState.MarkAsync(priya, thread, fromTom.Message.Id, MessageStatus.Read);
        SignInAs(maya);

        var view = Render<ThreadView>(p => p.Add(c => c.ThreadId, thread));

        // Maya's own opening marks it read too, but she is never listed to herself; Tom sent it.
        view.WaitForAssertion(() => SeenByText(view).Should().Be("Seen by Priya Shah"), Live);
        await WaitForCursorAsync(maya, thread, c => c.Should().Be(fromTom.Message.Id));
        SeenByText(view).Should().Be("Seen by Priya Shah");
    }

    [Fact]
    public async Task MarkUnreadFromHere_MessageMenu_BadgeBackInTheListAndTheViewLeavesItUnread()
    {
        var maya = await App.CreateUserAsync("Maya Chen", Roles.Agent);
        var tom = await App.CreateUserAsync("Tom Okafor", Roles.Agent);
        var thread = await App.CreateGroupThreadAsync(maya, "Mark unread", tom);
        await PostAsync(tom, thread, "First question");
        var second = await PostAsync(tom, thread, "Second question");
        await PostAsync(tom, thread, "Third question");
        SignInAs(maya);
        var list = Render<ThreadList>(p => p.Add(c => c.SelectedThreadId, thread));
        var view = Render<ThreadView>(p => p.Add(c => c.ThreadId, thread));
        list.WaitForAssertion(() => list.FindAll($"[data-thread-id='{thread}'] [data-testid=unread-count]").Should().BeEmpty(), Live);

        await view.InvokeAsync(() => view.Find($"[data-message-id='{second.Message.Id}'] [data-testid=mark-unread]").Click()); // found and clicked in one dispatch: a live re-render cannot come between
        list.WaitForAssertion(() => list.Find($"[data-thread-id='{thread}'] [data-testid=unread-count]").TextContent.Should().Be("2"), Live);
        view.WaitForAssertion(() => DividerIsAbove(view, second.Message.Id), Live);
        (await ReadState.ReadStateAsync(maya, thread)).UnreadCount.Should().Be(2, "the open view does not mark it read again");

        // A new message is read where it lands, so the thread is read again.
        await PostAsync(tom, thread, "Fourth question");
        list.WaitForAssertion(() => list.FindAll($"[data-thread-id='{thread}'] [data-testid=unread-count]").Should().BeEmpty(), Live);
        (await ReadState.ReadStateAsync(maya, thread)).UnreadCount.Should().Be(0);
    }

    [Fact]
    public async Task MarkAsUnread_ThreadListMenu_BadgeShowsAndMarkAsReadClearsIt()
    {
        var maya = await App.CreateUserAsync("Maya Chen", Roles.Agent);
        var tom = await App.CreateUserAsync("Tom Okafor", Roles.Agent);
        var thread = await App.CreateGroupThreadAsync(maya, "From the list", tom);
        var last = await PostAsync(tom, thread, "Please check order 1042");
        await ReadState.MarkAsync(maya, thread, last.Message.Id, MessageStatus.Read);
        SignInAs(maya);
        var popovers = Render<MudPopoverProvider>();
        var list = Render<ThreadList>();
        list.WaitForElement($"[data-thread-id='{thread}']", Live);
        list.FindAll("[data-testid=unread-count]").Should().BeEmpty();

        await list.InvokeAsync(() => list.Find("[data-testid=thread-item-menu] button").Click()); // found and clicked in one dispatch: a live re-render cannot come between
        await popovers.ClickWhenShownAsync("[data-testid=thread-item-mark-unread]");

        list.WaitForAssertion(() => list.Find($"[data-thread-id='{thread}'] [data-testid=unread-count]").TextContent.Should().Be("1"), Live);
        await list.InvokeAsync(() => list.Find("[data-testid=thread-item-menu] button").Click()); // found and clicked in one dispatch: a live re-render cannot come between
        await popovers.ClickWhenShownAsync("[data-testid=thread-item-mark-read]");
        list.WaitForAssertion(() => list.FindAll("[data-testid=unread-count]").Should().BeEmpty(), Live);
        (await ReadState.ReadStateAsync(maya, thread)).LastReadMessageId.Should().Be(last.Message.Id);
    }

    [Fact]
    public async Task MarkAsUnread_ThreadHeaderMenu_LastMessageFromOthersUnreadAndStaysSo()
    {
        var maya = await App.CreateUserAsync("Maya Chen", Roles.Agent);
        var tom = await App.CreateUserAsync("Tom Okafor", Roles.Agent);
        var thread = await App.CreateGroupThreadAsync(maya, "From the header", tom);
        var fromTom = await PostAsync(tom, thread, "Can you call the customer?");
        await PostAsync(maya, thread, "On it");
        SignInAs(maya);
        var popovers = Render<MudPopoverProvider>();
        var view = Render<ThreadView>(p => p.Add(c => c.ThreadId, thread));
        view.WaitForAssertion(() => view.FindAll("[data-testid=message]").Should().HaveCount(2), Live);

        await view.InvokeAsync(() => view.Find("[data-testid=thread-more] button").Click()); // found and clicked in one dispatch: a live re-render cannot come between
        await popovers.ClickWhenShownAsync("[data-testid=thread-mark-unread]");

        await WaitForCursorAsync(maya, thread, c => c.Should().BeLessThan(fromTom.Message.Id));
        view.WaitForAssertion(() => DividerIsAbove(view, fromTom.Message.Id), Live);
        (await ReadState.ReadStateAsync(maya, thread)).UnreadCount.Should().Be(1);
    }

    private static string SeenByText(IRenderedComponent<ThreadView> view) => view.Find("[data-testid=seen-by-text]").TextContent.Trim();

    private static void DividerIsAbove(IRenderedComponent<ThreadView> view, long messageId)
    {
        var divider = view.Find("[data-testid=new-messages]");
        divider.TextContent.Should().Contain("New messages");
        divider.NextElementSibling!.GetAttribute("data-message-id").Should().Be(messageId.ToString());
    }

    private async Task WaitForCursorAsync(ChatCaller user, long thread, Action<long> assertion)
    {
        var deadline = DateTime.UtcNow + Live;
        while (true)
        {
            var cursor = (await ReadState.ReadStateAsync(user, thread)).LastReadMessageId;
            try
            {
                assertion(cursor);
                return;
            }
            catch (Exception) when (DateTime.UtcNow < deadline)
            {
                await Task.Delay(50);
            }
        }
    }
}
