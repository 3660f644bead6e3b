using System.ComponentModel.DataAnnotations;

namespace QanDu.Dashboard.Features.Webhooks;

/// <summary>Webhook delivery settings, under <c>Webhooks:*</c> (docs/configuration.md, "Webhooks").</summary>
public sealed class WebhookOptions
{
    public const string Section = "Webhooks";

    /// <summary>How often the dispatcher looks for due deliveries besides being woken after commits (seconds).</summary>
    [Range(1, 300)]
    public int PollSeconds { get; set; } = 5;

    /// <summary>Deliveries in flight at once across all subscriptions (each subscription has at most one).</summary>
    [Range(1, 64)]
    public int MaxConcurrency { get; set; } = 4;

    /// <summary>How long a delivery is retried after it was queued before it is marked failed (hours).</summary>
    [Range(1, 168)]
    public int RetryHours { get; set; } = 24;

    /// <summary>Failed attempts in a row after which a subscription is paused (when they span an hour, or a delivery gave up).</summary>
    [Range(2, 1000)]
    public int PauseAfterFailures { get; set; } = 10;

    /// <summary>How long one attempt may take, redirects included, before it counts as a timeout (seconds).</summary>
    [Range(1, 120, ErrorMessage = "Webhooks:TimeoutSeconds must be between 1 and 120 (docs/configuration.md, Webhooks).")]
    public int TimeoutSeconds { get; set; } = 10;
}

/// <summary>When a failed delivery is tried next: 10 s, 30 s, 1.5 min, 4.5 min … (times three), at most an hour apart.</summary>
public static class WebhookBackoff
{
    public static readonly TimeSpan First = TimeSpan.FromSeconds(10);
    public static readonly TimeSpan Max = TimeSpan.FromHours(1);

    /// <summary>The wait after the <paramref name="attempts"/>-th failed attempt (1-based).</summary>
    public static TimeSpan After(int attempts)
    {
        var seconds = First.TotalSeconds * Math.Pow(3, Math.Clamp(attempts - 1, 0, 20));
        return seconds >= Max.TotalSeconds ? Max : TimeSpan.FromSeconds(seconds);
    }
}
