namespace QanDu.Dashboard.Features.Inbox;

/// <summary>The snooze menu's choices as UTC times, from the person's time zone: "tomorrow 9:00" is 9:00 where they are.</summary>
public static class SnoozeTimes
{
    private static readonly TimeOnly Morning = new(9, 0);

    public static DateTime InOneHour(DateTime utcNow) => utcNow.AddHours(1);

    public static DateTime TomorrowMorning(DateTime utcNow, TimeZoneInfo zone) =>
        AtLocal(DateOnly.FromDateTime(Local(utcNow, zone)).AddDays(1), Morning, zone);

    /// <summary>Next Monday at 9:00 (a week on, when today is Monday).</summary>
    public static DateTime NextWeek(DateTime utcNow, TimeZoneInfo zone)
    {
        var today = DateOnly.FromDateTime(Local(utcNow, zone));
        var days = ((int)DayOfWeek.Monday - (int)today.DayOfWeek + 7) % 7;
        return AtLocal(today.AddDays(days == 0 ? 7 : days), Morning, zone);
    }

    /// <summary>A wall-clock time in <paramref name="zone"/> as UTC (a time skipped by a clock change moves an hour on).</summary>
    public static DateTime AtLocal(DateOnly date, TimeOnly time, TimeZoneInfo zone)
    {
        var local = DateTime.SpecifyKind(date.ToDateTime(time), DateTimeKind.Unspecified);
        if (zone.IsInvalidTime(local))
            local = local.AddHours(1);
        return TimeZoneInfo.ConvertTimeToUtc(local, zone);
    }

    private static DateTime Local(DateTime utc, TimeZoneInfo zone) =>
        TimeZoneInfo.ConvertTimeFromUtc(DateTime.SpecifyKind(utc, DateTimeKind.Utc), zone);
}
