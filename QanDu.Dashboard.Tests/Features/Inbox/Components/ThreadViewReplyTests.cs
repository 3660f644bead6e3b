using Bunit;
using Microsoft.EntityFrameworkCore;
using QanDu.Dashboard.Features.Access;
using QanDu.Dashboard.Features.Inbox.Components;
using QanDu.Dashboard.Features.Messages;
using QanDu.Dashboard.Tests.Infrastructure;

namespace QanDu.Dashboard.Tests.Features.Inbox.Components;

public sealed class ThreadViewReplyTests : ComponentTestContext
{
    private static readonly TimeSpan Live = TimeSpan.FromSeconds(10);

    [Fact]
    public async Task Reply_FromHoverMenuThenSend_ComposerQuotesAndTheReplyShowsTheQuote()
    {
        var (maya, tom, thread) = await ThreadAsync();
        var question = await PostAsync(tom, thread, "**Where** is my `order`?");
        SignInAs(maya);
        var view = Render<ThreadView>(p => p.Add(c => c.ThreadId, thread));
        view.WaitForAssertion(() => view.FindAll("[data-testid=reply-message]").Should().ContainSingle(), Live);
        view.FindAll("[data-testid=composer-reply]").Should().BeEmpty();

        await view.InvokeAsync(() => view.Find("[data-testid=reply-message]").Click()); // found and clicked in one dispatch: a live re-render cannot come between
        view.Find("[data-testid=composer-reply]").TextContent.Should().Contain("Replying to Tom Okafor: Where is my order?");
        var taken = await view.InvokeAsync(() => view.FindComponent<Composer>().Instance.SubmitAsync("On its way"));
        taken.Should().BeTrue();
        view.WaitForAssertion(() =>
        {
            var reply = view.FindAll("[data-testid=message]").Single(m => m.TextContent.Contains("On its way"));
            reply.GetAttribute("data-status").Should().Be("sent");
            var quote = reply.QuerySelector("[data-testid=reply-quote]")!;
            quote.TextContent.Should().Contain("Tom Okafor").And.Contain("Where is my order?");
            quote.GetAttribute("data-reply-to").Should().Be(question.Message.Id.ToString());
            view.FindAll("[data-testid=composer-reply]").Should().BeEmpty("the quote goes with the sent reply");
            view.Find("[data-testid=replies-link]").TextContent.Should().Contain("1 reply");
        }, Live);
        var stored = await App.QueryAsync(db => db.Messages.SingleAsync(m => m.ThreadId == thread && m.Content == "On its way"));
        stored.ReplyToId.Should().Be(question.Message.Id);
    }

    [Fact]
    public async Task Reply_CancelWithButtonEscOrShiftUp_QuoteFollowsAndPlainMessageIsNoReply()
    {
        var (maya, tom, thread) = await ThreadAsync();
        await PostAsync(tom, thread, "First question");
        await PostAsync(tom, thread, "Second question");
        SignInAs(maya);
        var view = Render<ThreadView>(p => p.Add(c => c.ThreadId, thread));
        view.WaitForAssertion(() => view.FindAll("[data-testid=reply-message]").Should().HaveCount(2), Live);
        var composer = view.FindComponent<Composer>();

        await view.InvokeAsync(() => view.FindAll("[data-testid=reply-message]")[0].Click());
        view.Find("[data-testid=composer-reply]").TextContent.Should().Contain("First question");
        await view.InvokeAsync(() => view.Find("[data-testid=cancel-reply]").Click()); // found and clicked in one dispatch: a live re-render cannot come between
        view.FindAll("[data-testid=composer-reply]").Should().BeEmpty();

        await view.InvokeAsync(() => composer.Instance.ReplyLastAsync()); // Shift+Up
        view.WaitForAssertion(() => view.Find("[data-testid=composer-reply]").TextContent.Should().Contain("Second question"), Live);
        await view.InvokeAsync(() => composer.Instance.CancelReplyAsync()); // Esc
        view.WaitForAssertion(() => view.FindAll("[data-testid=composer-reply]").Should().BeEmpty(), Live);

        await view.InvokeAsync(() => composer.Instance.SubmitAsync("Not a reply"));
        view.WaitForAssertion(() => view.FindAll("[data-testid=message]").Should().HaveCount(3)
            .And.Contain(m => m.TextContent.Contains("Not a reply") && m.GetAttribute("data-status") == "sent"), Live);
        view.FindAll("[data-testid=reply-quote]").Should().BeEmpty();
        (await App.QueryAsync(db => db.Messages.SingleAsync(m => m.Content == "Not a reply"))).ReplyToId.Should().BeNull();
    }

    [Fact]
    public async Task ReplyCount_OthersReplyAndDelete_UpdatesLive()
    {
        var (maya, tom, thread) = await ThreadAsync();
        var original = await PostAsync(maya, thread, "Who takes the refund case?");
        SignInAs(maya);
        var view = Render<ThreadView>(p => p.Add(c => c.ThreadId, thread));
        view.WaitForAssertion(() => view.FindAll("[data-testid=message]").Should().ContainSingle(), Live);
        view.FindAll("[data-testid=replies-link]").Should().BeEmpty();

        var first = await ReplyAsync(tom, thread, "I do", original.Message.Id);
        view.WaitForAssertion(() => view.Find("[data-testid=replies-link]").TextContent.Trim().Should().Be("1 reply"), Live);
        await ReplyAsync(tom, thread, "Unless you want it", original.Message.Id);
        view.WaitForAssertion(() => view.Find("[data-testid=replies-link]").TextContent.Trim().Should().Be("2 replies"), Live);
        await Edits.DeleteAsync(tom, first.Id);
        view.WaitForAssertion(() => view.Find("[data-testid=replies-link]").TextContent.Trim().Should().Be("1 reply"), Live);
    }

    [Fact]
    public async Task Quote_OriginalDeleted_ShowsOriginalMessageDeletedLive()
    {
        var (maya, tom, thread) = await ThreadAsync();
        var original = await PostAsync(tom, thread, "Card 4242 4242 4242 4242");
        await ReplyAsync(maya, thread, "Please remove that", original.Message.Id);
        SignInAs(maya);
        var view = Render<ThreadView>(p => p.Add(c => c.ThreadId, thread));
        view.WaitForAssertion(() => view.Find("[data-testid=reply-quote]").TextContent.Should().Contain("Card 4242"), Live);

        await Edits.DeleteAsync(tom, original.Message.Id);

        view.WaitForAssertion(() =>
        {
            view.Find("[data-testid=reply-quote]").TextContent.Trim().Should().Be("Original message deleted");
            view.Markup.Should().NotContain("Card 4242");
        }, Live);
    }

    [Fact]
    public async Task Quote_OriginalOlderThanLoadedPages_LoadsBackToItButNotBeyondAndReveals()
    {
        var (maya, tom, thread) = await ThreadAsync();
        var ids = new List<long>();
        for (var i = 1; i <= 300; i++)
            ids.Add((await PostAsync(i % 2 == 0 ? maya : tom, thread, $"History {i}")).Message.Id);
        var target = ids[59]; // 241 messages from the end: beyond the first page, within the next 200
        await ReplyAsync(maya, thread, "About that old one", target);
        SignInAs(maya);
        var view = Render<ThreadView>(p => p.Add(c => c.ThreadId, thread));
        view.WaitForAssertion(() => view.FindAll("[data-testid=message]").Should().HaveCount(50), Live);
        view.FindAll($"#message-{target}").Should().BeEmpty();

        await view.InvokeAsync(() => view.Find("[data-testid=reply-quote]").Click()); // found and clicked in one dispatch: a live re-render cannot come between
        view.WaitForAssertion(() => view.FindAll($"#message-{target}").Should().ContainSingle(), Live);
        view.FindAll("[data-testid=message]").Should().HaveCount(250, "history loads back to the original, not the whole thread");
        view.FindAll(".qd-older button").Should().ContainSingle("paging further back still works");
        view.WaitForAssertion(() => JSInterop.Invocations["qandu.messages.reveal"].Should()
            .Contain(i => Equals(i.Arguments[1], target)), Live);
    }

    [Fact]
    public async Task JumpTo_SearchLinkToOldMessage_OpensThreadAtIt()
    {
        var (maya, tom, thread) = await ThreadAsync();
        var first = await PostAsync(tom, thread, "The very first message");
        for (var i = 1; i <= 80; i++)
            await PostAsync(maya, thread, $"Later {i}");
        SignInAs(maya);

        var view = Render<ThreadView>(p => p.Add(c => c.ThreadId, thread).Add(c => c.JumpTo, first.Message.Id));

        view.WaitForAssertion(() => view.FindAll($"#message-{first.Message.Id}").Should().ContainSingle(), Live);
        view.WaitForAssertion(() => JSInterop.Invocations["qandu.messages.reveal"].Should()
            .Contain(i => Equals(i.Arguments[1], first.Message.Id)), Live);
    }

    [Fact]
    public async Task RepliesLink_OpensChainAndChoosingAReplyRevealsIt()
    {
        var (maya, tom, thread) = await ThreadAsync();
        var original = await PostAsync(tom, thread, "Status of the outage?");
        var reply = await ReplyAsync(maya, thread, "Fixed at 10:40", original.Message.Id);
        SignInAs(maya);
        var view = Render<ThreadView>(p => p.Add(c => c.ThreadId, thread));
        view.WaitForAssertion(() => view.FindAll("[data-testid=replies-link]").Should().ContainSingle(), Live);

        await view.InvokeAsync(() => view.Find("[data-testid=replies-link]").Click()); // found and clicked in one dispatch: a live re-render cannot come between
        view.WaitForAssertion(() => view.FindAll("[data-testid=reply-panel-reply]").Should().ContainSingle(), Live);
        await view.InvokeAsync(() => view.Find("[data-testid=reply-panel-reply]").Click()); // found and clicked in one dispatch: a live re-render cannot come between
        view.WaitForAssertion(() => JSInterop.Invocations["qandu.messages.reveal"].Should()
            .Contain(i => Equals(i.Arguments[1], reply.Id)), Live);
        await view.InvokeAsync(() => view.Find("[data-testid=reply-panel-close]").Click()); // found and clicked in one dispatch: a live re-render cannot come between
        view.FindAll("[data-testid=reply-panel]").Should().BeEmpty();
    }

    private async Task<MessageView> ReplyAsync(ChatCaller sender, long thread, string text, long replyTo) =>
        (await Messages.PostAsync(sender, new PostMessageRequest(thread, text, Guid.NewGuid().ToString("N"), replyTo))).Message;

    private async Task<(ChatCaller Maya, ChatCaller Tom, long Thread)> ThreadAsync()
    {
        var maya = await App.CreateUserAsync("Maya Chen", Roles.Agent);
        var tom = await App.CreateUserAsync("Tom Okafor", Roles.Agent);
        return (maya, tom, await App.CreateGroupThreadAsync(maya, "Replies", tom));
    }
}
