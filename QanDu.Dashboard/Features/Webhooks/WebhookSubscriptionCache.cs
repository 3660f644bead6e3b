using Microsoft.EntityFrameworkCore;
using QanDu.Dashboard.Data;

namespace QanDu.Dashboard.Features.Webhooks;

/// <summary>An enabled, unpaused subscription as the outbox needs it: which events it wants.</summary>
public sealed record ActiveSubscription(long Id, IReadOnlySet<string> Events);

/// <summary>The active subscriptions at one moment; <see cref="IsEmpty"/> is the writer's whole cost when nobody subscribes.</summary>
public sealed class ActiveSubscriptions(IReadOnlyList<ActiveSubscription> subscriptions)
{
    public static readonly ActiveSubscriptions None = new([]);

    private readonly Dictionary<string, long[]> _byEvent = WebhookEvents.All.ToDictionary(
        e => e, e => subscriptions.Where(s => s.Events.Contains(e)).Select(s => s.Id).ToArray());

    public bool IsEmpty => subscriptions.Count == 0;

    /// <summary>The subscriptions to <paramref name="event"/> (empty when none).</summary>
    public long[] For(string @event) => _byEvent.GetValueOrDefault(@event) ?? [];

    public bool Wants(string @event) => For(@event).Length > 0;
}

/// <summary>
/// The active subscriptions in memory, so the outbox decides without a query whether a change is reported. Loaded on first
/// use with the context that is saving (the cache cannot take the context factory: the outbox is one of its interceptors),
/// dropped by <see cref="Invalidate"/> after every change of a subscription and read again at the next save.
/// </summary>
public sealed class WebhookSubscriptionCache
{
    private readonly Lock _lock = new();
    private volatile ActiveSubscriptions? _current;
    private long _version;

    public void Invalidate()
    {
        lock (_lock)
        {
            _version++;
            _current = null;
        }
    }

    internal ActiveSubscriptions Get(ChatDbContext db) => _current ?? Store(Volatile.Read(ref _version), Query(db).ToList());

    internal async ValueTask<ActiveSubscriptions> GetAsync(ChatDbContext db, CancellationToken ct) =>
        _current ?? Store(Volatile.Read(ref _version), await Query(db).ToListAsync(ct));

    private static IQueryable<Row> Query(ChatDbContext db) =>
        db.WebhookSubscriptions.AsNoTracking().Where(s => s.Enabled && s.PausedAt == null).Select(s => new Row(s.Id, s.Events));

    private ActiveSubscriptions Store(long version, List<Row> rows)
    {
        var loaded = rows.Count == 0
            ? ActiveSubscriptions.None
            : new ActiveSubscriptions([.. rows.Select(r => new ActiveSubscription(r.Id, r.Events.ToHashSet(StringComparer.Ordinal)))]);
        // A change committed while this was read invalidated it: keep what was read for this save, cache nothing.
        lock (_lock)
        {
            if (_version == version)
                _current = loaded;
        }
        return loaded;
    }

    private sealed record Row(long Id, List<string> Events);
}
