using QanDu.Dashboard.Features.Reports;

namespace QanDu.Dashboard.Tests.Features.Reports;

/// <summary>The presets' ranges and the address that carries a report's query.</summary>
public sealed class ReportRangeTests
{
    private static readonly DateOnly Today = new(2026, 3, 15);

    [Theory]
    [InlineData(ReportPreset.Today, "2026-03-15", "2026-03-15")]
    [InlineData(ReportPreset.Last7Days, "2026-03-09", "2026-03-15")]
    [InlineData(ReportPreset.Last30Days, "2026-02-14", "2026-03-15")]
    [InlineData(ReportPreset.ThisMonth, "2026-03-01", "2026-03-15")]
    [InlineData(ReportPreset.LastMonth, "2026-02-01", "2026-02-28")]
    [InlineData(ReportPreset.Last12Months, "2025-03-16", "2026-03-15")]
    public void Of_Preset_RangeEndingTodayInTheViewersZone(ReportPreset preset, string from, string to)
    {
        ReportRange.Of(preset, Today).Should().Be((DateOnly.Parse(from), DateOnly.Parse(to)));
        ReportRange.Matching(DateOnly.Parse(from), DateOnly.Parse(to), Today).Should().Be(preset);
    }

    [Fact]
    public void Parse_TheAddressItWrote_GivesTheSameQuery()
    {
        var query = new ReportQuery(new DateOnly(2026, 1, 5), new DateOnly(2026, 2, 3), "America/New_York", 3, 4, "user-1", 5);

        var url = new Uri("http://x" + ReportRange.Page("conversations", query));
        var q = System.Web.HttpUtility.ParseQueryString(url.Query);

        url.AbsolutePath.Should().Be("/reports/conversations");
        ReportRange.Parse(q["from"], q["to"], q["tz"], q["channel"], q["team"], q["agent"], q["label"], DateTimeOffset.UtcNow, "UTC").Should().Be(query);
    }

    [Fact]
    public void Parse_NoDatesNoZone_LastThirtyDaysInTheViewersZone()
    {
        // 23:30 UTC on 15 March is already 16 March in Berlin.
        var now = new DateTimeOffset(2026, 3, 15, 23, 30, 0, TimeSpan.Zero);

        var query = ReportRange.Parse(null, "not-a-date", null, "x", null, " ", null, now, "Europe/Berlin");

        query.Should().Be(new ReportQuery(new DateOnly(2026, 2, 15), new DateOnly(2026, 3, 16), "Europe/Berlin"));
        ReportRange.Describe(query.Previous.From, query.Previous.To).Should().Be("2026-01-16 – 2026-02-14");
    }
}
