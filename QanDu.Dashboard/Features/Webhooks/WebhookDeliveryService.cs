using Microsoft.EntityFrameworkCore;
using QanDu.Dashboard.Data;
using QanDu.Dashboard.Data.Entities;
using QanDu.Dashboard.Features.Access;
using QanDu.Dashboard.Features.Audit;

namespace QanDu.Dashboard.Features.Webhooks;

/// <summary>
/// A subscription's delivery log for admins: read it page by page (newest first) and one delivery with its body, send a
/// test event, and redeliver a delivery (back to Pending with the same delivery id, so a receiver that has it already can
/// tell). The outbox and the dispatcher write the rest of the table.
/// </summary>
public sealed class WebhookDeliveryService(IDbContextFactory<ChatDbContext> dbFactory, WebhookSignal signal, AuditLog audit, TimeProvider clock)
{
    public const int DefaultPageSize = 25;
    public const int MaxPageSize = 100;

    public async Task<WebhookDeliveryPage> ListAsync(ChatCaller caller, long subscriptionId, int page = 1, int pageSize = DefaultPageSize, CancellationToken ct = default)
    {
        WebhookSubscriptionService.RequireAdmin(caller);
        if (page < 1)
            throw new ChatValidationException("page", "The page is a number from 1.");
        if (pageSize is < 1 or > MaxPageSize)
            throw new ChatValidationException("pageSize", $"The page size is from 1 to {MaxPageSize}.");
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        await WebhookSubscriptionService.RequireAsync(db, subscriptionId, ct);
        var rows = await db.WebhookDeliveries.AsNoTracking().Where(d => d.SubscriptionId == subscriptionId)
            .OrderByDescending(d => d.Id).Skip((page - 1) * pageSize).Take(pageSize + 1).ToListAsync(ct);
        return new WebhookDeliveryPage([.. rows.Take(pageSize).Select(d => View(d))], page, pageSize, rows.Count > pageSize);
    }

    /// <summary>One delivery with the body it sends.</summary>
    public async Task<WebhookDeliveryView> GetAsync(ChatCaller caller, long subscriptionId, Guid deliveryId, CancellationToken ct = default)
    {
        WebhookSubscriptionService.RequireAdmin(caller);
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        return View(await RequireAsync(db, subscriptionId, deliveryId, ct), withPayload: true);
    }

    /// <summary>Queues a <c>ping</c> for the subscription (sent even while it is paused, to test a fix before resuming).</summary>
    public async Task<WebhookDeliveryView> SendTestAsync(ChatCaller caller, long subscriptionId, CancellationToken ct = default)
    {
        WebhookSubscriptionService.RequireAdmin(caller);
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var subscription = await WebhookSubscriptionService.RequireAsync(db, subscriptionId, ct);
        var delivery = WebhookChanges.New(subscriptionId, WebhookEvents.Ping, WebhookPayloads.Ping(subscription), null, clock.GetUtcNow().UtcDateTime);
        db.WebhookDeliveries.Add(delivery);
        await db.SaveChangesAsync(ct);
        signal.Wake();
        return View(delivery, withPayload: true);
    }

    /// <summary>
    /// Sends a delivered or failed delivery again: the same delivery id and body, attempts from zero, and a new retry window
    /// from now (its <c>createdAt</c> in the log becomes now; the body keeps the time of the event).
    /// </summary>
    public async Task<WebhookDeliveryView> RedeliverAsync(ChatCaller caller, AuditActor actor, long subscriptionId, Guid deliveryId, CancellationToken ct = default)
    {
        WebhookSubscriptionService.RequireAdmin(caller);
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var delivery = await RequireAsync(db, subscriptionId, deliveryId, ct);
        if (delivery.Status == WebhookDeliveryStatus.Pending)
            throw new ChatConflictException("This delivery is still pending: it is sent at its next attempt.", "Already pending");
        var now = clock.GetUtcNow().UtcDateTime;
        var was = delivery.Status;
        delivery.Status = WebhookDeliveryStatus.Pending;
        delivery.Attempts = 0;
        delivery.CreatedAt = now;
        delivery.NextAttemptAt = now;
        delivery.DeliveredAt = null;
        audit.Add(db, actor, new AuditRecord("webhook.redelivered", "webhook", subscriptionId.ToString(), delivery.Subscription?.Url,
            Detail: $"Delivery {delivery.DeliveryId} ({delivery.Event}, was {was.ToString().ToLowerInvariant()})"));
        await db.SaveChangesAsync(ct);
        signal.Wake();
        return View(delivery, withPayload: true);
    }

    private static async Task<WebhookDelivery> RequireAsync(ChatDbContext db, long subscriptionId, Guid deliveryId, CancellationToken ct) =>
        await db.WebhookDeliveries.Include(d => d.Subscription).FirstOrDefaultAsync(d => d.DeliveryId == deliveryId && d.SubscriptionId == subscriptionId, ct)
        ?? throw new ChatNotFoundException($"Delivery {deliveryId} of webhook {subscriptionId}");

    internal static WebhookDeliveryView View(WebhookDelivery d, bool withPayload = false) => new(
        d.Id, d.DeliveryId, d.SubscriptionId, d.Event, d.Status, d.Attempts, d.CreatedAt, d.LastAttemptAt, d.LastStatusCode, d.LastError,
        d.LastDurationMs, d.NextAttemptAt, d.DeliveredAt) { Payload = withPayload ? d.Payload : null };
}
