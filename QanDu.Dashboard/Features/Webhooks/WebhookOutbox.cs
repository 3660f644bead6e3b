using System.Data.Common;
using System.Runtime.CompilerServices;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.ChangeTracking;
using Microsoft.EntityFrameworkCore.Diagnostics;
using Microsoft.EntityFrameworkCore.Storage;
using QanDu.Dashboard.Data;
using QanDu.Dashboard.Data.Entities;

namespace QanDu.Dashboard.Features.Webhooks;

/// <summary>
/// The webhook outbox, written in the same commit as the change it reports: in every SaveChanges it looks at the tracked
/// changes of customer conversations, their messages and contacts (see <see cref="WebhookChanges"/>), and for each change
/// that an active subscription wants it adds one <see cref="WebhookDelivery"/> per subscription. Bodies name database ids
/// that exist only after the insert, so the rows are added after the save (<c>SavedChanges</c>) inside the same
/// transaction: the caller's when it has one (the message writer's batch), otherwise one this interceptor opens before
/// the save and commits after the rows. A failed save rolls both back. With no active subscription the cost is one
/// field read (<see cref="ActiveSubscriptions.IsEmpty"/>); the dispatcher is woken when the transaction commits.
/// </summary>
public sealed class WebhookOutbox(WebhookSubscriptionCache subscriptions, WebhookSignal signal, TimeProvider clock)
    : ISaveChangesInterceptor, IDbTransactionInterceptor
{
    private readonly ConditionalWeakTable<DbContext, State> _states = new();

    public InterceptionResult<int> SavingChanges(DbContextEventData eventData, InterceptionResult<int> result)
    {
        if (eventData.Context is ChatDbContext db && !IsInserting(db))
            Collect(db, subscriptions.Get(db));
        return result;
    }

    public async ValueTask<InterceptionResult<int>> SavingChangesAsync(
        DbContextEventData eventData, InterceptionResult<int> result, CancellationToken cancellationToken = default)
    {
        if (eventData.Context is ChatDbContext db && !IsInserting(db))
            Collect(db, await subscriptions.GetAsync(db, cancellationToken));
        return result;
    }

    public int SavedChanges(SaveChangesCompletedEventData eventData, int result)
    {
        if (eventData.Context is ChatDbContext db && Pending(db) is { } state)
            WriteAsync(db, state, async: false, CancellationToken.None).AsTask().GetAwaiter().GetResult();
        return result;
    }

    public async ValueTask<int> SavedChangesAsync(SaveChangesCompletedEventData eventData, int result, CancellationToken cancellationToken = default)
    {
        if (eventData.Context is ChatDbContext db && Pending(db) is { } state)
            await WriteAsync(db, state, async: true, cancellationToken);
        return result;
    }

    public void SaveChangesFailed(DbContextErrorEventData eventData) => Abandon(eventData.Context);

    public Task SaveChangesFailedAsync(DbContextErrorEventData eventData, CancellationToken cancellationToken = default)
    {
        Abandon(eventData.Context);
        return Task.CompletedTask;
    }

    public void TransactionCommitted(DbTransaction transaction, TransactionEndEventData eventData) => Committed(eventData.Context);

    public Task TransactionCommittedAsync(DbTransaction transaction, TransactionEndEventData eventData, CancellationToken cancellationToken = default)
    {
        Committed(eventData.Context);
        return Task.CompletedTask;
    }

    public void TransactionRolledBack(DbTransaction transaction, TransactionEndEventData eventData) => Forget(eventData.Context);

    public Task TransactionRolledBackAsync(DbTransaction transaction, TransactionEndEventData eventData, CancellationToken cancellationToken = default)
    {
        Forget(eventData.Context);
        return Task.CompletedTask;
    }

    private bool IsInserting(DbContext db) => _states.TryGetValue(db, out var state) && state.Inserting;

    private State? Pending(DbContext db) => _states.TryGetValue(db, out var state) && state.Changes.Count > 0 && !state.Inserting ? state : null;

    private void Collect(ChatDbContext db, ActiveSubscriptions active)
    {
        if (active.IsEmpty)
            return;
        var changes = WebhookChanges.Collect(db, active);
        if (changes.Count == 0)
            return;
        var state = _states.GetOrCreateValue(db);
        state.Changes.AddRange(changes);
        if (db.Database.CurrentTransaction is null)
            state.Owned = db.Database.BeginTransaction();
    }

    private async ValueTask WriteAsync(ChatDbContext db, State state, bool async, CancellationToken ct)
    {
        var changes = state.Changes.ToList();
        state.Changes.Clear();
        var now = clock.GetUtcNow().UtcDateTime;
        var deliveries = await WebhookChanges.DeliveriesAsync(db, changes, now, ct);
        if (deliveries.Count > 0)
        {
            db.WebhookDeliveries.AddRange(deliveries);
            state.Inserting = true;
            try
            {
                if (async)
                    await db.SaveChangesAsync(ct);
                else
                    db.SaveChanges();
            }
            finally
            {
                state.Inserting = false;
            }
            state.Wrote = true;
        }
        if (state.Owned is { } owned)
        {
            state.Owned = null;
            if (async)
                await owned.CommitAsync(ct);
            else
                owned.Commit();
            await owned.DisposeAsync();
        }
    }

    private void Abandon(DbContext? db)
    {
        if (db is null || !_states.TryGetValue(db, out var state) || state.Inserting)
            return;
        state.Changes.Clear();
        if (state.Owned is { } owned)
        {
            state.Owned = null;
            owned.Rollback();
            owned.Dispose();
        }
    }

    private void Committed(DbContext? db)
    {
        if (db is null || !_states.TryGetValue(db, out var state))
            return;
        var wrote = state.Wrote;
        _states.Remove(db);
        if (wrote)
            signal.Wake();
    }

    private void Forget(DbContext? db)
    {
        if (db is not null)
            _states.Remove(db);
    }

    /// <summary>One context's changes between its save and its commit.</summary>
    private sealed class State
    {
        public List<ReportedChange> Changes { get; } = [];
        public IDbContextTransaction? Owned { get; set; }
        public bool Inserting { get; set; }
        public bool Wrote { get; set; }
    }
}
