using System.ComponentModel.DataAnnotations;

namespace QanDu.Dashboard.Hosting;

/// <summary>
/// How many API requests a caller may make in a sliding minute, bound from the <c>RateLimits</c> section
/// (docs/configuration.md). A person's limits count their browser and all their API keys together; each key also has
/// its own, lower ones, so one leaked or runaway integration is stopped before its owner is.
/// </summary>
public sealed class RateLimitOptions
{
    public const string Section = "RateLimits";

    /// <summary>API requests of any kind one person may make per minute.</summary>
    [Range(1, 1_000_000, ErrorMessage = "RateLimits:RequestsPerMinute must be between 1 and 1000000 (docs/configuration.md).")]
    public int RequestsPerMinute { get; set; } = 1200;

    /// <summary>API requests that change something (POST, PUT, PATCH, DELETE) one person may make per minute.</summary>
    [Range(1, 1_000_000, ErrorMessage = "RateLimits:WritesPerMinute must be between 1 and 1000000 (docs/configuration.md).")]
    public int WritesPerMinute { get; set; } = 300;

    /// <summary>API requests of any kind one API key may make per minute.</summary>
    [Range(1, 1_000_000, ErrorMessage = "RateLimits:KeyRequestsPerMinute must be between 1 and 1000000 (docs/configuration.md).")]
    public int KeyRequestsPerMinute { get; set; } = 600;

    /// <summary>API requests that change something one API key may make per minute.</summary>
    [Range(1, 1_000_000, ErrorMessage = "RateLimits:KeyWritesPerMinute must be between 1 and 1000000 (docs/configuration.md).")]
    public int KeyWritesPerMinute { get; set; } = 120;

    /// <summary>API requests without a sign-in (or with a wrong key) one client address may make per minute.</summary>
    [Range(1, 1_000_000, ErrorMessage = "RateLimits:AnonymousRequestsPerMinute must be between 1 and 1000000 (docs/configuration.md).")]
    public int AnonymousRequestsPerMinute { get; set; } = 120;

    // The widget's visitor API and hub (/api/widget/v1, /hubs/widget): strangers, so lower limits.

    /// <summary>Widget sessions (POST /api/widget/v1/session) one client address may start per minute.</summary>
    [Range(1, 1_000_000, ErrorMessage = "RateLimits:VisitorSessionsPerMinute must be between 1 and 1000000 (docs/configuration.md).")]
    public int VisitorSessionsPerMinute { get; set; } = 20;

    /// <summary>Messages one visitor may send per minute.</summary>
    [Range(1, 1_000_000, ErrorMessage = "RateLimits:VisitorMessagesPerMinute must be between 1 and 1000000 (docs/configuration.md).")]
    public int VisitorMessagesPerMinute { get; set; } = 20;

    /// <summary>Files one visitor may upload per minute.</summary>
    [Range(1, 1_000_000, ErrorMessage = "RateLimits:VisitorUploadsPerMinute must be between 1 and 1000000 (docs/configuration.md).")]
    public int VisitorUploadsPerMinute { get; set; } = 10;

    /// <summary>Widget requests of any kind (API and hub connections) one visitor may make per minute.</summary>
    [Range(1, 1_000_000, ErrorMessage = "RateLimits:VisitorRequestsPerMinute must be between 1 and 1000000 (docs/configuration.md).")]
    public int VisitorRequestsPerMinute { get; set; } = 300;

    /// <summary>Calls (typing, read, page, watch) one widget hub connection may make per minute.</summary>
    [Range(1, 1_000_000, ErrorMessage = "RateLimits:VisitorHubCallsPerMinute must be between 1 and 1000000 (docs/configuration.md).")]
    public int VisitorHubCallsPerMinute { get; set; } = 120;
}
