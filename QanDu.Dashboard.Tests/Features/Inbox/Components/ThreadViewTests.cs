using Bunit;
using Microsoft.EntityFrameworkCore;
using QanDu.Dashboard.Data.Entities;
using QanDu.Dashboard.Features.Access;
using QanDu.Dashboard.Features.Inbox.Components;
using QanDu.Dashboard.Tests.Infrastructure;

namespace QanDu.Dashboard.Tests.Features.Inbox.Components;

public sealed class ThreadViewTests : ComponentTestContext
{
    private static readonly TimeSpan Live = TimeSpan.FromSeconds(5);

    [Fact]
    public async Task Render_ThreadTheAgentIsNotPartOf_ShowsNotFoundWithoutContent()
    {
        var maya = await App.CreateUserAsync("Maya Chen", Roles.Agent);
        var tom = await App.CreateUserAsync("Tom Okafor", Roles.Agent);
        var lin = await App.CreateUserAsync("Lin Park", Roles.Agent);
        var hidden = await App.CreateGroupThreadAsync(tom, "Private escalation", lin);
        await PostAsync(tom, hidden, "Internal notes");
        SignInAs(maya);

        var view = Render<ThreadView>(p => p.Add(c => c.ThreadId, hidden));

        view.WaitForAssertion(() => view.Markup.Should().Contain("does not exist, or you are not part of it"), Live);
        view.Markup.Should().NotContain("Internal notes").And.NotContain("Private escalation");
    }

    [Fact]
    public async Task Render_NewThread_ShowsEmptyStateAndComposer()
    {
        var maya = await App.CreateUserAsync("Maya Chen", Roles.Agent);
        var thread = await App.CreateGroupThreadAsync(maya, "Quiet", await App.CreateUserAsync("Tom Okafor", Roles.Agent));
        SignInAs(maya);

        var view = Render<ThreadView>(p => p.Add(c => c.ThreadId, thread));

        view.WaitForAssertion(() => view.Markup.Should().Contain("No messages yet"), Live);
        view.FindAll("[data-testid=composer]").Should().ContainSingle();
    }

    [Fact]
    public async Task Render_MessageWithMarkdownAndHtml_RendersFormattingButNoScript()
    {
        var maya = await App.CreateUserAsync("Maya Chen", Roles.Agent);
        var tom = await App.CreateUserAsync("Tom Okafor", Roles.Agent);
        var thread = await App.CreateGroupThreadAsync(maya, "Markdown", tom);
        await PostAsync(tom, thread, "**Refund** sent <script>alert(1)</script> [docs](javascript:alert(2))");
        SignInAs(maya);

        var view = Render<ThreadView>(p => p.Add(c => c.ThreadId, thread));

        view.WaitForAssertion(() => view.FindAll("[data-testid=message-content] strong").Should().ContainSingle(), Live);
        view.FindAll("script").Should().BeEmpty();
        view.FindAll("[data-testid=message-content] a[href^='javascript']").Should().BeEmpty();
    }

    [Fact]
    public async Task Events_MessagePostedEditedDeleted_ShowLiveWithoutReload()
    {
        var maya = await App.CreateUserAsync("Maya Chen", Roles.Agent);
        var tom = await App.CreateUserAsync("Tom Okafor", Roles.Agent);
        var thread = await App.CreateGroupThreadAsync(maya, "Live", tom);
        SignInAs(maya);
        var view = Render<ThreadView>(p => p.Add(c => c.ThreadId, thread));
        view.WaitForAssertion(() => view.Markup.Should().Contain("No messages yet"), Live);

        var posted = await PostAsync(tom, thread, "Typo in this mesage");
        view.WaitForAssertion(() => view.Find("[data-testid=message-content]").TextContent.Should().Contain("Typo in this mesage"), Live);

        await Edits.EditAsync(tom, posted.Message.Id, "Fixed this message");
        view.WaitForAssertion(() =>
        {
            view.Find("[data-testid=message-content]").TextContent.Should().Contain("Fixed this message");
            view.Markup.Should().Contain("(edited)");
        }, Live);

        await Edits.DeleteAsync(tom, posted.Message.Id);
        view.WaitForAssertion(() => view.Markup.Should().Contain("This message was deleted."), Live);
        view.Markup.Should().NotContain("Fixed this message");
    }

    [Fact]
    public async Task Render_LongThread_ShowsNewestPageAndLoadsOlderOnDemand()
    {
        var maya = await App.CreateUserAsync("Maya Chen", Roles.Agent);
        var tom = await App.CreateUserAsync("Tom Okafor", Roles.Agent);
        var thread = await App.CreateGroupThreadAsync(maya, "Long", tom);
        for (var i = 1; i <= 120; i++)
            await PostAsync(i % 2 == 0 ? maya : tom, thread, $"Message number {i}");
        SignInAs(maya);

        var view = Render<ThreadView>(p => p.Add(c => c.ThreadId, thread));

        view.WaitForAssertion(() => view.FindAll("[data-testid=message]").Should().HaveCount(50), Live);
        view.Markup.Should().Contain("Message number 120").And.NotContain("Message number 70<");
        await view.InvokeAsync(() => view.Find(".qd-older button").Click()); // found and clicked in one dispatch: a live re-render cannot come between
        view.WaitForAssertion(() => view.FindAll("[data-testid=message]").Should().HaveCount(100), Live);
        await view.InvokeAsync(() => view.Find(".qd-older button").Click()); // found and clicked in one dispatch: a live re-render cannot come between
        view.WaitForAssertion(() =>
        {
            view.FindAll("[data-testid=message]").Should().HaveCount(120);
            view.Markup.Should().Contain("This is the beginning of the conversation.");
        }, Live);
    }

    [Fact]
    public async Task Edit_OlderMessageNotLoaded_StaysOutOfTheNewestPage()
    {
        var maya = await App.CreateUserAsync("Maya Chen", Roles.Agent);
        var tom = await App.CreateUserAsync("Tom Okafor", Roles.Agent);
        var thread = await App.CreateGroupThreadAsync(maya, "Long edit", tom);
        var first = await PostAsync(tom, thread, "Message number 1");
        for (var i = 2; i <= 60; i++)
            await PostAsync(i % 2 == 0 ? maya : tom, thread, $"Message number {i}");
        SignInAs(maya);
        var view = Render<ThreadView>(p => p.Add(c => c.ThreadId, thread));
        view.WaitForAssertion(() => view.FindAll("[data-testid=message]").Should().HaveCount(50), Live);

        await Edits.EditAsync(tom, first.Message.Id, "Message number 1, edited");
        await PostAsync(tom, thread, "Message number 61");

        // Events reach the view in order: once the new message shows, the edit before it has been handled.
        view.WaitForAssertion(() => view.Markup.Should().Contain("Message number 61"), Live);
        view.FindAll("[data-testid=message]").Should().HaveCount(51, "the edited message is not on the loaded page");
        view.Markup.Should().NotContain("Message number 1, edited");
    }

    [Fact]
    public async Task OwnMessage_ReadByTheOtherParticipant_TurnsToReadLive()
    {
        var maya = await App.CreateUserAsync("Maya Chen", Roles.Agent);
        var tom = await App.CreateUserAsync("Tom Okafor", Roles.Agent);
        var thread = await App.CreateGroupThreadAsync(maya, "Receipts", tom);
        var mine = await PostAsync(maya, thread, "Did you see this?");
        SignInAs(maya);
        var view = Render<ThreadView>(p => p.Add(c => c.ThreadId, thread));
        view.WaitForAssertion(() => view.Find("[data-testid=message]").GetAttribute("data-status").Should().Be("sent"), Live);

        await ReadState.MarkAsync(tom, thread, mine.Message.Id, MessageStatus.Read);

        view.WaitForAssertion(() => view.Find("[data-testid=message]").GetAttribute("data-status").Should().Be("read"), Live);
    }

    [Fact]
    public async Task Composer_Submit_StoresTheMessageAndShowsIt()
    {
        var maya = await App.CreateUserAsync("Maya Chen", Roles.Agent);
        var thread = await App.CreateGroupThreadAsync(maya, "Send", await App.CreateUserAsync("Tom Okafor", Roles.Agent));
        SignInAs(maya);
        var view = Render<ThreadView>(p => p.Add(c => c.ThreadId, thread));
        view.WaitForAssertion(() => view.FindAll("[data-testid=composer]").Should().ContainSingle(), Live);

        var composer = view.FindComponent<Composer>();
        var taken = await view.InvokeAsync(() => composer.Instance.SubmitAsync("Hello from the composer"));

        taken.Should().BeTrue();
        view.WaitForAssertion(() =>
        {
            var message = view.Find("[data-testid=message]");
            message.TextContent.Should().Contain("Hello from the composer");
            message.GetAttribute("data-status").Should().Be("sent");
        }, Live);
        (await Messages.GetHistoryAsync(maya, thread, null, null)).Messages.Should().ContainSingle(m => m.Content == "Hello from the composer");
    }

    [Fact]
    public async Task Composer_OverTheLimit_ShowsErrorAndSendsNothing()
    {
        var maya = await App.CreateUserAsync("Maya Chen", Roles.Agent);
        var thread = await App.CreateGroupThreadAsync(maya, "Too long", await App.CreateUserAsync("Tom Okafor", Roles.Agent));
        SignInAs(maya);
        var view = Render<ThreadView>(p => p.Add(c => c.ThreadId, thread));
        view.WaitForAssertion(() => view.FindAll("[data-testid=composer]").Should().ContainSingle(), Live);

        var composer = view.FindComponent<Composer>();
        var taken = await view.InvokeAsync(() => composer.Instance.SubmitAsync(new string('x', Messages.MaxMessageLength + 1)));

        taken.Should().BeFalse("the text stays in the box for the agent to shorten");
        view.WaitForAssertion(() => view.Find("[data-testid=composer-error]").TextContent.Should().Contain("the limit is 16,000"), Live);
        (await Messages.GetHistoryAsync(maya, thread, null, null)).Messages.Should().BeEmpty();
    }

    [Fact]
    public async Task Render_DatabaseFails_ShowsErrorWithTryAgainThatRecovers()
    {
        var maya = await App.CreateUserAsync("Maya Chen", Roles.Agent);
        var tom = await App.CreateUserAsync("Tom Okafor", Roles.Agent);
        var thread = await App.CreateGroupThreadAsync(maya, "Refund for order 1042", tom);
        await PostAsync(tom, thread, "Where is my refund?");
        SignInAs(maya);
        await App.QueryAsync(db => db.Database.ExecuteSqlRawAsync("ALTER TABLE Threads RENAME TO ThreadsAway"));

        var view = Render<ThreadView>(p => p.Add(c => c.ThreadId, thread));

        view.WaitForAssertion(() => view.Find("[data-testid=thread-error]").TextContent.Should().Contain("Could not load this conversation"), Live);
        view.FindAll("[data-testid=composer]").Should().BeEmpty("nothing can be sent into a thread that did not load");
        await App.QueryAsync(db => db.Database.ExecuteSqlRawAsync("ALTER TABLE ThreadsAway RENAME TO Threads"));
        await view.InvokeAsync(() => view.Find("[data-testid=thread-retry]").Click()); // found and clicked in one dispatch: a live re-render cannot come between
        view.WaitForAssertion(() => view.Find("[data-testid=message-content]").TextContent.Should().Contain("Where is my refund?"), Live);
        view.FindAll("[data-testid=thread-error]").Should().BeEmpty();
    }

    [Fact]
    public async Task LoadOlder_DatabaseFails_ShowsErrorKeepsLoadedMessagesAndRetryLoadsThem()
    {
        var maya = await App.CreateUserAsync("Maya Chen", Roles.Agent);
        var tom = await App.CreateUserAsync("Tom Okafor", Roles.Agent);
        var thread = await App.CreateGroupThreadAsync(maya, "Long history", tom);
        for (var i = 1; i <= 60; i++)
            await PostAsync(maya, thread, $"History line {i}"); // her own, so nothing unread pulls older pages in at opening
        SignInAs(maya);
        var view = Render<ThreadView>(p => p.Add(c => c.ThreadId, thread));
        view.WaitForAssertion(() => view.FindAll("[data-testid=message-content]").Should().HaveCount(50), Live);
        await App.QueryAsync(db => db.Database.ExecuteSqlRawAsync("ALTER TABLE Messages RENAME TO MessagesAway"));

        await view.InvokeAsync(() => view.Find(".qd-older button").Click()); // found and clicked in one dispatch: a live re-render cannot come between
        view.WaitForAssertion(() => view.Find("[data-testid=older-error]").TextContent.Should().Contain("Could not load older messages"), Live);
        view.FindAll("[data-testid=message-content]").Should().HaveCount(50, "what was loaded stays on screen");
        await App.QueryAsync(db => db.Database.ExecuteSqlRawAsync("ALTER TABLE MessagesAway RENAME TO Messages"));
        await view.InvokeAsync(() => view.Find(".qd-older button").Click()); // found and clicked in one dispatch: a live re-render cannot come between
        view.WaitForAssertion(() => view.FindAll("[data-testid=message-content]").Should().HaveCount(60), Live);
        view.FindAll("[data-testid=older-error]").Should().BeEmpty();
        view.Markup.Should().Contain("History line 1<");
    }
}
