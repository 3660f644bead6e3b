using QanDu.Dashboard.Data.Entities;

namespace QanDu.Dashboard.Features.Webhooks;

/// <summary>How a subscription is doing: sending, sending but its last attempts failed, or paused (by an admin or by the failure rule).</summary>
public enum WebhookSubscriptionState { Active, Failing, Paused }

/// <summary>
/// A subscription as admins see it. <see cref="Secret"/> is filled when it was just created and when one subscription is
/// read on its own (<c>GET /api/admin/webhooks/{id}</c>, the page's "Show secret"); lists leave it out.
/// </summary>
public sealed record WebhookSubscriptionView(
    long Id,
    string Url,
    IReadOnlyList<string> Events,
    WebhookSubscriptionState State,
    DateTime? PausedAt,
    string? PauseReason,
    int ConsecutiveFailures,
    int Pending,
    DateTime? LastDeliveredAt,
    DateTime CreatedAt,
    DateTime UpdatedAt)
{
    public string? Secret { get; init; }
}

/// <summary>
/// A new or changed subscription. <c>Secret</c>: at least 16 characters; left out, a new one is generated on create and
/// the old one kept on update.
/// </summary>
public sealed record SaveWebhookRequest(string? Url, IReadOnlyList<string>? Events, string? Secret = null);

/// <summary>One delivery in the log (<see cref="Payload"/>, the body sent, only when one delivery is read).</summary>
public sealed record WebhookDeliveryView(
    long Id,
    Guid DeliveryId,
    long SubscriptionId,
    string Event,
    WebhookDeliveryStatus Status,
    int Attempts,
    DateTime CreatedAt,
    DateTime? LastAttemptAt,
    int? LastStatusCode,
    string? LastError,
    long? LastDurationMs,
    DateTime? NextAttemptAt,
    DateTime? DeliveredAt)
{
    public string? Payload { get; init; }
}

/// <summary>One page (1-based) of a subscription's deliveries, newest first.</summary>
public sealed record WebhookDeliveryPage(IReadOnlyList<WebhookDeliveryView> Items, int Page, int PageSize, bool HasMore);
