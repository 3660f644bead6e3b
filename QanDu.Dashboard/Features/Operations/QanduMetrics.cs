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

    public QanduMetrics(IMeterFactory meters, BackupState backups, WebhookState webhooks, TimeProvider clock)
    {
        Meter = meters.Create(MeterName);
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

    public void BackupFinished(string trigger, bool verified, TimeSpan duration)
    {
        _backups.Add(1, new("trigger", trigger), new("outcome", verified ? "verified" : "failed"));
        _backupDuration.Record(duration.TotalSeconds, new KeyValuePair<string, object?>("trigger", trigger));
    }
}
