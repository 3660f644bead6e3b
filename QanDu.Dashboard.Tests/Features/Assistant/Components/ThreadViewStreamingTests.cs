using Bunit;
using Microsoft.Extensions.AI;
using Microsoft.Extensions.DependencyInjection;
using QanDu.Dashboard.Data.Entities;
using QanDu.Dashboard.Features.Access;
using QanDu.Dashboard.Features.Assistant;
using QanDu.Dashboard.Features.Inbox.Components;
using QanDu.Dashboard.Features.Threads;
using QanDu.Dashboard.Tests.Infrastructure;
using Xunit.Abstractions;

namespace QanDu.Dashboard.Tests.Features.Assistant.Components;

/// <summary>An AI reply streaming into an open thread: coalesced renders, Stop and Retry from the message.</summary>
public sealed class ThreadViewStreamingTests : ComponentTestContext
{
    private static readonly TimeSpan Live = TimeSpan.FromSeconds(10);
    private readonly ScriptedChatClient _client;
    private readonly ITestOutputHelper _output;

    public ThreadViewStreamingTests(ITestOutputHelper output) : this(new ScriptedChatClient(), output)
    {
    }

    private ThreadViewStreamingTests(ScriptedChatClient client, ITestOutputHelper output)
        : base(new DashboardFactory { TestServices = services => services.AddSingleton<IChatClient>(client) })
    {
        _client = client;
        _output = output;
    }

    [Fact]
    public async Task Stream_TwoThousandTokens_FarFewerRendersOfTheMessageThanTokens()
    {
        var (maya, threadId) = await AiThreadAsync();
        _client.Reply = _ => ScriptedReply.Numbered(2000, TimeSpan.FromMilliseconds(1));
        var assistant = App.Services.GetRequiredService<AssistantService>();
        var flushesBefore = assistant.FlushCount;
        var view = Render<ThreadView>(p => p.Add(c => c.ThreadId, threadId));
        view.WaitForAssertion(() => view.Markup.Should().Contain("No messages yet"), Live);

        var streaming = System.Diagnostics.Stopwatch.StartNew();
        await PostAsync(maya, threadId, "Stream a long answer");
        view.WaitForAssertion(() => AiItem(view).Should().NotBeNull(), Live);
        var item = AiItem(view)!;
        // The status and the last words can land in separate renders on a busy machine: wait for what the reader sees.
        view.WaitForAssertion(() =>
        {
            item.Instance.Message.Status.Should().Be(MessageStatus.Sent);
            item.Find("[data-testid=message-content]").TextContent.Should().Contain("w2000");
        }, TimeSpan.FromSeconds(60));
        var seconds = streaming.Elapsed.TotalSeconds;

        item.Find("[data-testid=message-content]").TextContent.Should().Contain("w1 w2 w3").And.Contain("w2000");
        var renders = item.RenderCount;
        var flushes = assistant.FlushCount - flushesBefore;
        _output.WriteLine($"2000 tokens in {seconds:F1} s: {flushes} coalesced updates, {renders} renders of the streaming message " +
                          $"({renders / seconds:F1} per second)");
        // 1 ms per token is 2 s of streaming on an idle machine (about 30 renders); a busy one stretches the stream, and
        // the coalescing keeps to about 13 updates a second however long it takes.
        renders.Should().BeLessThan(400, "far fewer renders than tokens: updates are coalesced, not one render per token");
        renders.Should().BeLessThanOrEqualTo((int)(20 * seconds) + 5, "at most about 20 renders a second of streaming");
        flushes.Should().BeLessThanOrEqualTo((long)(20 * seconds) + 5);
        var question = view.FindComponents<MessageItem>().Single(c => c.Instance.Message.SenderType == SenderType.User);
        question.RenderCount.Should().BeLessThan(renders, "only the streaming message re-renders on each update");
    }

    [Fact]
    public async Task StopButton_Participant_KeepsPartialTextMarkedStopped()
    {
        var (maya, threadId) = await AiThreadAsync();
        _client.Reply = _ => ScriptedReply.Numbered(3000, TimeSpan.FromMilliseconds(10));
        var view = Render<ThreadView>(p => p.Add(c => c.ThreadId, threadId));
        view.WaitForAssertion(() => view.Markup.Should().Contain("No messages yet"), Live);

        await PostAsync(maya, threadId, "Write a lot");
        view.WaitForAssertion(() => view.Find("[data-testid=ai-stop]"), Live);
        view.WaitForAssertion(() => AiItem(view)!.Find("[data-testid=message-content]").TextContent.Should().Contain("w3"), Live);
        await view.ClickWhenShownAsync("[data-testid=ai-stop]");

        view.WaitForAssertion(() => view.Find("[data-testid=ai-stopped]"), Live);
        var content = AiItem(view)!.Find("[data-testid=message-content]").TextContent;
        content.Should().Contain("w1 w2 w3").And.NotContain("w3000");
        view.FindAll("[data-testid=ai-stop]").Should().BeEmpty();
        view.Find("[data-testid=ai-chip]").TextContent.Should().Contain("AI");
    }

    [Fact]
    public async Task RetryButton_FailedReply_RegeneratesInTheSameMessage()
    {
        var (maya, threadId) = await AiThreadAsync();
        _client.Reply = _ => ScriptedReply.Numbered(20, TimeSpan.FromMilliseconds(5), failAfter: 4);
        var view = Render<ThreadView>(p => p.Add(c => c.ThreadId, threadId));
        view.WaitForAssertion(() => view.Markup.Should().Contain("No messages yet"), Live);

        await PostAsync(maya, threadId, "Try this");
        view.WaitForAssertion(() => view.Find("[data-testid=ai-error]").TextContent.Should().Contain("could not be reached"), Live);
        AiItem(view)!.Find("[data-testid=message-content]").TextContent.Should().Contain("w4").And.NotContain("w5");
        _client.Reply = _ => ScriptedReply.Words("Recovered answer.", TimeSpan.FromMilliseconds(5));
        await view.ClickWhenShownAsync("[data-testid=ai-retry]");

        view.WaitForAssertion(() => AiItem(view)!.Instance.Message.Should().BeEquivalentTo(
            new { Content = "Recovered answer.", Status = MessageStatus.Sent }), Live);
        view.FindComponents<MessageItem>().Should().HaveCount(2, "the question and the one reply, never a second reply");
        view.FindAll("[data-testid=ai-error]").Should().BeEmpty();
    }

    private async Task<(ChatCaller Maya, long ThreadId)> AiThreadAsync()
    {
        var maya = await App.CreateUserAsync("Maya Chen", Roles.Agent);
        var thread = await Threads.CreateThreadAsync(maya, new CreateThreadRequest(ThreadType.Ai, "Ask", []));
        SignInAs(maya);
        return (maya, thread.Id);
    }

    private static IRenderedComponent<MessageItem>? AiItem(IRenderedComponent<ThreadView> view) =>
        view.FindComponents<MessageItem>().SingleOrDefault(c => c.Instance.Message.SenderType == SenderType.Ai);
}
