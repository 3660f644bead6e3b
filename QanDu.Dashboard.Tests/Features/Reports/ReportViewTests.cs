using Bunit;
using MudBlazor.Services;
using QanDu.Dashboard.Features.Reports;
using QanDu.Dashboard.Features.Reports.Components;

namespace QanDu.Dashboard.Tests.Features.Reports;

/// <summary>
/// The generic report renderer with hand-made results: figures against the previous period with their links, a table
/// drawn as a chart above a captioned table with clickable cells, numbers in their units, and the empty, error and
/// loading states.
/// </summary>
public sealed class ReportViewTests : BunitContext
{
    private static readonly ReportQuery Query = new(new DateOnly(2026, 11, 4), new DateOnly(2026, 12, 3), "Europe/Berlin", ChannelId: 2);

    public ReportViewTests()
    {
        JSInterop.Mode = JSRuntimeMode.Loose;
        Services.AddMudServices();
    }

    [Fact]
    public void Figures_WithPreviousPeriod_ShowValueChangeColouredByWhetherUpIsGoodAndLinkToTheConversations()
    {
        var view = Render<ReportView>(p => p.Add(v => v.Result, Result(
            [
                new ReportFigure("new", "New", 120, 100, ReportUnit.Count, "/reports/test/drill/new?from=2026-11-04"),
                new ReportFigure("first-response-median", "Median first response", 3900, 3000, ReportUnit.Seconds, "/reports/test/drill/frt"),
                new ReportFigure("csat", "CSAT", 4.2, 3.8, ReportUnit.Rating),
                new ReportFigure("sla-met", "SLA met", 87.5, 91, ReportUnit.Percent),
                new ReportFigure("reopened", "Reopened", 3, 0, ReportUnit.Count),
            ],
            [])));

        var figures = view.FindAll("[data-testid=report-figure]");
        figures.Select(f => f.QuerySelector("[data-testid=figure-value]")!.TextContent).Should()
            .Equal("120", "1h 05m", "4.2 / 5", "87.5%", "3");
        var first = Figure(view, "new");
        first.QuerySelector("[data-testid=figure-previous]")!.TextContent.Should().Contain("vs 100");
        first.QuerySelector("[data-testid=figure-change]")!.TextContent.Should().Be("▲ 20%");
        first.QuerySelector("[data-testid=figure-change]")!.GetAttribute("data-good").Should().Be("neutral", "more new conversations is neither");
        first.QuerySelector("a[data-testid=figure-link]")!.GetAttribute("href").Should().Be("/reports/test/drill/new?from=2026-11-04");

        var response = Figure(view, "first-response-median").QuerySelector("[data-testid=figure-change]")!;
        response.TextContent.Should().Be("▲ 30%");
        response.GetAttribute("data-good").Should().Be("false", "a longer first response is worse");
        response.ClassList.Should().Contain("qd-change--bad");
        Figure(view, "csat").QuerySelector("[data-testid=figure-change]")!.GetAttribute("data-good").Should().Be("true");
        Figure(view, "csat").QuerySelector("a").Should().BeNull("a figure without a link is not a link");
        var sla = Figure(view, "sla-met").QuerySelector("[data-testid=figure-change]")!;
        (sla.TextContent, sla.GetAttribute("data-good")).Should().Be(("▼ 3.5 pts", "false"));
        var reopened = Figure(view, "reopened").QuerySelector("[data-testid=figure-change]")!;
        (reopened.TextContent, reopened.GetAttribute("data-good")).Should().Be(("▲ new", "false"));
    }

    [Fact]
    public void Table_BarChart_DrawnAboveACaptionedTableWithClickableCellsAndACsvLink()
    {
        var table = new ReportTable("by-channel", "New conversations by channel", ReportChart.Bar,
            [new("channel", "Channel", ReportUnit.Text), new("new", "New", ReportUnit.Count), new("first-response", "First response", ReportUnit.Seconds)],
            [
                new ReportRow([ReportCell.Of("Website"), new ReportCell(42, Link: "/reports/test/drill/new:channel-1"), new ReportCell(75)]),
                new ReportRow([ReportCell.Of("Shop"), new ReportCell(7, Link: "/reports/test/drill/new:channel-2"), new ReportCell(null)]),
            ]);

        var view = Render<ReportView>(p => p.Add(v => v.Result, Result([], [table])));

        var section = view.Find("[data-testid=report-section][data-table=by-channel]");
        section.QuerySelector("[data-testid=report-chart]")!.GetAttribute("data-chart").Should().Be("bar");
        section.QuerySelector("[data-testid=report-chart] svg").Should().NotBeNull("MudChart draws the chart as SVG");
        var html = section.QuerySelector("table[data-testid=report-table]")!;
        html.QuerySelector("caption")!.TextContent.Should().Be("New conversations by channel");
        html.QuerySelectorAll("thead th[scope=col]").Select(h => h.TextContent).Should().Equal("Channel", "New", "First response");
        var rows = html.QuerySelectorAll("tbody tr");
        rows.Select(r => r.QuerySelector("th[scope=row]")!.TextContent).Should().Equal("Website", "Shop");
        rows[0].QuerySelectorAll("td").Select(c => c.TextContent).Should().Equal("42", "1m 15s");
        rows[1].QuerySelectorAll("td").Select(c => c.TextContent).Should().Equal("7", "—");
        html.QuerySelectorAll("a[data-testid=report-cell-link]").Select(a => (a.TextContent, a.GetAttribute("href"))).Should().Equal(
            ("42", "/reports/test/drill/new:channel-1"), ("7", "/reports/test/drill/new:channel-2"));
        section.QuerySelector("[data-testid=report-csv]")!.GetAttribute("href").Should()
            .Be("/api/reports/test?from=2026-11-04&to=2026-12-03&tz=Europe%2FBerlin&channel=2&format=csv&table=by-channel");
    }

    [Theory]
    [InlineData(ReportChart.Line, "line")]
    [InlineData(ReportChart.Donut, "donut")]
    [InlineData(ReportChart.HeatMap, "heatmap")]
    public void Table_OtherCharts_DrawnWithTheTableBeneath(ReportChart chart, string drawn)
    {
        var table = new ReportTable("hours", "Busiest hours", chart,
            [new("day", "Day", ReportUnit.Text), new("h9", "09:00", ReportUnit.Count), new("h10", "10:00", ReportUnit.Count)],
            [new ReportRow([ReportCell.Of("Mon"), new ReportCell(4), new ReportCell(8)]), new ReportRow([ReportCell.Of("Tue"), new ReportCell(0), new ReportCell(2)])]);

        var view = Render<ReportView>(p => p.Add(v => v.Result, Result([], [table])));

        view.Find("[data-testid=report-chart]").GetAttribute("data-chart").Should().Be(drawn);
        view.Find("[data-testid=report-chart] svg");
        view.FindAll("table[data-testid=report-table] tbody tr").Should().HaveCount(2);
        var busiest = view.FindAll("table[data-testid=report-table] tbody td")[1];
        if (chart == ReportChart.HeatMap)
            busiest.GetAttribute("style").Should().Contain("rgba(25, 118, 210, 0.68)", "the busiest cell is the darkest");
        else
            busiest.GetAttribute("style").Should().BeNullOrEmpty();
    }

    [Fact]
    public void NothingInRange_SaysNoConversationsInsteadOfEmptyTables()
    {
        var empty = new ReportTable("by-channel", "New conversations by channel", ReportChart.Bar,
            [new("channel", "Channel", ReportUnit.Text), new("new", "New", ReportUnit.Count)], []);

        var view = Render<ReportView>(p => p.Add(v => v.Result, Result([new ReportFigure("new", "New", 0, 5, ReportUnit.Count)], [empty])));

        view.Find("[data-testid=report-empty]").TextContent.Should().Contain("No conversations in this range");
        view.FindAll("[data-testid=report-table]").Should().BeEmpty();
        view.Find("[data-testid=figure-change]").TextContent.Should().Be("▼ 100%", "the figures still compare with the previous period");
    }

    [Fact]
    public void OneEmptyTable_AmongOthers_SaysNothingInThisRangeInItsPlace()
    {
        var empty = new ReportTable("comments", "Comments", ReportChart.None, [new("comment", "Comment", ReportUnit.Text)], []);

        var view = Render<ReportView>(p => p.Add(v => v.Result, Result([new ReportFigure("new", "New", 3, 1, ReportUnit.Count)], [empty])));

        view.Find("[data-testid=report-section][data-table=comments] [data-testid=report-table-empty]").TextContent.Should().Be("Nothing in this range.");
        view.FindAll("[data-testid=report-empty]").Should().BeEmpty();
    }

    [Fact]
    public void Error_ShownInsteadOfTheReport()
    {
        var view = Render<ReportView>(p => p
            .Add(v => v.Result, null)
            .Add(v => v.Error, "A report covers at most 366 days; this range has 400."));

        view.Find("[data-testid=report-error]").TextContent.Should().Contain("A report covers at most 366 days; this range has 400.");
        view.FindAll("[data-testid=report-figure], [data-testid=report-loading]").Should().BeEmpty();
    }

    [Fact]
    public void Loading_FirstRun_ShowsProgressAndPlaceholders()
    {
        var view = Render<ReportView>(p => p.Add(v => v.Result, null).Add(v => v.Loading, true));

        view.Find("[data-testid=report-loading]");
        view.FindAll(".mud-skeleton").Should().NotBeEmpty();
        view.FindAll("[data-testid=report-figure]").Should().BeEmpty();
    }

    private static ReportResult Result(IReadOnlyList<ReportFigure> figures, IReadOnlyList<ReportTable> tables) =>
        new("test", "Test", Query, figures, tables);

    private static AngleSharp.Dom.IElement Figure(IRenderedComponent<ReportView> view, string key) =>
        view.Find($"[data-testid=report-figure][data-key='{key}']");
}
