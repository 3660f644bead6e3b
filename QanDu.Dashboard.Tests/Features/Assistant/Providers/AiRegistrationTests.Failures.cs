using System.Diagnostics;
using QanDu.Dashboard.Data.Entities;
using QanDu.Dashboard.Features.Assistant.Providers;
using QanDu.Dashboard.Tests.Infrastructure;

namespace QanDu.Dashboard.Tests.Features.Assistant.Providers;

/// <summary>Provider failures: each one reported as <see cref="AiProviderException"/> with an actionable message, retried only before the first token.</summary>
public sealed partial class AiRegistrationTests
{
    [Theory]
    [InlineData("OpenAI", "Ai:OpenAI:ApiKey")]
    [InlineData("AzureOpenAI", "Ai:AzureOpenAI:ApiKey")]
    public async Task GetResponse_WrongKey401_UnauthorizedNotRetried(string provider, string keySetting)
    {
        _server.Enqueue(FakeReply.Error(401, "Incorrect API key provided."));
        await using var services = AiTestSettings.Services(AiTestSettings.For(provider, _server.Root));

        var act = () => AiTestSettings.Client(services).GetResponseAsync(Question);

        var failure = (await act.Should().ThrowAsync<AiProviderException>()).Which;
        failure.Kind.Should().Be(AiFailureKind.Unauthorized);
        failure.Message.Should().Contain($"refused the key (401: Incorrect API key provided.). Check {keySetting}.");
        _server.Requests.Should().ContainSingle();
    }

    [Theory]
    [InlineData("OpenAI")]
    [InlineData("AzureOpenAI")]
    public async Task GetResponse_ServerError503ThenAnswer_RetriedAndAnswered(string provider)
    {
        _server.Enqueue(FakeReply.Error(503, "Overloaded."), FakeReply.Tokens("Back again."));
        await using var services = AiTestSettings.Services(AiTestSettings.For(provider, _server.Root));

        var response = await AiTestSettings.Client(services).GetResponseAsync(Question);

        response.Text.Should().Be("Back again.");
        _server.Requests.Should().HaveCount(2);
    }

    [Theory]
    [InlineData("OpenAI", "Ai:OpenAI:ApiKey")]
    [InlineData("AzureOpenAI", "Ai:AzureOpenAI:ApiKey")]
    public async Task Streaming_WrongKey401_UnauthorizedNamingTheSettingNotRetried(string provider, string keySetting)
    {
        _server.Enqueue(FakeReply.Error(401, "Incorrect API key provided."));
        await using var services = AiTestSettings.Services(AiTestSettings.For(provider, _server.Root));

        var failure = await CollectFailureAsync(services);

        failure.Kind.Should().Be(AiFailureKind.Unauthorized);
        failure.Message.Should().Contain(_server.Root).And.Contain("refused the key (401").And.Contain($"Check {keySetting}.");
        _server.Requests.Should().ContainSingle("a wrong key does not get better by asking again");
    }

    [Theory]
    [InlineData("OpenAI")]
    [InlineData("AzureOpenAI")]
    public async Task Streaming_RateLimited429WithRetryAfter_RetriedAfterThatDelayThenSucceeds(string provider)
    {
        _server.Enqueue(FakeReply.Error(429, "Rate limit reached.", retryAfter: "1"), FakeReply.Tokens("Done."));
        await using var services = AiTestSettings.Services(AiTestSettings.For(provider, _server.Root));

        var watch = Stopwatch.StartNew();
        var texts = await CollectTextAsync(services);

        texts.Should().Be("Done.");
        watch.Elapsed.Should().BeGreaterThanOrEqualTo(TimeSpan.FromMilliseconds(950), "Retry-After: 1 is honoured");
        _server.Requests.Should().HaveCount(2);
    }

    [Theory]
    [InlineData("OpenAI")]
    [InlineData("AzureOpenAI")]
    public async Task Streaming_RetryAfterBeyondTheLimit_FailsAtOnceSayingHowLongToWait(string provider)
    {
        _server.Enqueue(FakeReply.Error(429, "Rate limit reached.", retryAfter: "120"));
        await using var services = AiTestSettings.Services(AiTestSettings.For(provider, _server.Root));

        var failure = await CollectFailureAsync(services);

        failure.Kind.Should().Be(AiFailureKind.RateLimited);
        failure.RetryAfter.Should().Be(TimeSpan.FromSeconds(120));
        failure.Message.Should().Contain("429").And.Contain("wait 120 s");
        _server.Requests.Should().ContainSingle();
    }

    [Theory]
    [InlineData("OpenAI")]
    [InlineData("AzureOpenAI")]
    public async Task Streaming_ServerError500_RetriedThenFailsClearly(string provider)
    {
        _server.Enqueue(FakeReply.Error(500, "The server had an error while processing your request."));
        var settings = AiTestSettings.For(provider, _server.Root);
        settings["Ai:MaxRetries"] = "2";
        await using var services = AiTestSettings.Services(settings);

        var failure = await CollectFailureAsync(services);

        failure.Kind.Should().Be(AiFailureKind.ServerError);
        failure.Message.Should().Contain(_server.Root).And.Contain("failed (500: The server had an error");
        _server.Requests.Should().HaveCount(3, "the first attempt and two retries");
    }

    [Theory]
    [InlineData("OpenAI")]
    [InlineData("AzureOpenAI")]
    public async Task Streaming_FirstTokenTooSlow_TimeoutError(string provider)
    {
        _server.Enqueue(FakeReply.SlowFirstToken(TimeSpan.FromSeconds(60), "late"));
        var settings = AiTestSettings.For(provider, _server.Root);
        settings["Ai:FirstTokenTimeout"] = "00:00:01";
        await using var services = AiTestSettings.Services(settings);

        var watch = Stopwatch.StartNew();
        var failure = await CollectFailureAsync(services);

        failure.Kind.Should().Be(AiFailureKind.Timeout);
        failure.Message.Should().Contain("sent nothing within 1 s").And.Contain("Ai:FirstTokenTimeout");
        watch.Elapsed.Should().BeLessThan(TimeSpan.FromSeconds(30));
    }

    [Theory]
    [InlineData("OpenAI")]
    [InlineData("AzureOpenAI")]
    public async Task Streaming_ConnectionCutAfterTokens_StreamCutAfterThemAndNoRetry(string provider)
    {
        // The cut waits until the tokens reached the caller: a reset connection can drop data the client had not read yet.
        var received = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        _server.Enqueue(FakeReply.Tokens("Part ", "one ").ThenWaitFor(received.Task).ThenCut(), FakeReply.Tokens("SHOULD NOT BE ASKED"));
        await using var services = AiTestSettings.Services(AiTestSettings.For(provider, _server.Root));

        var texts = new List<string>();
        var act = async () =>
        {
            await foreach (var update in AiTestSettings.Client(services).GetStreamingResponseAsync(Question))
            {
                if (update.Text.Length > 0)
                    texts.Add(update.Text);
                if (texts.Count == 2)
                    received.TrySetResult();
            }
        };

        var failure = (await act.Should().ThrowAsync<AiProviderException>()).Which;
        texts.Should().Equal("Part ", "one ");
        failure.Kind.Should().Be(AiFailureKind.StreamCut);
        failure.TokensReceived.Should().BeTrue();
        failure.Message.Should().Contain("cut in the middle of the answer");
        _server.Requests.Should().ContainSingle("a retry after tokens would duplicate the text");
    }

    [Theory]
    [InlineData("OpenAI")]
    [InlineData("AzureOpenAI")]
    public async Task Streaming_MalformedChunk_ClearError(string provider)
    {
        _server.Enqueue(FakeReply.Tokens("Fine ").ThenMalformed().ThenTokens("never"));
        await using var services = AiTestSettings.Services(AiTestSettings.For(provider, _server.Root));

        var failure = await CollectFailureAsync(services);

        failure.Kind.Should().Be(AiFailureKind.MalformedChunk);
        failure.Message.Should().Contain(_server.Root).And.Contain("could not be read");
        _server.Requests.Should().ContainSingle();
    }

    [Theory]
    [InlineData("OpenAI", "Ai:OpenAI:Endpoint")]
    [InlineData("AzureOpenAI", "Ai:AzureOpenAI:Endpoint")]
    public async Task Streaming_NothingListening_UnreachableNamingTheEndpoint(string provider, string endpointSetting)
    {
        var closed = AiTestSettings.ClosedPortRoot();
        var settings = AiTestSettings.For(provider, closed);
        settings["Ai:MaxRetries"] = "1";
        await using var services = AiTestSettings.Services(settings);

        var failure = await CollectFailureAsync(services);

        failure.Kind.Should().Be(AiFailureKind.Unreachable);
        failure.Message.Should().Contain(closed).And.Contain("cannot be reached").And.Contain(endpointSetting);
    }

    [Theory]
    [InlineData("OpenAI")]
    [InlineData("AzureOpenAI")]
    public async Task Streaming_CutBeforeAnyToken_RetriedThenAnswered(string provider)
    {
        _server.Enqueue(FakeReply.Tokens().ThenCut(), FakeReply.Tokens("Second ", "try."));
        await using var services = AiTestSettings.Services(AiTestSettings.For(provider, _server.Root));

        var text = await CollectTextAsync(services);

        text.Should().Be("Second try.", "nothing reached the caller before the cut, so asking again cannot duplicate text");
        _server.Requests.Should().HaveCount(2);
    }

    [Theory]
    [InlineData("OpenAI")]
    [InlineData("AzureOpenAI")]
    public async Task Streaming_RateLimited429WithoutRetryAfter_RetriedWithBackOffThenFailsClearly(string provider)
    {
        _server.Enqueue(FakeReply.Error(429, "Rate limit reached."));
        var settings = AiTestSettings.For(provider, _server.Root);
        settings["Ai:MaxRetries"] = "2";
        await using var services = AiTestSettings.Services(settings);

        var failure = await CollectFailureAsync(services);

        failure.Kind.Should().Be(AiFailureKind.RateLimited);
        failure.RetryAfter.Should().BeNull();
        failure.Message.Should().Contain(_server.Root).And.Contain("limiting requests (429: Rate limit reached.)").And.Contain("Try again shortly.");
        _server.Requests.Should().HaveCount(3, "the first attempt and two retries");
    }

    [Theory]
    [InlineData("OpenAI", "Ai:OpenAI:Model")]
    [InlineData("AzureOpenAI", "Ai:AzureOpenAI:Deployment")]
    public async Task Streaming_UnknownModel404_RejectedNamingTheModelSettingNotRetried(string provider, string modelSetting)
    {
        _server.Enqueue(FakeReply.Error(404, "The model `test-model` does not exist."));
        await using var services = AiTestSettings.Services(AiTestSettings.For(provider, _server.Root));

        var failure = await CollectFailureAsync(services);

        failure.Kind.Should().Be(AiFailureKind.Rejected);
        failure.StatusCode.Should().Be(404);
        failure.Message.Should().Contain("rejected the request (404: The model `test-model` does not exist.)").And.Contain($"Check {modelSetting}.");
        _server.Requests.Should().ContainSingle();
    }

    [Theory]
    [InlineData("OpenAI")]
    [InlineData("AzureOpenAI")]
    public async Task GetResponse_NoAnswerWithinTimeout_TimeoutNamingTheSetting(string provider)
    {
        _server.Enqueue(FakeReply.SlowFirstToken(TimeSpan.FromSeconds(60), "late"));
        var settings = AiTestSettings.For(provider, _server.Root);
        settings["Ai:Timeout"] = "00:00:01";
        await using var services = AiTestSettings.Services(settings);

        var watch = Stopwatch.StartNew();
        var act = () => AiTestSettings.Client(services).GetResponseAsync(Question);

        var failure = (await act.Should().ThrowAsync<AiProviderException>()).Which;
        failure.Kind.Should().Be(AiFailureKind.Timeout);
        failure.Message.Should().Contain(_server.Root).And.Contain("Ai:Timeout");
        watch.Elapsed.Should().BeLessThan(TimeSpan.FromSeconds(30));
        _server.Requests.Should().ContainSingle("a provider that is too slow is not asked again");
    }

    [Theory]
    [InlineData("OpenAI")]
    [InlineData("AzureOpenAI")]
    public async Task Streaming_CallerCancels_CancellationNotReportedAsProviderFailureNorRetried(string provider)
    {
        _server.Enqueue(FakeReply.Tokens("Hold ").ThenDelay(TimeSpan.FromSeconds(60)).ThenTokens("on."));
        await using var services = AiTestSettings.Services(AiTestSettings.For(provider, _server.Root));
        using var cancel = new CancellationTokenSource();

        var texts = new List<string>();
        var act = async () =>
        {
            await foreach (var update in AiTestSettings.Client(services).GetStreamingResponseAsync(Question, cancellationToken: cancel.Token))
            {
                if (update.Text.Length == 0)
                    continue;
                texts.Add(update.Text);
                await cancel.CancelAsync(); // the agent pressed Stop
            }
        };

        await act.Should().ThrowAsync<OperationCanceledException>();
        texts.Should().Equal("Hold ");
        _server.Requests.Should().ContainSingle();
    }
}
