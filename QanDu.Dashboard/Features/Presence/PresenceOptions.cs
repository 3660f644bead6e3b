using System.ComponentModel.DataAnnotations;

namespace QanDu.Dashboard.Features.Presence;

/// <summary>Presence and typing timings, bound from the <c>Presence</c> section (README: Configuration).</summary>
public sealed class PresenceOptions
{
    public const string Section = "Presence";

    /// <summary>An Online user with no mouse or keyboard activity in any tab for this long shows as Away.</summary>
    [Range(typeof(TimeSpan), "00:00:01", "1.00:00:00")]
    public TimeSpan AwayAfter { get; set; } = TimeSpan.FromMinutes(10);

    /// <summary>How long after a user's last tab closed they show as Offline (a reload does not flicker).</summary>
    [Range(typeof(TimeSpan), "00:00:00", "00:10:00")]
    public TimeSpan OfflineGrace { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>"X is typing…" disappears this long after the last typing signal.</summary>
    [Range(typeof(TimeSpan), "00:00:01", "00:01:00")]
    public TimeSpan TypingExpiry { get; set; } = TimeSpan.FromSeconds(6);

    /// <summary>The browser sends at most one typing signal per this interval while the user types.</summary>
    [Range(typeof(TimeSpan), "00:00:00.100", "00:00:30")]
    public TimeSpan TypingThrottle { get; set; } = TimeSpan.FromMilliseconds(2500);
}
