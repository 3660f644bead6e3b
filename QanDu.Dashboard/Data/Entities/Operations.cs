namespace QanDu.Dashboard.Data.Entities;

/// <summary>How a backup was started.</summary>
public enum BackupTrigger { Scheduled, Manual }

/// <summary>
/// One backup the app took (scheduled or run now from <c>/admin/backups</c>): where it was written, how big, how long it
/// took, and whether it was verified (integrity_check of the copied database and every entry's checksum read back).
/// A failed attempt is recorded too, with <see cref="Error"/>, so the health page can say so.
/// </summary>
public sealed class BackupRecord
{
    public long Id { get; set; }
    public BackupTrigger Trigger { get; set; }
    public DateTime StartedAt { get; set; }
    public DateTime? FinishedAt { get; set; }

    /// <summary>The backup file's full path (null when the attempt failed before writing it).</summary>
    public string? Path { get; set; }
    public long? SizeBytes { get; set; }
    public long? DurationMs { get; set; }

    /// <summary>The copy passed integrity_check and every entry read back with its checksum.</summary>
    public bool Verified { get; set; }

    /// <summary>Why the attempt failed, in words an admin can act on; null when it succeeded.</summary>
    public string? Error { get; set; }

    /// <summary>Set when retention removed the file (the record stays, so the history is complete).</summary>
    public DateTime? DeletedAt { get; set; }

    /// <summary>Who ran it now (null: the schedule).</summary>
    public string? StartedById { get; set; }
}

/// <summary>An integration's subscription to webhook events (see <c>WebhookEvents</c>).</summary>
public sealed class WebhookSubscription
{
    public long Id { get; set; }

    /// <summary>Where deliveries are POSTed (http or https).</summary>
    public string Url { get; set; } = "";

    /// <summary>The event names subscribed to, e.g. <c>message.created</c>.</summary>
    public List<string> Events { get; set; } = [];

    /// <summary>The HMAC-SHA256 signing secret (generated when none is given).</summary>
    public string Secret { get; set; } = "";
    public bool Enabled { get; set; } = true;

    /// <summary>Set when deliveries kept failing and the app stopped sending (an admin resumes it).</summary>
    public DateTime? PausedAt { get; set; }
    public string? PauseReason { get; set; }

    /// <summary>Deliveries in a row that gave up or failed since the last success.</summary>
    public int ConsecutiveFailures { get; set; }
    public DateTime CreatedAt { get; set; }
    public DateTime UpdatedAt { get; set; }
    public string? CreatedById { get; set; }
}

/// <summary>Where a webhook delivery is.</summary>
public enum WebhookDeliveryStatus
{
    /// <summary>Waiting for its first or next attempt (<see cref="WebhookDelivery.NextAttemptAt"/>).</summary>
    Pending,

    /// <summary>The receiver answered 2xx.</summary>
    Delivered,

    /// <summary>Retried for the whole retry window (or refused for good, e.g. a target address that is not allowed); not retried again unless redelivered.</summary>
    Failed,
}

/// <summary>
/// The webhook outbox and delivery log: one row per subscription per event, written in the same commit as the change it
/// reports, sent after commit and retried with backoff. <see cref="DeliveryId"/> stays the same across retries (and a
/// redelivery), so a receiver can refuse duplicates.
/// </summary>
public sealed class WebhookDelivery
{
    public long Id { get; set; }
    public Guid DeliveryId { get; set; }
    public long SubscriptionId { get; set; }
    public WebhookSubscription? Subscription { get; set; }

    /// <summary>The event name, e.g. <c>conversation.created</c> (<c>ping</c> for a test event).</summary>
    public string Event { get; set; } = "";

    /// <summary>The JSON body sent, in the REST API's shapes.</summary>
    public string Payload { get; set; } = "";
    public DateTime CreatedAt { get; set; }
    public WebhookDeliveryStatus Status { get; set; }
    public int Attempts { get; set; }
    public DateTime? NextAttemptAt { get; set; }
    public DateTime? LastAttemptAt { get; set; }

    /// <summary>The receiver's HTTP status code at the last attempt (null: no answer).</summary>
    public int? LastStatusCode { get; set; }

    /// <summary>What went wrong at the last attempt (timeout, refused address, 500…).</summary>
    public string? LastError { get; set; }
    public long? LastDurationMs { get; set; }
    public DateTime? DeliveredAt { get; set; }
}

/// <summary>A host an admin allowed webhooks to reach although it resolves to a private or loopback address (an on-premise receiver).</summary>
public sealed class WebhookAllowedHost
{
    public long Id { get; set; }

    /// <summary>A DNS name or an IP address literal, as it appears in webhook URLs.</summary>
    public string Host { get; set; } = "";
    public DateTime CreatedAt { get; set; }
    public string? CreatedById { get; set; }
}

/// <summary>The data retention policy (one row): off until an admin sets a number of days.</summary>
public sealed class RetentionSettings
{
    public int Id { get; set; }

    /// <summary>Delete resolved customer conversations (and their files) this many days after they were resolved; null: keep forever.</summary>
    public int? ResolvedConversationDays { get; set; }
    public DateTime? UpdatedAt { get; set; }
    public string? UpdatedById { get; set; }

    /// <summary>When the last retention run finished, and how many conversations it deleted.</summary>
    public DateTime? LastRunAt { get; set; }
    public int? LastRunDeleted { get; set; }
}

/// <summary>
/// One SLA target of a customer conversation as the SLA clock last evaluated it (a roll-up of the activity log that the
/// SLA report reads instead of replaying every conversation's clock). Rebuilt for a conversation whenever its facts
/// change and for all when the policies change; the report decides met/missed against "now" from these columns, with
/// exactly the rules of <c>SlaTarget</c>.
/// </summary>
public sealed class SlaTargetRecord
{
    public long Id { get; set; }
    public long ThreadId { get; set; }
    public long PolicyId { get; set; }
    public SlaMetric Metric { get; set; }
    public DateTime StartedAt { get; set; }
    public DateTime DueAt { get; set; }
    public DateTime? MetAt { get; set; }
    public DateTime? StoppedAt { get; set; }

    /// <summary>The assignee and team the target is credited to: when met, or at its due time otherwise (by the log).</summary>
    public string? AgentId { get; set; }
    public long? TeamId { get; set; }
    public long? ChannelId { get; set; }
}

/// <summary>How far a roll-up has read an append-only log (e.g. the activity log's last Id folded into the SLA targets).</summary>
public sealed class RollupCheckpoint
{
    public string Name { get; set; } = "";
    public long Position { get; set; }
    public DateTime UpdatedAt { get; set; }
}
