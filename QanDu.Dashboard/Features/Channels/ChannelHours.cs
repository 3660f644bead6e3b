using QanDu.Dashboard.Data.Entities;

namespace QanDu.Dashboard.Features.Channels;

/// <summary>Whether a channel is within its business hours (in its own time zone; no hours set: always open).</summary>
public static class ChannelHours
{
    public static bool IsOpen(WebsiteChannel channel, DateTime utcNow) =>
        IsOpen(channel.BusinessHours, ZoneOf(channel), utcNow);

    public static bool IsOpen(IReadOnlyList<BusinessHoursSlot> hours, TimeZoneInfo zone, DateTime utcNow)
    {
        if (hours.Count == 0)
            return true;
        var local = TimeZoneInfo.ConvertTimeFromUtc(DateTime.SpecifyKind(utcNow, DateTimeKind.Utc), zone);
        var time = TimeOnly.FromDateTime(local);
        return hours.Any(s => s.Day == local.DayOfWeek && time >= s.From && time < s.To);
    }

    /// <summary>The next time (UTC) the channel opens, within a week; null when it is open now or has no hours.</summary>
    public static DateTime? NextOpening(WebsiteChannel channel, DateTime utcNow)
    {
        if (IsOpen(channel, utcNow))
            return null;
        var zone = ZoneOf(channel);
        var local = TimeZoneInfo.ConvertTimeFromUtc(DateTime.SpecifyKind(utcNow, DateTimeKind.Utc), zone);
        for (var day = 0; day <= 7; day++)
        {
            var date = DateOnly.FromDateTime(local).AddDays(day);
            var opening = channel.BusinessHours
                .Where(s => s.Day == date.DayOfWeek)
                .Select(s => date.ToDateTime(s.From))
                .Where(start => start > local)
                .OrderBy(start => start)
                .Cast<DateTime?>()
                .FirstOrDefault();
            if (opening is { } start)
                return TimeZoneInfo.ConvertTimeToUtc(DateTime.SpecifyKind(start, DateTimeKind.Unspecified), zone);
        }
        return null;
    }

    /// <summary>The channel's zone; an unknown id (validated on save, so only from old data) counts as UTC.</summary>
    public static TimeZoneInfo ZoneOf(WebsiteChannel channel) =>
        TimeZoneInfo.TryFindSystemTimeZoneById(channel.TimeZone, out var zone) ? zone : TimeZoneInfo.Utc;
}
