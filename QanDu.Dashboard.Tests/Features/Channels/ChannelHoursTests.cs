using QanDu.Dashboard.Data.Entities;
using QanDu.Dashboard.Features.Channels;

namespace QanDu.Dashboard.Tests.Features.Channels;

/// <summary>Whether a channel is open, in its own time zone, with split shifts; and when it opens next.</summary>
public sealed class ChannelHoursTests
{
    // Monday 2 February 2026.
    private static readonly DateOnly Monday = new(2026, 2, 2);

    private static WebsiteChannel SplitShifts(string zone = "UTC") => new()
    {
        TimeZone = zone,
        BusinessHours =
        [
            new(DayOfWeek.Monday, new TimeOnly(9, 0), new TimeOnly(12, 0)),
            new(DayOfWeek.Monday, new TimeOnly(14, 0), new TimeOnly(18, 0)),
            new(DayOfWeek.Wednesday, new TimeOnly(10, 0), new TimeOnly(16, 0)),
        ],
    };

    private static DateTime Utc(DateOnly day, int hour, int minute = 0) => day.ToDateTime(new TimeOnly(hour, minute), DateTimeKind.Utc);

    [Theory]
    [InlineData(8, 59, false)]
    [InlineData(9, 0, true)]
    [InlineData(11, 59, true)]
    [InlineData(12, 0, false)] // the lunch break between the two shifts
    [InlineData(13, 30, false)]
    [InlineData(14, 0, true)]
    [InlineData(18, 0, false)]
    public void IsOpen_SplitShifts_OpenOnlyWithinAShift(int hour, int minute, bool open) =>
        ChannelHours.IsOpen(SplitShifts(), Utc(Monday, hour, minute)).Should().Be(open);

    [Fact]
    public void IsOpen_NoHours_AlwaysOpen() =>
        ChannelHours.IsOpen(new WebsiteChannel(), Utc(Monday.AddDays(6), 3)).Should().BeTrue();

    [Fact]
    public void IsOpen_TimeZone_HoursAreTheChannelsLocalTime()
    {
        // New York is UTC-5 in February: 09:00 there is 14:00 UTC.
        var channel = SplitShifts("America/New_York");

        ChannelHours.IsOpen(channel, Utc(Monday, 9, 30)).Should().BeFalse("it is 04:30 in New York");
        ChannelHours.IsOpen(channel, Utc(Monday, 14, 30)).Should().BeTrue("it is 09:30 in New York");
        ChannelHours.IsOpen(channel, Utc(Monday.AddDays(1), 1)).Should().BeFalse("it is Monday 20:00 in New York, after the last shift");
        ChannelHours.IsOpen(channel, Utc(Monday.AddDays(1), 22, 30)).Should().BeFalse("it is Tuesday 17:30 in New York: no hours on Tuesday");
    }

    [Fact]
    public void NextOpening_DuringLunch_TheAfternoonShift() =>
        ChannelHours.NextOpening(SplitShifts(), Utc(Monday, 12, 30)).Should().Be(Utc(Monday, 14));

    [Fact]
    public void NextOpening_AfterTheLastShiftOfTheDay_NextDayWithHours() =>
        ChannelHours.NextOpening(SplitShifts(), Utc(Monday, 19)).Should().Be(Utc(Monday.AddDays(2), 10), "Tuesday has no hours; Wednesday opens at 10");

    [Fact]
    public void NextOpening_AfterTheLastShiftOfTheWeek_WrapsToNextMonday() =>
        ChannelHours.NextOpening(SplitShifts(), Utc(Monday.AddDays(3), 8)).Should().Be(Utc(Monday.AddDays(7), 9));

    [Fact]
    public void NextOpening_OpenNowOrNoHours_Null()
    {
        ChannelHours.NextOpening(SplitShifts(), Utc(Monday, 10)).Should().BeNull();
        ChannelHours.NextOpening(new WebsiteChannel(), Utc(Monday, 10)).Should().BeNull();
    }

    [Fact]
    public void NextOpening_TimeZone_ConvertedBackToUtc() =>
        // Berlin is UTC+1 in February: Wednesday 10:00 there is 09:00 UTC.
        ChannelHours.NextOpening(SplitShifts("Europe/Berlin"), Utc(Monday, 20)).Should().Be(Utc(Monday.AddDays(2), 9));
}
