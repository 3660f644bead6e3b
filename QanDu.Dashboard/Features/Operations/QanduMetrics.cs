using System.Diagnostics.Metrics;

namespace QanDu.Dashboard.Features.Operations;

/// <summary>
/// The app's own OpenTelemetry meter, <see cref="MeterName"/>: every instrument is named <c>qandu.*</c> (Prometheus shows
/// <c>qandu_…</c>). Features record through the methods here, so names and units live in one place.
/// </summary>
public sealed class QanduMetrics
{
    public const string MeterName = "QanDu.Dashboard";

    private readonly Counter<long> _webhookDeliveries;
    private readonly Counter<long> _webhookFailures;
    private readonly Histogram<double> _backupDuration;
    private readonly Counter<long> _backups;
    private readonly Counter<long> _posted;
    private readonly Histogram<int> _batchSize;
    private readonly Histogram<double> _commitDuration;
    private readonly Counter<long> _aiRequests;
    private readonly Counter<long> _aiTokens;
    private readonly Histogram<double> _aiFirstToken;
    private readonly Counter<long> _aiErrors;

    // Seconds from a millisecond to ten: the SDK's default buckets (0 to 10,000) suit milliseconds, not seconds.
    private static readonly InstrumentAdvice<double> Seconds = new()
    {
        HistogramBucketBoundaries = [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10],
    };

    public QanduMetrics(IMeterFactory meters, BackupState backups, WebhookState webhooks, ConnectionCounts connections,
        RecentErrors errors, TimeProvider clock)
    {
        Meter = meters.Create(MeterName);
        _posted = Meter.CreateCounter<long>("qandu.messages.posted", "{message}", "Messages stored, by sender kind (staff, customer, ai, system)");
        _batchSize = Meter.CreateHistogram<int>("qandu.writer.batch.size", "{message}", "Messages committed in one writer transaction", advice: new()
        {
            HistogramBucketBoundaries = [1, 2, 5, 10, 20, 50, 100, 200, 500, 1000],
        });
        _commitDuration = Meter.CreateHistogram("qandu.writer.commit.duration", "s", "How long one writer transaction took, from the batch's first read to its commit", advice: Seconds);
        _aiRequests = Meter.CreateCounter<long>("qandu.ai.requests", "{request}", "Requests to the AI provider, by provider");
        _aiTokens = Meter.CreateCounter<long>("qandu.ai.tokens", "{token}", "Tokens sent to (input) and received from (output) the AI provider, by provider");
        _aiFirstToken = Meter.CreateHistogram("qandu.ai.time_to_first_token", "s", "From a streamed request to its first text, by provider", advice: Seconds);
        _aiErrors = Meter.CreateCounter<long>("qandu.ai.errors", "{error}", "AI requests that failed, by provider and error type");
        Meter.CreateObservableGauge("qandu.circuits", () => connections.Circuits, "{circuit}", "Open Blazor circuits (browser tabs on the dashboard)");
        Meter.CreateObservableGauge("qandu.hub.connections", () => new[]
        {
            new Measurement<long>(connections.StaffHubConnections, new KeyValuePair<string, object?>("kind", "staff")),
            new Measurement<long>(connections.VisitorHubConnections, new KeyValuePair<string, object?>("kind", "visitor")),
        }, "{connection}", "Open SignalR connections: staff integrations on /hubs/chat, visitors on /hubs/widget");
        Meter.CreateObservableCounter("qandu.errors", () => errors.Total, "{error}", "Unhandled exceptions (API requests, circuits, background loops) since start");
        _webhookDeliveries = Meter.CreateCounter<long>("qandu.webhook.deliveries", "{delivery}", "Webhook delivery attempts, by event and outcome");
        _webhookFailures = Meter.CreateCounter<long>("qandu.webhook.failures", "{delivery}", "Webhook delivery attempts that failed, by event and reason");
        _backups = Meter.CreateCounter<long>("qandu.backups", "{backup}", "Backups taken, by trigger and outcome");
        _backupDuration = Meter.CreateHistogram<double>("qandu.backup.duration", "s", "How long a backup took");
        Meter.CreateObservableGauge("qandu.backup.age", () =>
            backups.Current.LastSucceeded?.FinishedAt is { } at ? (clock.GetUtcNow().UtcDateTime - at).TotalSeconds : double.NaN,
            "s", "Seconds since the last verified backup finished (NaN: none yet)");
        Meter.CreateObservableGauge("qandu.webhook.backlog", () => webhooks.Current.Pending, "{delivery}", "Webhook deliveries waiting to be sent");
    }

    /// <summary>The meter, for features that add their own instruments (named <c>qandu.*</c>).</summary>
    public Meter Meter { get; }

    /// <summary>One delivery attempt: <paramref name="outcome"/> is <c>delivered</c>, or the failure (<c>timeout</c>, <c>http_500</c>, <c>refused_address</c>…).</summary>
    public void WebhookAttempt(string @event, bool delivered, string outcome)
    {
        _webhookDeliveries.Add(1, new("event", @event), new("outcome", delivered ? "delivered" : "failed"));
        if (!delivered)
            _webhookFailures.Add(1, new("event", @event), new("reason", outcome));
    }

    /// <summary>
    /// The writer's queue depth, read when metrics are collected (<c>qandu.writer.queue</c>). Called once, by the
    /// telemetry set-up: the writer's folder depends on this one, not the other way round.
    /// </summary>
    public void ObserveWriterQueue(Func<long> depth) =>
        Meter.CreateObservableGauge("qandu.writer.queue", depth, "{message}", "Posts waiting for the writer");

    /// <summary>Messages waiting for analysis, read when metrics are collected (<c>qandu.analysis.backlog</c>).</summary>
    public void ObserveAnalysisBacklog(Func<long> waiting) =>
        Meter.CreateObservableGauge("qandu.analysis.backlog", waiting, "{message}", "Messages waiting for sentiment, intent and language analysis");

    /// <summary>One writer transaction: how many it committed, by sender kind, and how long it took. One call per batch.</summary>
    public void WriterCommitted(int staff, int customers, int ai, int system, TimeSpan duration)
    {
        var total = staff + customers + ai + system;
        _batchSize.Record(total);
        _commitDuration.Record(duration.TotalSeconds);
        Posted("staff", staff);
        Posted("customer", customers);
        Posted("ai", ai);
        Posted("system", system);

        void Posted(string kind, int count)
        {
            if (count > 0)
                _posted.Add(count, new KeyValuePair<string, object?>("sender", kind));
        }
    }

    /// <summary>One request to an AI provider (<c>Local</c>, <c>AzureOpenAI</c>, <c>OpenAI-compatible</c>).</summary>
    public void AiRequest(string provider) => _aiRequests.Add(1, new KeyValuePair<string, object?>("provider", provider));

    public void AiTokens(string provider, long input, long output)
    {
        if (input > 0)
            _aiTokens.Add(input, new("provider", provider), new("type", "input"));
        if (output > 0)
            _aiTokens.Add(output, new("provider", provider), new("type", "output"));
    }

    public void AiFirstToken(string provider, TimeSpan elapsed) =>
        _aiFirstToken.Record(elapsed.TotalSeconds, new KeyValuePair<string, object?>("provider", provider));

    public void AiError(string provider, Exception error) =>
        _aiErrors.Add(1, new("provider", provider), new("error", error.GetType().Name));

    public void BackupFinished(string trigger, bool verified, TimeSpan duration)
    {
        _backups.Add(1, new("trigger", trigger), new("outcome", verified ? "verified" : "failed"));
        _backupDuration.Record(duration.TotalSeconds, new KeyValuePair<string, object?>("trigger", trigger));
    }
}
