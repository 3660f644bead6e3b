using QanDu.Dashboard.Data.Entities;

namespace QanDu.Dashboard.Features.Sla;

/// <summary>
/// Time counted in a channel's business hours, in its own time zone (daylight-saving changes included): how much of it
/// lies between two moments, and when a given amount of it will have passed. No hours: around the clock.
/// </summary>
public static class BusinessTime
{
    /// <summary>How far ahead <see cref="Add"/> looks for open hours before giving up (a channel open a few hours a year).</summary>
    private const int HorizonDays = 400;

    /// <summary>The business time between <paramref name="fromUtc"/> and <paramref name="toUtc"/> (zero when to is not after from).</summary>
    public static TimeSpan Between(DateTime fromUtc, DateTime toUtc, IReadOnlyList<BusinessHoursSlot> hours, TimeZoneInfo zone)
    {
        if (toUtc <= fromUtc)
            return TimeSpan.Zero;
        if (hours.Count == 0)
            return toUtc - fromUtc;
        var total = TimeSpan.Zero;
        foreach (var (start, end) in OpenIntervals(fromUtc, hours, zone))
        {
            if (start >= toUtc)
                break;
            var from = start > fromUtc ? start : fromUtc;
            var to = end < toUtc ? end : toUtc;
            if (to > from)
                total += to - from;
        }
        return total;
    }

    /// <summary>The moment <paramref name="duration"/> of business time after <paramref name="fromUtc"/>.</summary>
    public static DateTime Add(DateTime fromUtc, TimeSpan duration, IReadOnlyList<BusinessHoursSlot> hours, TimeZoneInfo zone)
    {
        if (hours.Count == 0)
            return fromUtc + duration;
        var left = duration;
        foreach (var (start, end) in OpenIntervals(fromUtc, hours, zone))
        {
            var from = start > fromUtc ? start : fromUtc;
            if (end <= from)
                continue;
            if (left <= end - from)
                return from + left;
            left -= end - from;
        }
        return fromUtc.AddDays(HorizonDays);
    }

    /// <summary>The open intervals (UTC, merged, in order) from the local day before <paramref name="fromUtc"/> on, for <see cref="HorizonDays"/>.</summary>
    public static IEnumerable<(DateTime Start, DateTime End)> OpenIntervals(DateTime fromUtc, IReadOnlyList<BusinessHoursSlot> hours, TimeZoneInfo zone)
    {
        var firstDay = DateOnly.FromDateTime(TimeZoneInfo.ConvertTimeFromUtc(DateTime.SpecifyKind(fromUtc, DateTimeKind.Utc), zone)).AddDays(-1);
        (DateTime Start, DateTime End)? pending = null;
        for (var day = 0; day <= HorizonDays; day++)
        {
            var date = firstDay.AddDays(day);
            foreach (var slot in hours.Where(s => s.Day == date.DayOfWeek && s.To > s.From).OrderBy(s => s.From))
            {
                var start = ToUtc(date.ToDateTime(slot.From), zone);
                var end = ToUtc(date.ToDateTime(slot.To), zone);
                if (end <= start)
                    continue;
                if (pending is { } open && start <= open.End)
                {
                    pending = (open.Start, end > open.End ? end : open.End);
                    continue;
                }
                if (pending is { } done)
                    yield return done;
                pending = (start, end);
            }
        }
        if (pending is { } last)
            yield return last;
    }

    /// <summary>
    /// A local wall-clock time in <paramref name="zone"/> as UTC: a time skipped by a daylight-saving change counts from
    /// the moment the clocks jumped to; a repeated one is its first occurrence.
    /// </summary>
    public static DateTime ToUtc(DateTime local, TimeZoneInfo zone)
    {
        local = DateTime.SpecifyKind(local, DateTimeKind.Unspecified);
        var probe = local;
        while (zone.IsInvalidTime(probe))
            probe = probe.AddMinutes(1);
        if (probe != local)
            return TimeZoneInfo.ConvertTimeToUtc(probe, zone); // the first minute after the jump
        if (zone.IsAmbiguousTime(local))
        {
            var offsets = zone.GetAmbiguousTimeOffsets(local);
            var daylight = offsets.Max(); // before the clocks go back, the larger offset applies
            return DateTime.SpecifyKind(local - daylight, DateTimeKind.Utc);
        }
        return TimeZoneInfo.ConvertTimeToUtc(local, zone);
    }
}
