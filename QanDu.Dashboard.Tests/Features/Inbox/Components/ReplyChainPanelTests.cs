using Bunit;
using QanDu.Dashboard.Features.Access;
using QanDu.Dashboard.Features.Inbox.Components;
using QanDu.Dashboard.Features.Messages;
using QanDu.Dashboard.Tests.Infrastructure;

namespace QanDu.Dashboard.Tests.Features.Inbox.Components;

public sealed class ReplyChainPanelTests : ComponentTestContext
{
    private static readonly TimeSpan Live = TimeSpan.FromSeconds(10);

    [Fact]
    public async Task Render_ManyReplies_OriginalThenEveryReplyInOrder()
    {
        var (maya, tom, thread) = await ThreadAsync();
        var original = await PostAsync(tom, thread, "Which **plan** should I pick?");
        for (var i = 1; i <= 30; i++)
        {
            await ReplyAsync(i % 2 == 0 ? tom : maya, thread, $"Answer {i}", original.Message.Id);
            await PostAsync(tom, thread, $"Chatter {i}");
        }
        SignInAs(maya);
        long? jumped = null;

        var panel = Render<ReplyChainPanel>(p => p.Add(c => c.ThreadId, thread).Add(c => c.MessageId, original.Message.Id)
            .Add(c => c.OnJump, id => jumped = id));

        panel.WaitForAssertion(() => panel.FindAll("[data-testid=reply-panel-reply]").Should().HaveCount(30), Live);
        panel.Find("[data-testid=reply-panel-original] strong").TextContent.Should().Be("plan");
        panel.Find("[data-testid=reply-panel-count]").TextContent.Trim().Should().Be("30 replies");
        panel.FindAll("[data-testid=reply-panel-reply]").Select(r => r.QuerySelector(".qd-markdown")!.TextContent.Trim())
            .Should().Equal(Enumerable.Range(1, 30).Select(i => $"Answer {i}"));
        panel.Markup.Should().NotContain("Chatter");
        panel.FindAll("[data-testid=reply-panel-more]").Should().BeEmpty();

        await panel.InvokeAsync(() => panel.FindAll("[data-testid=reply-panel-reply]")[29].Click());
        jumped.Should().Be(long.Parse(panel.FindAll("[data-testid=reply-panel-reply]")[29].GetAttribute("data-message-id")!));
    }

    [Fact]
    public async Task Render_EveryReplyDeleted_ShowsNoReplies()
    {
        var (maya, tom, thread) = await ThreadAsync();
        var original = await PostAsync(tom, thread, "Anyone?");
        var reply = await ReplyAsync(maya, thread, "Me", original.Message.Id);
        await Edits.DeleteAsync(maya, reply.Id);
        SignInAs(maya);

        var panel = Render<ReplyChainPanel>(p => p.Add(c => c.ThreadId, thread).Add(c => c.MessageId, original.Message.Id));

        panel.WaitForAssertion(() => panel.FindAll("[data-testid=reply-panel-empty]").Should().ContainSingle(), Live);
        panel.Find("[data-testid=reply-panel-count]").TextContent.Trim().Should().Be("No replies");
        panel.Markup.Should().Contain("Anyone?");
    }

    [Fact]
    public async Task Render_MessageTheReaderCannotSee_ShowsErrorWithoutContent()
    {
        var (_, tom, thread) = await ThreadAsync();
        var original = await PostAsync(tom, thread, "Internal escalation notes");
        SignInAs(await App.CreateUserAsync("Lin Park", Roles.Agent));

        var panel = Render<ReplyChainPanel>(p => p.Add(c => c.ThreadId, thread).Add(c => c.MessageId, original.Message.Id));

        panel.WaitForAssertion(() => panel.Find("[data-testid=reply-panel-error]").TextContent.Should().Contain("no longer in the conversation"), Live);
        panel.Markup.Should().NotContain("Internal escalation notes");
    }

    [Fact]
    public async Task NewReply_AppearsLiveAndEscCloses()
    {
        var (maya, tom, thread) = await ThreadAsync();
        var original = await PostAsync(tom, thread, "Ping");
        SignInAs(maya);
        var closed = false;
        var panel = Render<ReplyChainPanel>(p => p.Add(c => c.ThreadId, thread).Add(c => c.MessageId, original.Message.Id)
            .Add(c => c.OnClose, () => closed = true));
        panel.WaitForAssertion(() => panel.FindAll("[data-testid=reply-panel-empty]").Should().ContainSingle(), Live);

        await ReplyAsync(tom, thread, "Pong", original.Message.Id);

        panel.WaitForAssertion(() =>
        {
            panel.Find("[data-testid=reply-panel-reply]").TextContent.Should().Contain("Pong").And.Contain("Tom Okafor");
            panel.Find("[data-testid=reply-panel-count]").TextContent.Trim().Should().Be("1 reply");
        }, Live);
        await panel.InvokeAsync(() => panel.Find("[data-testid=reply-panel]").KeyDown(new Microsoft.AspNetCore.Components.Web.KeyboardEventArgs { Key = "Escape" }));
        closed.Should().BeTrue();
    }

    private async Task<MessageView> ReplyAsync(ChatCaller sender, long thread, string text, long replyTo) =>
        (await Messages.PostAsync(sender, new PostMessageRequest(thread, text, Guid.NewGuid().ToString("N"), replyTo))).Message;

    private async Task<(ChatCaller Maya, ChatCaller Tom, long Thread)> ThreadAsync()
    {
        var maya = await App.CreateUserAsync("Maya Chen", Roles.Agent);
        var tom = await App.CreateUserAsync("Tom Okafor", Roles.Agent);
        return (maya, tom, await App.CreateGroupThreadAsync(maya, "Chain", tom));
    }
}
