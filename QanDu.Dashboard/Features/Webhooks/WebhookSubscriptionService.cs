using Microsoft.EntityFrameworkCore;
using QanDu.Dashboard.Data;
using QanDu.Dashboard.Data.Entities;
using QanDu.Dashboard.Features.Access;
using QanDu.Dashboard.Features.Audit;

namespace QanDu.Dashboard.Features.Webhooks;

/// <summary>
/// The one writer of webhook subscriptions, for admins: create, change, delete, pause and resume, each committed with its
/// audit entry (never the secret), after which the outbox's cache is dropped. The delivery log's admin actions live in
/// <see cref="WebhookDeliveryService"/>.
/// </summary>
public sealed class WebhookSubscriptionService(
    IDbContextFactory<ChatDbContext> dbFactory, WebhookSubscriptionCache cache, WebhookSignal signal, AuditLog audit, TimeProvider clock)
{
    public async Task<IReadOnlyList<WebhookSubscriptionView>> ListAsync(ChatCaller caller, CancellationToken ct = default)
    {
        RequireAdmin(caller);
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var subscriptions = await db.WebhookSubscriptions.AsNoTracking().OrderBy(s => s.Id).ToListAsync(ct);
        var pending = await db.WebhookDeliveries.Where(d => d.Status == WebhookDeliveryStatus.Pending)
            .GroupBy(d => d.SubscriptionId).Select(g => new { g.Key, Count = g.Count() }).ToDictionaryAsync(g => g.Key, g => g.Count, ct);
        var delivered = await db.WebhookDeliveries.Where(d => d.Status == WebhookDeliveryStatus.Delivered)
            .GroupBy(d => d.SubscriptionId).Select(g => new { g.Key, At = g.Max(d => d.DeliveredAt) }).ToDictionaryAsync(g => g.Key, g => g.At, ct);
        return [.. subscriptions.Select(s => View(s, pending.GetValueOrDefault(s.Id), delivered.GetValueOrDefault(s.Id)))];
    }

    /// <summary>One subscription, with its secret.</summary>
    public async Task<WebhookSubscriptionView> GetAsync(ChatCaller caller, long id, CancellationToken ct = default)
    {
        RequireAdmin(caller);
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var subscription = await RequireAsync(db, id, ct);
        var pending = await db.WebhookDeliveries.CountAsync(d => d.SubscriptionId == id && d.Status == WebhookDeliveryStatus.Pending, ct);
        var delivered = await db.WebhookDeliveries.Where(d => d.SubscriptionId == id && d.Status == WebhookDeliveryStatus.Delivered)
            .MaxAsync(d => d.DeliveredAt, ct);
        return View(subscription, pending, delivered) with { Secret = subscription.Secret };
    }

    /// <summary>Creates the subscription; the answer carries the secret (generated when none was given).</summary>
    public async Task<WebhookSubscriptionView> CreateAsync(ChatCaller caller, AuditActor actor, SaveWebhookRequest request, CancellationToken ct = default)
    {
        RequireAdmin(caller);
        var valid = WebhookRules.Validate(request);
        var now = clock.GetUtcNow().UtcDateTime;
        var subscription = new WebhookSubscription
        {
            Url = valid.Url, Events = valid.Events, Secret = valid.Secret ?? WebhookRules.NewSecret(), Enabled = true,
            CreatedAt = now, UpdatedAt = now, CreatedById = caller.UserId,
        };
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        // The entry names the new id: both in one transaction.
        await using (var transaction = await db.Database.BeginTransactionAsync(ct))
        {
            db.WebhookSubscriptions.Add(subscription);
            await db.SaveChangesAsync(ct);
            audit.Add(db, actor, new AuditRecord("webhook.created", "webhook", subscription.Id.ToString(), subscription.Url,
                After: new { url = subscription.Url, events = subscription.Events, secret = valid.Secret is null ? "generated" : "given" }));
            await db.SaveChangesAsync(ct);
            await transaction.CommitAsync(ct);
        }
        cache.Invalidate();
        return View(subscription, 0, null) with { Secret = subscription.Secret };
    }

    /// <summary>Changes the URL and events, and the secret when one is given.</summary>
    public async Task<WebhookSubscriptionView> UpdateAsync(ChatCaller caller, AuditActor actor, long id, SaveWebhookRequest request, CancellationToken ct = default)
    {
        RequireAdmin(caller);
        var valid = WebhookRules.Validate(request);
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var subscription = await RequireAsync(db, id, ct);
        var before = new { url = subscription.Url, events = subscription.Events.ToList() };
        var secretChanged = valid.Secret is not null && valid.Secret != subscription.Secret;
        if (subscription.Url == valid.Url && subscription.Events.SequenceEqual(valid.Events) && !secretChanged)
            return await GetAsync(caller, id, ct);
        subscription.Url = valid.Url;
        subscription.Events = valid.Events;
        if (secretChanged)
            subscription.Secret = valid.Secret!;
        subscription.UpdatedAt = clock.GetUtcNow().UtcDateTime;
        audit.Add(db, actor, new AuditRecord("webhook.updated", "webhook", id.ToString(), subscription.Url, Before: before,
            After: new { url = subscription.Url, events = subscription.Events, secret = secretChanged ? "changed" : "kept" }));
        await db.SaveChangesAsync(ct);
        cache.Invalidate();
        return await GetAsync(caller, id, ct);
    }

    /// <summary>Deletes the subscription and its delivery log; what was pending is not sent.</summary>
    public async Task DeleteAsync(ChatCaller caller, AuditActor actor, long id, CancellationToken ct = default)
    {
        RequireAdmin(caller);
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var subscription = await RequireAsync(db, id, ct);
        var pending = await db.WebhookDeliveries.CountAsync(d => d.SubscriptionId == id && d.Status == WebhookDeliveryStatus.Pending, ct);
        db.WebhookSubscriptions.Remove(subscription);
        audit.Add(db, actor, new AuditRecord("webhook.deleted", "webhook", id.ToString(), subscription.Url,
            Before: new { url = subscription.Url, events = subscription.Events },
            Detail: pending == 0 ? null : $"{pending} pending delivery(ies) will not be sent."));
        await db.SaveChangesAsync(ct);
        cache.Invalidate();
    }

    /// <summary>Stops sending (events are not recorded for it while paused; what was pending waits).</summary>
    public async Task<WebhookSubscriptionView> PauseAsync(ChatCaller caller, AuditActor actor, long id, CancellationToken ct = default)
    {
        RequireAdmin(caller);
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var subscription = await RequireAsync(db, id, ct);
        if (subscription.PausedAt is null)
        {
            var now = clock.GetUtcNow().UtcDateTime;
            subscription.PausedAt = now;
            subscription.PauseReason = $"Paused by {caller.DisplayName}.";
            subscription.UpdatedAt = now;
            audit.Add(db, actor, new AuditRecord("webhook.paused", "webhook", id.ToString(), subscription.Url, Detail: subscription.PauseReason));
            await db.SaveChangesAsync(ct);
            cache.Invalidate();
        }
        return await GetAsync(caller, id, ct);
    }

    /// <summary>Sends again: the failure count starts over and what was pending is tried at once.</summary>
    public async Task<WebhookSubscriptionView> ResumeAsync(ChatCaller caller, AuditActor actor, long id, CancellationToken ct = default)
    {
        RequireAdmin(caller);
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var subscription = await RequireAsync(db, id, ct);
        if (subscription.PausedAt is not null || !subscription.Enabled)
        {
            var now = clock.GetUtcNow().UtcDateTime;
            var reason = subscription.PauseReason;
            subscription.PausedAt = null;
            subscription.PauseReason = null;
            subscription.Enabled = true;
            subscription.ConsecutiveFailures = 0;
            subscription.UpdatedAt = now;
            audit.Add(db, actor, new AuditRecord("webhook.resumed", "webhook", id.ToString(), subscription.Url, Before: new { pauseReason = reason }));
            await using var transaction = await db.Database.BeginTransactionAsync(ct);
            await db.SaveChangesAsync(ct);
            await db.WebhookDeliveries.Where(d => d.SubscriptionId == id && d.Status == WebhookDeliveryStatus.Pending)
                .ExecuteUpdateAsync(s => s.SetProperty(d => d.NextAttemptAt, now), ct);
            await transaction.CommitAsync(ct);
            cache.Invalidate();
            signal.Wake();
        }
        return await GetAsync(caller, id, ct);
    }

    internal static WebhookSubscriptionView View(WebhookSubscription s, int pending, DateTime? lastDelivered) => new(
        s.Id, s.Url, [.. s.Events],
        s.PausedAt is not null || !s.Enabled ? WebhookSubscriptionState.Paused
        : s.ConsecutiveFailures > 0 ? WebhookSubscriptionState.Failing : WebhookSubscriptionState.Active,
        s.PausedAt, s.PauseReason, s.ConsecutiveFailures, pending, lastDelivered, s.CreatedAt, s.UpdatedAt);

    internal static async Task<WebhookSubscription> RequireAsync(ChatDbContext db, long id, CancellationToken ct) =>
        await db.WebhookSubscriptions.FirstOrDefaultAsync(s => s.Id == id, ct) ?? throw new ChatNotFoundException($"Webhook {id}");

    internal static void RequireAdmin(ChatCaller caller)
    {
        if (!caller.IsAdmin)
            throw new ChatForbiddenException("Only admins manage webhooks.");
    }
}
