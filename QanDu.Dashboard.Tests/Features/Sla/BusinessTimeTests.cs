using QanDu.Dashboard.Data.Entities;
using QanDu.Dashboard.Features.Sla;

namespace QanDu.Dashboard.Tests.Features.Sla;

/// <summary>Business time in a channel's own zone: weekends, evenings and daylight-saving changes counted as a clock on the wall would.</summary>
public sealed class BusinessTimeTests
{
    private static readonly TimeZoneInfo Berlin = TimeZoneInfo.FindSystemTimeZoneById("Europe/Berlin");

    private static readonly IReadOnlyList<BusinessHoursSlot> Weekdays =
    [
        .. new[] { DayOfWeek.Monday, DayOfWeek.Tuesday, DayOfWeek.Wednesday, DayOfWeek.Thursday, DayOfWeek.Friday }
            .Select(d => new BusinessHoursSlot(d, new TimeOnly(9, 0), new TimeOnly(17, 0))),
    ];

    private static DateTime Utc(int month, int day, int hour, int minute = 0) => new(2026, month, day, hour, minute, 0, DateTimeKind.Utc);

    [Fact]
    public void Between_OverAWeekendAcrossTheSpringChange_CountsOnlyOpenHours()
    {
        // Friday 27 March 16:00 CET (15:00 UTC) to Monday 30 March 10:00 CEST (08:00 UTC): one hour on Friday, one on Monday.
        BusinessTime.Between(Utc(3, 27, 15), Utc(3, 30, 8), Weekdays, Berlin).Should().Be(TimeSpan.FromHours(2));
        BusinessTime.Between(Utc(3, 27, 15), Utc(3, 30, 8), [], Berlin).Should().Be(TimeSpan.FromHours(65),
            "around the clock the night of the change is an hour shorter");
    }

    [Fact]
    public void Add_PastClosingTime_ContinuesAtTheNextOpening()
    {
        // Friday 16:30 CET plus one business hour: half an hour on Friday, the rest from Monday 09:00 CEST (07:00 UTC).
        BusinessTime.Add(Utc(3, 27, 15, 30), TimeSpan.FromHours(1), Weekdays, Berlin).Should().Be(Utc(3, 30, 7, 30));
    }

    [Fact]
    public void Between_ShiftSpanningTheSkippedHour_IsTwoHoursNotThree()
    {
        IReadOnlyList<BusinessHoursSlot> night = [new(DayOfWeek.Sunday, new TimeOnly(1, 0), new TimeOnly(4, 0))];
        // Sunday 29 March: 01:00 CET is 00:00 UTC, 04:00 CEST is 02:00 UTC.
        BusinessTime.Between(Utc(3, 28, 12), Utc(3, 29, 12), night, Berlin).Should().Be(TimeSpan.FromHours(2));
    }

    [Fact]
    public void Between_ShiftSpanningTheRepeatedHour_IsFourHours()
    {
        IReadOnlyList<BusinessHoursSlot> night = [new(DayOfWeek.Sunday, new TimeOnly(1, 0), new TimeOnly(4, 0))];
        // Sunday 25 October: 01:00 CEST is 23:00 UTC the day before, 04:00 CET is 03:00 UTC.
        BusinessTime.Between(Utc(10, 24, 12), Utc(10, 25, 12), night, Berlin).Should().Be(TimeSpan.FromHours(4));
    }

    [Fact]
    public void Between_SplitShifts_CountsBothAndNotTheBreak()
    {
        IReadOnlyList<BusinessHoursSlot> split =
        [
            new(DayOfWeek.Wednesday, new TimeOnly(8, 0), new TimeOnly(12, 0)),
            new(DayOfWeek.Wednesday, new TimeOnly(14, 0), new TimeOnly(18, 0)),
        ];
        BusinessTime.Between(Utc(6, 3, 0), Utc(6, 4, 0), split, TimeZoneInfo.Utc).Should().Be(TimeSpan.FromHours(8));
        BusinessTime.Add(Utc(6, 3, 11), TimeSpan.FromHours(2), split, TimeZoneInfo.Utc).Should().Be(Utc(6, 3, 15));
    }
}
