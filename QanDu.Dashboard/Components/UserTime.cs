namespace QanDu.Dashboard.Components;

/// <summary>Times as the person at the browser reads them: their time zone, read once per circuit.</summary>
public sealed class UserTime(TimeProvider clock)
{
    public TimeZoneInfo Zone { get; private set; } = TimeZoneInfo.Utc;

    public event Action? Changed;

    public void SetZone(string? ianaId)
    {
        if (string.IsNullOrWhiteSpace(ianaId) || !TimeZoneInfo.TryFindSystemTimeZoneById(ianaId, out var zone) || zone.Id == Zone.Id)
            return;
        Zone = zone;
        Changed?.Invoke();
    }

    public DateTime Local(DateTime utc) => TimeZoneInfo.ConvertTimeFromUtc(DateTime.SpecifyKind(utc, DateTimeKind.Utc), Zone);

    /// <summary>"14:05" today, "Mon" this week, "12 Nov" this year, else "12 Nov 2025".</summary>
    public string Short(DateTime utc)
    {
        var local = Local(utc);
        var today = Local(clock.GetUtcNow().UtcDateTime).Date;
        if (local.Date == today)
            return local.ToString("HH:mm");
        if (local.Date > today.AddDays(-6))
            return local.ToString("ddd");
        return local.Year == today.Year ? local.ToString("d MMM") : local.ToString("d MMM yyyy");
    }

    public string Clock(DateTime utc) => Local(utc).ToString("HH:mm");

    public string Full(DateTime utc) => Local(utc).ToString("dddd d MMMM yyyy, HH:mm");

    /// <summary>"Today", "Yesterday" or the date, for the separators between days in a thread.</summary>
    public string Day(DateTime utc)
    {
        var day = Local(utc).Date;
        var today = Local(clock.GetUtcNow().UtcDateTime).Date;
        return day == today ? "Today" : day == today.AddDays(-1) ? "Yesterday" : day.ToString(day.Year == today.Year ? "dddd d MMMM" : "d MMMM yyyy");
    }
}
