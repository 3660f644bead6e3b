using QanDu.Dashboard.Data.Entities;

namespace QanDu.Dashboard.Features.Operations;

/// <summary>
/// Where backups stand, as the scheduler last knew it: read by the health page, the admins' top bar and the
/// <c>qandu.backup.age</c> metric. A fresh install has no backup yet (all null).
/// </summary>
public sealed record BackupHealth(BackupRecord? LastSucceeded, BackupRecord? LastFailed, DateTimeOffset? NextRunAt, string? Problem)
{
    public static readonly BackupHealth None = new(null, null, null, null);
}

/// <summary>The backup state shared by the scheduler (which sets it) and everything that shows it.</summary>
public sealed class BackupState
{
    private volatile BackupHealth _current = BackupHealth.None;

    public BackupHealth Current => _current;

    /// <summary>Raised after every change (handlers return at once; a component calls InvokeAsync).</summary>
    public event Action? Changed;

    public void Set(BackupHealth health)
    {
        _current = health;
        Changed?.Invoke();
    }
}

/// <summary>Webhook deliveries waiting and subscriptions paused, as the dispatcher last counted them.</summary>
public sealed record WebhookHealth(int Pending, int FailingSubscriptions, int PausedSubscriptions, DateTimeOffset? OldestPendingSince)
{
    public static readonly WebhookHealth None = new(0, 0, 0, null);
}

/// <summary>The webhook backlog shared by the dispatcher (which sets it) and the health page and metrics.</summary>
public sealed class WebhookState
{
    private volatile WebhookHealth _current = WebhookHealth.None;

    public WebhookHealth Current => _current;

    public event Action? Changed;

    public void Set(WebhookHealth health)
    {
        _current = health;
        Changed?.Invoke();
    }
}
