using System.Collections.Concurrent;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using QanDu.Dashboard.Data.Entities;
using QanDu.Dashboard.Features.Access;
using QanDu.Dashboard.Features.Assistant;
using QanDu.Dashboard.Features.Messages;
using QanDu.Dashboard.Features.Search;
using QanDu.Dashboard.Realtime;

namespace QanDu.Dashboard.Tests.Features.Assistant;

/// <summary>Replies in AI threads: streamed into one message, coalesced, stopped, failed and retried in place.</summary>
public sealed class AssistantServiceTests(AssistantFixture fixture) : IClassFixture<AssistantFixture>
{
    private static readonly TimeSpan Fast = TimeSpan.FromMilliseconds(10);

    private MessageService Messages => fixture.App.Messages;
    private AssistantService Assistant => fixture.App.Services.GetRequiredService<AssistantService>();

    private IChatEvents Events => fixture.App.Services.GetRequiredService<IChatEvents>();

    [Fact]
    public async Task Reply_QuestionInAiThread_GrowsInOneMessageThenStoredAsSent()
    {
        var (agent, threadId) = await fixture.AiThreadAsync("Streaming basics");
        var words = string.Join(' ', Enumerable.Range(1, 60).Select(i => $"grow{i}"));
        fixture.Client.Reply = q => q.Contains("basics") ? ScriptedReply.Words(words, Fast) : ScriptedReply.Words("other", Fast);
        var partials = new ConcurrentQueue<MessageSnapshot>();
        using var subscription = Events.Subscribe(threadId, e =>
        {
            if (e is MessageUpdated { Message: { SenderType: SenderType.Ai, Status: MessageStatus.Sending } m } && m.Content.Length > 0)
                partials.Enqueue(m);
            return Task.CompletedTask;
        });

        await Messages.PostAsync(agent, new PostMessageRequest(threadId, "Explain the basics please"));
        var reply = await fixture.WaitForAiAsync(threadId, m => m.Status == MessageStatus.Sent);

        reply.Content.Should().Be(words);
        reply.SenderName.Should().Be("QanDu Assistant");
        reply.Metadata!.Ai.Should().BeEquivalentTo(new { Model = ScriptedChatClient.Model, Outcome = (string?)null });
        var lengths = partials.Select(p => p.Content.Length).Distinct().ToList();
        lengths.Should().HaveCountGreaterThan(1, "open threads see the reply grow");
        lengths.Count.Should().BeLessThan(60, "updates are coalesced, not one per token");
        partials.Should().OnlyContain(p => p.Id == reply.Id, "the reply grows in one message");
        (await MessageCountAsync(threadId)).Should().Be(2, "the question and one reply");
    }

    [Fact]
    public async Task StopAsync_WhileStreaming_KeepsPartialTextMarkedStopped()
    {
        var (agent, threadId) = await fixture.AiThreadAsync("Stop me");
        fixture.Client.Reply = _ => ScriptedReply.Numbered(1000, TimeSpan.FromMilliseconds(20));

        await Messages.PostAsync(agent, new PostMessageRequest(threadId, "Write a long answer"));
        var streaming = await fixture.WaitForAiAsync(threadId, m => m.Status == MessageStatus.Sending);
        await WaitForUpdateAsync(threadId, m => m.Content.Split(' ').Length >= 5);
        await Assistant.StopAsync(agent, streaming.Id);
        var stopped = await fixture.WaitForAiAsync(threadId, m => m.Status != MessageStatus.Sending);

        stopped.Id.Should().Be(streaming.Id);
        stopped.Status.Should().Be(MessageStatus.Sent);
        stopped.Metadata!.Ai!.Outcome.Should().Be("stopped");
        stopped.Content.Should().StartWith("w1 w2 w3 w4 w5").And.NotContain("w1000", "it stopped part-way");
    }

    [Fact]
    public async Task Reply_ProviderFailsMidStream_FailedWithPartialTextAndReason()
    {
        var (agent, threadId) = await fixture.AiThreadAsync("Failing provider");
        fixture.Client.Reply = _ => ScriptedReply.Numbered(30, Fast, failAfter: 8);

        await Messages.PostAsync(agent, new PostMessageRequest(threadId, "Will this work?"));
        var failed = await fixture.WaitForAiAsync(threadId, m => m.Status == MessageStatus.Failed);

        failed.Content.Should().Be("w1 w2 w3 w4 w5 w6 w7 w8");
        failed.Metadata!.Ai!.Outcome.Should().Be("failed");
        failed.Metadata.Ai.Error.Should().Contain("could not be reached").And.Contain("connection reset");
    }

    [Fact]
    public async Task RetryAsync_FailedReply_RegeneratesIntoSameMessage()
    {
        var (agent, threadId) = await fixture.AiThreadAsync("Retry in place");
        fixture.Client.Reply = _ => ScriptedReply.Numbered(20, Fast, failAfter: 3);
        await Messages.PostAsync(agent, new PostMessageRequest(threadId, "First try"));
        var failed = await fixture.WaitForAiAsync(threadId, m => m.Status == MessageStatus.Failed);

        fixture.Client.Reply = _ => ScriptedReply.Words("The second attempt worked.", Fast);
        await Assistant.RetryAsync(agent, failed.Id);
        var retried = await fixture.WaitForAiAsync(threadId, m => m.Status == MessageStatus.Sent);

        retried.Id.Should().Be(failed.Id, "a retry replaces the failed reply");
        retried.Content.Should().Be("The second attempt worked.");
        retried.Metadata!.Ai!.Outcome.Should().BeNull();
        (await MessageCountAsync(threadId)).Should().Be(2, "never a second reply");
        await FluentActions.Awaiting(() => Assistant.RetryAsync(agent, failed.Id))
            .Should().ThrowAsync<ChatValidationException>("only a failed reply can be retried");
    }

    [Fact]
    public async Task Reply_TwoThreadsAtOnce_BothStreamConcurrently()
    {
        var (first, firstThread) = await fixture.AiThreadAsync("Parallel one");
        var (second, secondThread) = await fixture.AiThreadAsync("Parallel two");
        fixture.Client.Reply = q => ScriptedReply.Words(string.Join(' ', Enumerable.Repeat(q, 40)), TimeSpan.FromMilliseconds(25));
        var growing = new ConcurrentDictionary<long, bool>();
        var bothGrowingTogether = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        using var subscription = Events.Subscribe(null, e =>
        {
            if (e is MessageUpdated { Message: { SenderType: SenderType.Ai } m })
            {
                growing[m.ThreadId] = m.Status == MessageStatus.Sending;
                if (growing.GetValueOrDefault(firstThread) && growing.GetValueOrDefault(secondThread))
                    bothGrowingTogether.TrySetResult();
            }
            return Task.CompletedTask;
        });

        await Task.WhenAll(
            Messages.PostAsync(first, new PostMessageRequest(firstThread, "alpha")),
            Messages.PostAsync(second, new PostMessageRequest(secondThread, "beta")));

        await bothGrowingTogether.Task.WaitAsync(TimeSpan.FromSeconds(20));
        (await fixture.WaitForAiAsync(firstThread, m => m.Status == MessageStatus.Sent)).Content.Should().StartWith("alpha alpha").And.NotContain("beta");
        (await fixture.WaitForAiAsync(secondThread, m => m.Status == MessageStatus.Sent)).Content.Should().StartWith("beta beta").And.NotContain("alpha");
    }

    [Fact]
    public async Task Reply_UserOutsideThread_NeverSeesItNorControlsIt()
    {
        var (agent, threadId) = await fixture.AiThreadAsync("Private question");
        var outsider = await fixture.App.CreateUserAsync("Outsider", Roles.Agent);
        fixture.Client.Reply = _ => ScriptedReply.Words("zebracorn confidential answer", Fast);

        await Messages.PostAsync(agent, new PostMessageRequest(threadId, "Something private"));
        var reply = await fixture.WaitForAiAsync(threadId, m => m.Status == MessageStatus.Sent && m.Content.Contains("zebracorn"));

        fixture.Client.Requests.Should().Contain(r => r != null && r.ThreadId == threadId && r.Requester.UserId == agent.UserId,
            "the client is told who asks, to search only what they may see");
        await FluentActions.Awaiting(() => Messages.GetMessageAsync(outsider, reply.Id)).Should().ThrowAsync<ChatNotFoundException>();
        await FluentActions.Awaiting(() => Assistant.RetryAsync(outsider, reply.Id)).Should().ThrowAsync<ChatNotFoundException>();
        var search = fixture.App.Services.GetRequiredService<SearchService>();
        (await search.SearchAsync(outsider, "zebracorn")).Hits.Should().BeEmpty();
        (await search.SearchAsync(agent, "zebracorn")).Hits.Should().ContainSingle(h => h.MessageId == reply.Id);
    }

    [Fact]
    public async Task Reply_PostInGroupThread_AssistantStaysOut()
    {
        var agent = await fixture.App.CreateUserAsync("Group agent", Roles.Agent);
        var colleague = await fixture.App.CreateUserAsync("Group colleague", Roles.Agent);
        var threadId = await fixture.App.CreateGroupThreadAsync(agent, "Team chat", colleague);
        var (aiAgent, aiThread) = await fixture.AiThreadAsync("Control thread");
        fixture.Client.Reply = _ => ScriptedReply.Words("answer", Fast);

        await Messages.PostAsync(agent, new PostMessageRequest(threadId, "Hello team"));
        await Messages.PostAsync(aiAgent, new PostMessageRequest(aiThread, "Hello assistant"));
        await fixture.WaitForAiAsync(aiThread, m => m.Status == MessageStatus.Sent);

        (await fixture.App.QueryAsync(db => db.Messages.CountAsync(m => m.ThreadId == threadId && m.SenderType == SenderType.Ai)))
            .Should().Be(0, "the assistant answers in AI threads only");
    }

    private Task<int> MessageCountAsync(long threadId) => fixture.App.QueryAsync(db => db.Messages.CountAsync(m => m.ThreadId == threadId));

    private async Task WaitForUpdateAsync(long threadId, Func<MessageSnapshot, bool> condition)
    {
        var seen = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        using var subscription = Events.Subscribe(threadId, e =>
        {
            if (e is MessageUpdated { Message: { SenderType: SenderType.Ai } m } && condition(m))
                seen.TrySetResult();
            return Task.CompletedTask;
        });
        await seen.Task.WaitAsync(TimeSpan.FromSeconds(20));
    }
}
