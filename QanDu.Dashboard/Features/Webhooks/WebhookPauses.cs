using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using QanDu.Dashboard.Data;
using QanDu.Dashboard.Data.Entities;
using QanDu.Dashboard.Features.Audit;

namespace QanDu.Dashboard.Features.Webhooks;

/// <summary>
/// The rule that stops sending to a receiver that keeps failing: after <see cref="WebhookOptions.PauseAfterFailures"/>
/// failed attempts in a row, when the failures have lasted an hour (a delivery has waited that long) or a delivery gave
/// up for good (retried for the whole window, or refused, e.g. a target address that is not allowed). The pause commits
/// with an audit entry by the app; admins see it on the webhooks page, in the navigation's badge and on the health page
/// (<c>WebhookState</c>), and resume the subscription when the receiver is fixed.
/// </summary>
public sealed class WebhookPauses(WebhookSubscriptionCache cache, AuditLog audit, IOptions<WebhookOptions> options, ILogger<WebhookPauses> logger)
{
    public static readonly TimeSpan FailingFor = TimeSpan.FromHours(1);

    /// <summary>Pauses <paramref name="subscription"/> in <paramref name="db"/> (not saved) when the rule says so.</summary>
    internal async Task<bool> PauseIfFailingAsync(ChatDbContext db, WebhookSubscription subscription, WebhookDelivery delivery, DateTime now, CancellationToken ct)
    {
        if (subscription.PausedAt is not null || subscription.ConsecutiveFailures < options.Value.PauseAfterFailures)
            return false;
        var gaveUp = delivery.Status == WebhookDeliveryStatus.Failed;
        if (!gaveUp)
        {
            var oldest = await db.WebhookDeliveries.Where(d => d.SubscriptionId == subscription.Id && d.Status == WebhookDeliveryStatus.Pending)
                .MinAsync(d => (DateTime?)d.CreatedAt, ct);
            if (oldest is not { } since || now - since < FailingFor)
                return false;
        }
        subscription.PausedAt = now;
        subscription.PauseReason = Clip($"{subscription.ConsecutiveFailures} delivery attempts in a row failed" +
                                        $"{(gaveUp ? " and a delivery gave up" : " for over an hour")} (last: {delivery.LastError}).", 500);
        subscription.UpdatedAt = now;
        audit.Add(db, AuditActor.App, new AuditRecord("webhook.paused", "webhook", subscription.Id.ToString(), subscription.Url,
            Detail: subscription.PauseReason));
        return true;
    }

    /// <summary>After the pause committed: the outbox stops writing for it.</summary>
    internal void Paused(WebhookSubscription subscription)
    {
        cache.Invalidate();
        logger.LogWarning("Webhook subscription {SubscriptionId} ({Url}) was paused: {Reason}", subscription.Id, subscription.Url, subscription.PauseReason);
    }

    private static string Clip(string text, int max) => text.Length <= max ? text : text[..(max - 1)] + "…";
}
