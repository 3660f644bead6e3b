using System.ComponentModel.DataAnnotations;

namespace QanDu.Dashboard.Features.Channels.Routing;

/// <summary>Routing of customer conversations, bound from the <c>Routing</c> section (docs/configuration.md).</summary>
public sealed class RoutingOptions
{
    public const string Section = "Routing";

    /// <summary>How often conversations of agents who went offline are checked for reassignment.</summary>
    [Range(typeof(TimeSpan), "00:00:01", "00:10:00", ErrorMessage = "Routing:CheckInterval is between 00:00:01 and 00:10:00 (docs/configuration.md).")]
    public TimeSpan CheckInterval { get; set; } = TimeSpan.FromSeconds(30);
}
