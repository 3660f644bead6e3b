using System.ComponentModel.DataAnnotations;

namespace QanDu.Dashboard.Features.Health;

/// <summary>When the health page calls the data folder's disk nearly full, bound from the <c>Health</c> section (docs/operations.md).</summary>
public sealed class HealthOptions
{
    public const string Section = "Health";

    /// <summary>Degraded when less than this many megabytes are free (Unhealthy below <c>Storage:MinFreeSpaceMegabytes</c>).</summary>
    [Range(0, 1_000_000_000, ErrorMessage = "Health:DiskWarningMegabytes must be between 0 and 1,000,000,000 (docs/operations.md).")]
    public long DiskWarningMegabytes { get; set; } = 1024;

    /// <summary>Degraded when less than this share of the disk is free, in percent.</summary>
    [Range(0, 100, ErrorMessage = "Health:DiskWarningPercent must be between 0 and 100 (docs/operations.md).")]
    public double DiskWarningPercent { get; set; } = 5;
}
