using QanDu.Dashboard.Features.Inbox;

namespace QanDu.Dashboard.Tests.Features.Inbox;

/// <summary>The snooze menu's times are wall-clock times where the person is, turned into UTC.</summary>
public sealed class SnoozeTimesTests
{
    private static readonly TimeZoneInfo Berlin = TimeZoneInfo.FindSystemTimeZoneById("Europe/Berlin");

    [Fact]
    public void TomorrowMorning_LateEveningInBerlin_NineOClockBerlinTimeNextDay()
    {
        var now = new DateTime(2026, 12, 4, 22, 30, 0, DateTimeKind.Utc); // 23:30 on Friday in Berlin

        SnoozeTimes.TomorrowMorning(now, Berlin).Should().Be(new DateTime(2026, 12, 5, 8, 0, 0, DateTimeKind.Utc));
    }

    [Fact]
    public void NextWeek_OnAFriday_MondayNineAndAWeekOnWhenItIsMonday()
    {
        SnoozeTimes.NextWeek(new DateTime(2026, 12, 4, 12, 0, 0, DateTimeKind.Utc), Berlin).Should().Be(new DateTime(2026, 12, 7, 8, 0, 0, DateTimeKind.Utc));
        SnoozeTimes.NextWeek(new DateTime(2026, 12, 7, 12, 0, 0, DateTimeKind.Utc), Berlin).Should().Be(new DateTime(2026, 12, 14, 8, 0, 0, DateTimeKind.Utc));
    }

    [Fact]
    public void AtLocal_TimeSkippedBySpringForward_MovesAnHourOn()
    {
        SnoozeTimes.AtLocal(new DateOnly(2026, 3, 29), new TimeOnly(2, 30), Berlin).Should().Be(new DateTime(2026, 3, 29, 1, 30, 0, DateTimeKind.Utc));
    }
}
