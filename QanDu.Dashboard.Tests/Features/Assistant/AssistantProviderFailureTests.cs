using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using QanDu.Dashboard.Data.Entities;
using QanDu.Dashboard.Features.Assistant;
using QanDu.Dashboard.Features.Messages;
using QanDu.Dashboard.Realtime;
using QanDu.Dashboard.Tests.Features.Assistant.Providers;
using QanDu.Dashboard.Tests.Infrastructure;

namespace QanDu.Dashboard.Tests.Features.Assistant;

/// <summary>
/// How the assistant's replies fail through the real providers (Azure OpenAI and OpenAI-compatible, by the app's own
/// registration) against the wire-format server: each failure is visible on the AI message, with a reason to act on.
/// </summary>
public sealed class AssistantProviderFailureTests(ProviderAppFixture fixture) : IClassFixture<ProviderAppFixture>
{
    private FakeOpenAiServer Server => fixture.Server;

    [Theory]
    [InlineData("OpenAI")]
    [InlineData("AzureOpenAI")]
    public async Task Reply_ProviderUnreachable_FailedNamingTheEndpointSetting(string provider)
    {
        await using var app = ProviderAppFixture.Create(provider, AiTestSettings.ClosedPortRoot());
        var (agent, threadId) = await ProviderAppFixture.AiThreadAsync(app, "Unreachable");

        await app.Messages.PostAsync(agent, new PostMessageRequest(threadId, "Anyone there?"));
        var failed = await ProviderAppFixture.WaitForAiAsync(app, threadId, m => m.Status == MessageStatus.Failed);

        failed.Metadata!.Ai!.Outcome.Should().Be("failed");
        failed.Metadata.Ai.Error.Should().Contain("cannot be reached").And.Contain(provider == "OpenAI" ? "Ai:OpenAI:Endpoint" : "Ai:AzureOpenAI:Endpoint");
    }

    [Theory]
    [InlineData("OpenAI", "Ai:OpenAI:ApiKey")]
    [InlineData("AzureOpenAI", "Ai:AzureOpenAI:ApiKey")]
    public async Task Reply_WrongKey401_FailedNamingTheKeySetting(string provider, string keySetting)
    {
        var app = fixture.App(provider);
        var (agent, threadId) = await ProviderAppFixture.AiThreadAsync(app, "Wrong key");
        Server.RequiredKey = "another-key";
        try
        {
            await app.Messages.PostAsync(agent, new PostMessageRequest(threadId, "Hello?"));
            var failed = await ProviderAppFixture.WaitForAiAsync(app, threadId, m => m.Status == MessageStatus.Failed);

            failed.Content.Should().BeEmpty();
            failed.Metadata!.Ai!.Error.Should().Contain("refused the key (401").And.Contain($"Check {keySetting}.");
        }
        finally
        {
            Server.RequiredKey = null;
        }
    }

    [Theory]
    [InlineData("OpenAI")]
    [InlineData("AzureOpenAI")]
    public async Task Reply_RateLimited429WithRetryAfterThenAnswer_SentAfterTheWait(string provider)
    {
        var app = fixture.App(provider);
        var (agent, threadId) = await ProviderAppFixture.AiThreadAsync(app, "Rate limited");
        Server.Enqueue(FakeReply.Error(429, "Rate limit reached.", retryAfter: "1"), FakeReply.Tokens("Sorry", " for", " the wait."));
        var before = Server.Requests.Count;

        await app.Messages.PostAsync(agent, new PostMessageRequest(threadId, "Busy?"));
        var reply = await ProviderAppFixture.WaitForAiAsync(app, threadId, m => m.Status != MessageStatus.Sending);

        reply.Status.Should().Be(MessageStatus.Sent);
        reply.Content.Should().Be("Sorry for the wait.");
        reply.Metadata!.Ai!.Model.Should().Be("test-model");
        Server.Requests.Count.Should().Be(before + 2, "one refused, one answered after Retry-After");
    }

    [Theory]
    [InlineData("OpenAI")]
    [InlineData("AzureOpenAI")]
    public async Task Reply_NoFirstTokenInTime_FailedNamingTheTimeoutSetting(string provider)
    {
        var app = fixture.App(provider);
        var (agent, threadId) = await ProviderAppFixture.AiThreadAsync(app, "Slow");
        Server.Enqueue(FakeReply.SlowFirstToken(TimeSpan.FromSeconds(20), "Too", " late"));

        await app.Messages.PostAsync(agent, new PostMessageRequest(threadId, "Are you slow?"));
        var failed = await ProviderAppFixture.WaitForAiAsync(app, threadId, m => m.Status != MessageStatus.Sending);

        failed.Status.Should().Be(MessageStatus.Failed);
        failed.Content.Should().BeEmpty();
        failed.Metadata!.Ai!.Error.Should().Contain("sent nothing within 3 s").And.Contain("Ai:FirstTokenTimeout");
    }

    [Theory]
    [InlineData("OpenAI")]
    [InlineData("AzureOpenAI")]
    public async Task Reply_CutMidStream_FailedWithPartialTextThenRetryReplacesTheSameMessage(string provider)
    {
        var app = fixture.App(provider);
        var (agent, threadId) = await ProviderAppFixture.AiThreadAsync(app, "Cut");
        var shown = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        using var subscription = app.Services.GetRequiredService<IChatEvents>().Subscribe(threadId, e =>
        {
            if (e is MessageUpdated { Message: { SenderType: SenderType.Ai, Content: "The first half of" } })
                shown.TrySetResult();
            return Task.CompletedTask;
        });
        // Cut once the text is on screen: an abort may discard bytes the client has not read yet. The app shows growth
        // when a token arrives at least Ai:FlushInterval (50 ms here) after it last showed some, so the pause before the
        // second token makes it show the whole text; without it the stream would wait the full 30 s for the signal.
        Server.Enqueue(FakeReply.Tokens("The first").ThenDelay(TimeSpan.FromMilliseconds(200)).ThenTokens(" half of").ThenWaitFor(shown.Task).ThenCut());

        await app.Messages.PostAsync(agent, new PostMessageRequest(threadId, "Explain returns"));
        var failed = await ProviderAppFixture.WaitForAiAsync(app, threadId, m => m.Status != MessageStatus.Sending);

        failed.Status.Should().Be(MessageStatus.Failed);
        failed.Content.Should().Be("The first half of", "the text that arrived is kept");
        failed.Metadata!.Ai!.Error.Should().Contain("was cut in the middle of the answer");

        Server.Enqueue(FakeReply.Tokens("Returns are", " free for 30 days."));
        await app.Services.GetRequiredService<AssistantService>().RetryAsync(agent, failed.Id);
        var retried = await ProviderAppFixture.WaitForAiAsync(app, threadId, m => m.Status == MessageStatus.Sent);

        retried.Id.Should().Be(failed.Id, "Retry writes into the same message");
        retried.Content.Should().Be("Returns are free for 30 days.");
        retried.Metadata!.Ai!.Error.Should().BeNull();
        (await app.QueryAsync(db => db.Messages.CountAsync(m => m.ThreadId == threadId))).Should().Be(2, "the question and one reply, no duplicate");
    }

    [Theory]
    [InlineData("OpenAI")]
    [InlineData("AzureOpenAI")]
    public async Task Reply_MalformedChunk_FailedWithTheTextSoFar(string provider)
    {
        var app = fixture.App(provider);
        var (agent, threadId) = await ProviderAppFixture.AiThreadAsync(app, "Malformed");
        Server.Enqueue(FakeReply.Tokens("Readable", " start").ThenMalformed().ThenTokens(" never shown"));

        await app.Messages.PostAsync(agent, new PostMessageRequest(threadId, "Say something"));
        var failed = await ProviderAppFixture.WaitForAiAsync(app, threadId, m => m.Status != MessageStatus.Sending);

        failed.Status.Should().Be(MessageStatus.Failed);
        failed.Content.Should().Be("Readable start");
        failed.Metadata!.Ai!.Error.Should().Contain("could not be read");
    }
}
