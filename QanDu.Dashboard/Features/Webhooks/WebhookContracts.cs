namespace QanDu.Dashboard.Features.Webhooks;

/// <summary>One attempt to deliver: where, with which secret, and the exact body (the same at every retry).</summary>
public sealed record WebhookRequest(Uri Url, string Secret, Guid DeliveryId, string Event, string Payload);

/// <summary>
/// What an attempt came to. <see cref="Outcome"/> is a short machine word for logs and metrics (<c>delivered</c>,
/// <c>timeout</c>, <c>http_500</c>, <c>refused_address</c>, <c>unresolved</c>…); <see cref="Error"/> says it in words an
/// admin can act on; <see cref="Permanent"/>: retrying cannot help (e.g. the URL is not http/https).
/// </summary>
public sealed record WebhookAttemptResult(bool Delivered, int? StatusCode, string Outcome, string? Error, TimeSpan Duration, bool Permanent = false);

/// <summary>
/// Sends one signed delivery over HTTP, checking the target's addresses at every attempt and after every redirect
/// (SSRF rules, with the admins' allowed hosts). Never throws for a receiver's fault: the result says what happened.
/// </summary>
public interface IWebhookSender
{
    Task<WebhookAttemptResult> SendAsync(WebhookRequest request, CancellationToken ct);
}
