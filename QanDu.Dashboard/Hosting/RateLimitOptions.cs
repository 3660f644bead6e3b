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
}
