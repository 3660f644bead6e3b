using System.ComponentModel.DataAnnotations;

namespace QanDu.Dashboard.Features.Webhooks;

/// <summary>How webhook deliveries are sent, bound from the <c>Webhooks</c> section (docs/configuration.md: Webhooks).</summary>
public sealed class WebhookSenderOptions
{
    public const string Section = "Webhooks";

    /// <summary>How long one attempt may take, redirects included, before it counts as a timeout (seconds).</summary>
    [Range(1, 120, ErrorMessage = "Webhooks:TimeoutSeconds must be between 1 and 120 (docs/configuration.md, Webhooks).")]
    public int TimeoutSeconds { get; set; } = 10;
}
