using System.Diagnostics;
using Microsoft.Extensions.AI;
using Microsoft.Extensions.DependencyInjection;
using QanDu.Dashboard.Features.Assistant.Providers;
using QanDu.Dashboard.Tests.Infrastructure;

namespace QanDu.Dashboard.Tests.Features.Assistant.Providers;

/// <summary>
/// The IChatClient pipeline <see cref="AiRegistration.AddAiProvider"/> builds, against a real loopback server speaking
/// OpenAI's wire format, through both the Azure OpenAI and the OpenAI-compatible provider.
/// </summary>
public sealed partial class AiRegistrationTests : IAsyncLifetime
{
    private FakeOpenAiServer _server = null!;

    public async Task InitializeAsync() => _server = await FakeOpenAiServer.StartAsync();

    public async Task DisposeAsync() => await _server.DisposeAsync();

    private static readonly ChatMessage[] Question = [new(ChatRole.System, "You help support agents."), new(ChatRole.User, "Where is my refund?")];

    [Theory]
    [InlineData("OpenAI")]
    [InlineData("AzureOpenAI")]
    public async Task Streaming_Tokens_ArriveOneByOneInOrder(string provider)
    {
        _server.Enqueue(FakeReply.Tokens("Your ", "refund ", "was ", "sent ", "today."));
        await using var services = AiTestSettings.Services(AiTestSettings.For(provider, _server.Root));

        var texts = new List<string>();
        await foreach (var update in AiTestSettings.Client(services).GetStreamingResponseAsync(Question))
            if (update.Text.Length > 0)
                texts.Add(update.Text);

        texts.Should().Equal("Your ", "refund ", "was ", "sent ", "today.");
        var request = _server.Requests.Should().ContainSingle().Subject;
        request.Messages.Should().Equal(("system", "You help support agents."), ("user", "Where is my refund?"));
        request.Body!.Value.GetProperty("stream").GetBoolean().Should().BeTrue();
        if (provider == "AzureOpenAI")
        {
            request.Path.Should().Be("/openai/deployments/test-deployment/chat/completions");
            request.Query.Should().Contain("api-version=");
            request.ApiKey.Should().Be(AiTestSettings.Key);
        }
        else
        {
            request.Path.Should().Be("/v1/chat/completions");
            request.Authorization.Should().Be($"Bearer {AiTestSettings.Key}");
            request.Body!.Value.GetProperty("model").GetString().Should().Be("test-model");
        }
    }

    [Theory]
    [InlineData("OpenAI", "OpenAI-compatible", "test-model")]
    [InlineData("AzureOpenAI", "Azure OpenAI", "test-deployment")]
    public async Task AddAiProvider_RemoteProvider_DescribesTheActiveProviderAndModel(string provider, string name, string model)
    {
        await using var services = AiTestSettings.Services(AiTestSettings.For(provider, _server.Root));

        var info = services.GetRequiredService<AiProviderInfo>();

        info.Should().Be(new AiProviderInfo(name, model, IsLocal: false, provider == "OpenAI" ? _server.OpenAiEndpoint : _server.Root));
    }

    [Fact]
    public async Task AddAiProvider_Local_RegistersNoChatClientSoTheOfflineOneCanBeAdded()
    {
        await using var services = AiTestSettings.Services([]);

        services.GetService<IChatClient>().Should().BeNull();
        services.GetRequiredService<AiProviderInfo>().IsLocal.Should().BeTrue();
    }

    [Fact]
    public async Task Streaming_Call_TracedWithOpenTelemetry()
    {
        var activities = new List<System.Diagnostics.Activity>();
        using var listener = new ActivityListener
        {
            ShouldListenTo = source => source.Name == AiRegistration.TelemetrySource,
            Sample = (ref ActivityCreationOptions<ActivityContext> _) => ActivitySamplingResult.AllDataAndRecorded,
            ActivityStopped = activity => { lock (activities) activities.Add(activity); },
        };
        ActivitySource.AddActivityListener(listener);
        _server.Enqueue(FakeReply.Tokens("Traced."));
        await using var services = AiTestSettings.Services(AiTestSettings.For("OpenAI", _server.Root));

        await foreach (var _ in AiTestSettings.Client(services).GetStreamingResponseAsync(Question))
        {
        }

        lock (activities)
            activities.Should().Contain(a => a.DisplayName == "chat test-model");
    }

    [Theory]
    [InlineData("OpenAI")]
    [InlineData("AzureOpenAI")]
    public async Task GetResponse_NotStreamed_ReturnsTheWholeText(string provider)
    {
        _server.Enqueue(FakeReply.Tokens("Refunds take ", "five days."));
        await using var services = AiTestSettings.Services(AiTestSettings.For(provider, _server.Root));

        var response = await AiTestSettings.Client(services).GetResponseAsync(Question);

        response.Text.Should().Be("Refunds take five days.");
        _server.Requests.Should().ContainSingle();
    }

    [Theory]
    [InlineData("OpenAI")]
    [InlineData("AzureOpenAI")]
    public async Task Streaming_ToolCallSplitAcrossChunks_ParsedWithItsArguments(string provider)
    {
        _server.Enqueue(FakeReply.ToolCall("call_7", "set_priority", "{\"prio", "rity\": \"hi", "gh\"}"));
        await using var services = AiTestSettings.Services(AiTestSettings.For(provider, _server.Root));
        var tool = AIFunctionFactory.Create((string priority) => priority, "set_priority", "Sets the thread's priority.");

        var calls = new List<FunctionCallContent>();
        await foreach (var update in AiTestSettings.Client(services).GetStreamingResponseAsync(Question, new ChatOptions { Tools = [tool] }))
            calls.AddRange(update.Contents.OfType<FunctionCallContent>());

        var call = calls.Should().ContainSingle().Subject;
        call.CallId.Should().Be("call_7");
        call.Name.Should().Be("set_priority");
        call.Arguments.Should().ContainKey("priority").WhoseValue!.ToString().Should().Be("high");
        _server.Requests.Should().ContainSingle().Which.ToolNames.Should().Equal("set_priority");
    }

    [Theory]
    [InlineData("OpenAI")]
    [InlineData("AzureOpenAI")]
    public async Task Streaming_ToolCallWithInvalidJsonArguments_ArrivesWithItsParseErrorInsteadOfBreakingTheStream(string provider)
    {
        _server.Enqueue(FakeReply.ToolCall("call_8", "set_priority", "{\"priority\": hi"));
        await using var services = AiTestSettings.Services(AiTestSettings.For(provider, _server.Root));
        var tool = AIFunctionFactory.Create((string priority) => priority, "set_priority", "Sets the thread's priority.");

        var calls = new List<FunctionCallContent>();
        await foreach (var update in AiTestSettings.Client(services).GetStreamingResponseAsync(Question, new ChatOptions { Tools = [tool] }))
            calls.AddRange(update.Contents.OfType<FunctionCallContent>());

        // The tool layer answers the model with this error instead of running the tool.
        var call = calls.Should().ContainSingle().Subject;
        call.Name.Should().Be("set_priority");
        call.CallId.Should().Be("call_8");
        call.Exception.Should().NotBeNull("the arguments were not valid JSON").And.Match<Exception>(e => e.Message.Length > 0);
        call.Arguments.Should().BeNullOrEmpty("nothing parsed from the broken arguments is passed on");
    }

    private static async Task<string> CollectTextAsync(IServiceProvider services)
    {
        var text = "";
        await foreach (var update in services.GetRequiredService<IChatClient>().GetStreamingResponseAsync(Question))
            text += update.Text;
        return text;
    }

    private static async Task<AiProviderException> CollectFailureAsync(IServiceProvider services)
    {
        var act = () => CollectTextAsync(services);
        return (await act.Should().ThrowAsync<AiProviderException>()).Which;
    }
}
