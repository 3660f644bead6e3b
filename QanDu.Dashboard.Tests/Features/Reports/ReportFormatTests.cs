using QanDu.Dashboard.Features.Reports;

namespace QanDu.Dashboard.Tests.Features.Reports;

/// <summary>Numbers as the reports pages write them, and which way is good news.</summary>
public sealed class ReportFormatTests
{
    [Theory]
    [InlineData(45, ReportUnit.Seconds, "45s")]
    [InlineData(725, ReportUnit.Seconds, "12m 05s")]
    [InlineData(3900, ReportUnit.Seconds, "1h 05m")]
    [InlineData(183600, ReportUnit.Seconds, "2d 03h")]
    [InlineData(87.46, ReportUnit.Percent, "87.5%")]
    [InlineData(4.24, ReportUnit.Rating, "4.2 / 5")]
    [InlineData(1.875, ReportUnit.Ratio, "1.88")]
    [InlineData(12345, ReportUnit.Count, "12,345")]
    public void Value_ByUnit_ReadsAsAPersonWritesIt(double value, ReportUnit unit, string expected) =>
        ReportFormat.Value(value, unit).Should().Be(expected);

    [Fact]
    public void Value_Missing_IsADash() => ReportFormat.Value(null, ReportUnit.Rating).Should().Be("—");

    [Theory]
    [InlineData("first-response-median", ReportUnit.Seconds, ReportTrend.DownIsGood)]
    [InlineData("reopened", ReportUnit.Count, ReportTrend.DownIsGood)]
    [InlineData("sla-breached", ReportUnit.Percent, ReportTrend.DownIsGood)]
    [InlineData("thumbs-down", ReportUnit.Count, ReportTrend.DownIsGood)]
    [InlineData("hand-offs", ReportUnit.Count, ReportTrend.DownIsGood)]
    [InlineData("csat", ReportUnit.Rating, ReportTrend.UpIsGood)]
    [InlineData("response-rate", ReportUnit.Percent, ReportTrend.UpIsGood)]
    [InlineData("resolved", ReportUnit.Count, ReportTrend.UpIsGood)]
    [InlineData("new", ReportUnit.Count, ReportTrend.Neutral)]
    public void Trend_ByUnitAndKey(string key, ReportUnit unit, ReportTrend expected) => ReportFormat.Trend(key, unit).Should().Be(expected);

    [Theory]
    [InlineData(50.0, 50.0, ReportUnit.Count, "no change")]
    [InlineData(50.0, 100.0, ReportUnit.Count, "▼ 50%")]
    [InlineData(null, 100.0, ReportUnit.Count, null)]
    [InlineData(4.5, null, ReportUnit.Rating, null)]
    public void Change_AgainstThePreviousPeriod(double? value, double? previous, ReportUnit unit, string? expected) =>
        ReportFormat.Change(value, previous, unit).Should().Be(expected);
}
