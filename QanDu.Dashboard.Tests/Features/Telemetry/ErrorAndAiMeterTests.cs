using System.Diagnostics.Metrics;
using Microsoft.Extensions.AI;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using QanDu.Dashboard.Features.Assistant.Context;
using QanDu.Dashboard.Features.Assistant.Providers;
using QanDu.Dashboard.Features.Operations;
using QanDu.Dashboard.Features.Telemetry;

namespace QanDu.Dashboard.Tests.Features.Telemetry;

/// <summary>
/// The hooks without an app: a provider that fails counts in <c>qandu.ai.errors</c> under its name, and an error a
/// Blazor circuit or a background loop logs is listed with its trace id and counted in <c>qandu.errors</c>.
/// </summary>
[Collection(TelemetryCollection.Name)]
public sealed class ErrorAndAiMeterTests : IDisposable
{
    private readonly ServiceProvider _services;
    private readonly RecentErrors _errors = new(TimeProvider.System);
    private readonly QanduMetrics _metrics;
    private readonly MeterListener _listener = new();
    private readonly List<(string Instrument, long Value, Dictionary<string, object?> Tags)> _measured = [];

    public ErrorAndAiMeterTests()
    {
        _services = new ServiceCollection().AddMetrics().BuildServiceProvider();
        _metrics = new QanduMetrics(_services.GetRequiredService<IMeterFactory>(), new BackupState(), new WebhookState(), new ConnectionCounts(),
            _errors, TimeProvider.System);
        _listener.InstrumentPublished = (instrument, listener) =>
        {
            if (instrument.Meter == _metrics.Meter)
                listener.EnableMeasurementEvents(instrument);
        };
        _listener.SetMeasurementEventCallback<long>((instrument, value, tags, _) =>
        {
            lock (_measured)
                _measured.Add((instrument.Name, value, tags.ToArray().ToDictionary(t => t.Key, t => t.Value)));
        });
        _listener.Start();
    }

    [Fact]
    public async Task FailingProvider_CountsARequestAndAnErrorUnderItsName()
    {
        using var client = new MeteredChatClient(new FailingClient(), "OpenAI-compatible", _metrics, new TokenCounter(), TimeProvider.System);

        var ask = async () =>
        {
            await foreach (var _ in client.GetStreamingResponseAsync([new ChatMessage(ChatRole.User, "Hello?")]))
            {
            }
        };

        await ask.Should().ThrowAsync<HttpRequestException>();
        _measured.Should().ContainSingle(m => m.Instrument == "qandu.ai.requests").Which.Tags["provider"].Should().Be("OpenAI-compatible");
        var error = _measured.Should().ContainSingle(m => m.Instrument == "qandu.ai.errors").Subject;
        error.Tags["provider"].Should().Be("OpenAI-compatible");
        error.Tags["error"].Should().Be(nameof(HttpRequestException));
        _measured.Where(m => m.Instrument == "qandu.ai.tokens" && (string?)m.Tags["type"] == "input").Sum(m => m.Value).Should().BePositive();
    }

    [Fact]
    public void CircuitError_Logged_IsListedWithTraceIdAndCounted()
    {
        using var provider = new RecentErrorsLoggerProvider(_errors);
        var logger = provider.CreateLogger("Microsoft.AspNetCore.Components.Server.Circuits.CircuitHost");
        using var activity = new System.Diagnostics.Activity("circuit event").Start();

        logger.LogError(new NullReferenceException("A component's bug"), "Unhandled exception in circuit '{CircuitId}'.", "abc");
        logger.LogWarning(new TimeoutException("expected and handled"), "Only a warning");
        logger.LogError("An error without an exception is not an unhandled exception");

        var listed = _errors.Snapshot().Should().ContainSingle().Subject;
        listed.Type.Should().Be(nameof(NullReferenceException));
        listed.TraceId.Should().Be(activity.TraceId.ToString());
        listed.Where.Should().Be("Blazor circuit: Unhandled exception in circuit 'abc'.");
        _listener.RecordObservableInstruments();
        _measured.Where(m => m.Instrument == "qandu.errors").Select(m => m.Value).Should().Equal(1);
    }

    public void Dispose()
    {
        _listener.Dispose();
        _services.Dispose();
    }

    private sealed class FailingClient : IChatClient
    {
        public Task<ChatResponse> GetResponseAsync(IEnumerable<ChatMessage> messages, ChatOptions? options = null, CancellationToken cancellationToken = default) =>
            throw new HttpRequestException("Connection refused");

        public async IAsyncEnumerable<ChatResponseUpdate> GetStreamingResponseAsync(IEnumerable<ChatMessage> messages, ChatOptions? options = null,
            [System.Runtime.CompilerServices.EnumeratorCancellation] CancellationToken cancellationToken = default)
        {
            await Task.Yield();
            throw new HttpRequestException("Connection refused");
#pragma warning disable CS0162 // an iterator needs a yield
            yield break;
#pragma warning restore CS0162
        }

        public object? GetService(Type serviceType, object? serviceKey = null) => null;

        public void Dispose()
        {
        }
    }
}
