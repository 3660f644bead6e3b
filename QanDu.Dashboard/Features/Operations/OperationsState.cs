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

/// <summary>A value one part sets and others read and watch (the backup and webhook states).</summary>
public abstract class SharedState<T>(T initial) where T : class
{
    private volatile T _current = initial;

    public T Current => _current;

    /// <summary>Raised after every change (handlers return at once; a component calls InvokeAsync).</summary>
    public event Action? Changed;

    public void Set(T value)
    {
        _current = value;
        Changed?.Invoke();
    }
}

/// <summary>The backup state shared by the scheduler (which sets it) and everything that shows it.</summary>
public sealed class BackupState() : SharedState<BackupHealth>(BackupHealth.None);

/// <summary>Webhook deliveries waiting and subscriptions paused, as the dispatcher last counted them.</summary>
public sealed record WebhookHealth(int Pending, int FailingSubscriptions, int PausedSubscriptions, DateTimeOffset? OldestPendingSince)
{
    public static readonly WebhookHealth None = new(0, 0, 0, null);
}

/// <summary>The webhook backlog shared by the dispatcher (which sets it) and the health page and metrics.</summary>
public sealed class WebhookState() : SharedState<WebhookHealth>(WebhookHealth.None);
