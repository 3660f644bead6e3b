using QanDu.Dashboard.Data.Entities;

namespace QanDu.Dashboard.Features.Sla;

/// <summary>
/// A policy as an admin sets it: which conversations (priority, label, channel; null is any) and the targets in minutes
/// (null: no target). A PUT sets every field: what it leaves out takes its default.
/// </summary>
public sealed record SaveSlaPolicyRequest(
    string? Name,
    PriorityLevel? Priority = null,
    long? LabelId = null,
    long? ChannelId = null,
    int? FirstResponseMinutes = null,
    int? NextResponseMinutes = null,
    int? ResolutionMinutes = null,
    bool BusinessHoursOnly = false,
    bool Enabled = true);

/// <summary>A policy with the names of its label and channel.</summary>
public sealed record SlaPolicyView(
    long Id,
    string Name,
    PriorityLevel? Priority,
    long? LabelId,
    string? LabelName,
    long? ChannelId,
    string? ChannelName,
    int? FirstResponseMinutes,
    int? NextResponseMinutes,
    int? ResolutionMinutes,
    bool BusinessHoursOnly,
    bool Enabled,
    DateTime CreatedAt,
    DateTime UpdatedAt);

/// <summary>How the policy pages and lines put minutes and metrics into words.</summary>
public static class SlaText
{
    /// <summary>90 → "1h 30m", 2880 → "2d", 45 → "45m".</summary>
    public static string Minutes(int minutes)
    {
        var span = TimeSpan.FromMinutes(minutes);
        var parts = new List<string>();
        if (span.Days > 0)
            parts.Add($"{span.Days}d");
        if (span.Hours > 0)
            parts.Add($"{span.Hours}h");
        if (span.Minutes > 0 || parts.Count == 0)
            parts.Add($"{span.Minutes}m");
        return string.Join(" ", parts);
    }

    /// <summary>A duration as the inbox chip says it: "45s", "12m", "3h 5m", "2d 4h".</summary>
    public static string Duration(TimeSpan span)
    {
        if (span < TimeSpan.FromMinutes(1))
            return $"{Math.Max(0, (int)span.TotalSeconds)}s";
        if (span < TimeSpan.FromHours(1))
            return $"{(int)span.TotalMinutes}m";
        if (span < TimeSpan.FromDays(1))
            return span.Minutes == 0 ? $"{(int)span.TotalHours}h" : $"{(int)span.TotalHours}h {span.Minutes}m";
        return span.Hours == 0 ? $"{span.Days}d" : $"{span.Days}d {span.Hours}h";
    }

    /// <summary>"first response", "next response", "resolution".</summary>
    public static string Metric(SlaMetric metric) => metric switch
    {
        SlaMetric.FirstResponse => "first response",
        SlaMetric.NextResponse => "next response",
        _ => "resolution",
    };
}
