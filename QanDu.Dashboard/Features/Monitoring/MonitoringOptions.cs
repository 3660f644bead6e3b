using System.ComponentModel.DataAnnotations;

namespace QanDu.Dashboard.Features.Monitoring;

/// <summary>The live board's thresholds, bound from the <c>Monitoring</c> section (docs/configuration.md: Live board).</summary>
public sealed class MonitoringOptions
{
    public const string Section = "Monitoring";

    /// <summary>A running SLA target due within this many minutes shows as "about to breach".</summary>
    [Range(1, 1440, ErrorMessage = "Monitoring:SlaWarningMinutes must be between 1 and 1440 (docs/configuration.md, Live board).")]
    public int SlaWarningMinutes { get; set; } = 5;

    /// <summary>A customer waiting this many minutes for a person's reply is on the risk radar.</summary>
    [Range(1, 10080, ErrorMessage = "Monitoring:LongWaitMinutes must be between 1 and 10080 (docs/configuration.md, Live board).")]
    public int LongWaitMinutes { get; set; } = 15;

    /// <summary>The IANA or Windows time zone whose midnight starts the board's "today" (default UTC).</summary>
    [Required]
    public string TimeZone { get; set; } = "UTC";

    public TimeZoneInfo Zone => TimeZoneInfo.FindSystemTimeZoneById(TimeZone);

    public static bool IsKnownZone(string? id)
    {
        if (string.IsNullOrWhiteSpace(id))
            return false;
        try
        {
            TimeZoneInfo.FindSystemTimeZoneById(id);
            return true;
        }
        catch (Exception ex) when (ex is TimeZoneNotFoundException or InvalidTimeZoneException)
        {
            return false;
        }
    }
}
