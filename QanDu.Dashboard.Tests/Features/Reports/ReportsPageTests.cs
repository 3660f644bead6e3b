using Bunit;
using Microsoft.AspNetCore.Components;
using Microsoft.Extensions.DependencyInjection;
using QanDu.Dashboard.Features.Access;
using QanDu.Dashboard.Features.Reports;
using QanDu.Dashboard.Features.Reports.Pages;
using QanDu.Dashboard.Tests.Infrastructure;

namespace QanDu.Dashboard.Tests.Features.Reports;

/// <summary>
/// The reports pages on the real app: a supervisor sees today's new conversation counted and listed behind the figure;
/// a refused range and an agent get a message they can read.
/// </summary>
public sealed class ReportsPageTests : ComponentTestContext
{
    private static readonly TimeSpan Live = TimeSpan.FromSeconds(10);

    [Fact]
    public async Task ReportsPage_Supervisor_ShowsTheReportsTabsRangeComparisonAndTodaysConversation()
    {
        await App.StartAsync("Ada");
        SignInAs(await App.CreateUserAsync("Sam Supervisor", Roles.Supervisor));
        var today = ReportRange.Iso(DateOnly.FromDateTime(Clock.GetUtcNow().UtcDateTime));

        Navigate($"/reports/conversations?from={today}&to={today}&tz=UTC");
        var page = Render<ReportsPage>(p => p.Add(x => x.Name, "conversations"));

        page.WaitForAssertion(() => page.Find("[data-testid=report-figure][data-key=new] [data-testid=figure-value]").TextContent.Should().Be("1"), Live);
        page.Find("[data-testid=report-range-text]").TextContent.Should().Be(today);
        var yesterday = ReportRange.Iso(DateOnly.FromDateTime(Clock.GetUtcNow().UtcDateTime).AddDays(-1));
        page.Find("[data-testid=report-comparison]").TextContent.Should().Be($"vs {yesterday}");
        page.Find("[data-testid=report-zone]").TextContent.Should().Be("Time zone: UTC");
        page.FindAll("[data-testid=report-tab]").Select(t => t.TextContent.Trim()).Should().Contain("Conversations");
        page.Find("[data-testid=report-figure][data-key=new] a").GetAttribute("href").Should()
            .Be($"/reports/conversations/drill/new?from={today}&to={today}&tz=UTC");
        page.FindAll("[data-testid=report-section][data-table=by-channel] tbody tr").Should().ContainSingle();
    }

    [Fact]
    public async Task ReportsPage_RangeEndsBeforeItStarts_SaysSo()
    {
        SignInAs(await App.CreateUserAsync("Sam Supervisor", Roles.Supervisor));

        Navigate("/reports/conversations?from=2026-11-10&to=2026-11-01");
        var page = Render<ReportsPage>(p => p.Add(x => x.Name, "conversations"));

        page.WaitForAssertion(() => page.Find("[data-testid=report-error]").TextContent.Should()
            .Contain("The range ends (2026-11-01) before it starts (2026-11-10)."), Live);
    }

    [Fact]
    public async Task ReportsPage_Agent_IsRefusedWithAMessage()
    {
        SignInAs(await App.CreateUserAsync("Maya Agent", Roles.Agent));

        var page = Render<ReportsPage>(p => p.Add(x => x.Name, "conversations"));

        page.WaitForAssertion(() => page.Find("[data-testid=report-error]").TextContent.Should().Contain("Reports are for supervisors and admins."), Live);
        page.FindAll("[data-testid=report-figure]").Should().BeEmpty();
    }

    [Fact]
    public async Task DrillPage_NewConversationsToday_ListsThemWithALinkIntoTheInbox()
    {
        var started = await App.StartAsync("Ada Lovelace");
        SignInAs(await App.CreateUserAsync("Sam Supervisor", Roles.Supervisor));
        var today = ReportRange.Iso(DateOnly.FromDateTime(Clock.GetUtcNow().UtcDateTime));

        Navigate($"/reports/conversations/drill/new?from={today}&to={today}&tz=UTC");
        var page = Render<ReportDrillPage>(p => p.Add(x => x.Name, "conversations").Add(x => x.Key, "new"));

        page.WaitForAssertion(() => page.Find("[data-testid=drill-count]").TextContent.Trim().Should().Be("1 conversation"), Live);
        var row = page.Find("[data-testid=drill-row]");
        row.QuerySelector("a[data-testid=drill-open]")!.GetAttribute("href").Should().Be($"/threads/{started.ThreadId}");
        row.TextContent.Should().Contain("Ada Lovelace").And.Contain("Open");
        page.Find("[data-testid=drill-back]").GetAttribute("href").Should().Be($"/reports/conversations?from={today}&to={today}&tz=UTC");
    }

    [Fact]
    public async Task DrillPage_NothingBehindTheFigure_SaysNoConversationsInThisRange()
    {
        SignInAs(await App.CreateUserAsync("Sam Supervisor", Roles.Supervisor));

        Navigate("/reports/conversations/drill/reopened?from=2020-01-01&to=2020-01-31&tz=UTC");
        var page = Render<ReportDrillPage>(p => p.Add(x => x.Name, "conversations").Add(x => x.Key, "reopened"));

        page.WaitForAssertion(() => page.Find("[data-testid=drill-empty]").TextContent.Should().Contain("No conversations in this range"), Live);
    }

    [Fact]
    public async Task DrillPage_UnknownFigure_NamesTheFiguresThereAre()
    {
        SignInAs(await App.CreateUserAsync("Sam Supervisor", Roles.Supervisor));

        var page = Render<ReportDrillPage>(p => p.Add(x => x.Name, "conversations").Add(x => x.Key, "nonsense"));

        page.WaitForAssertion(() => page.Find("[data-testid=drill-error]").TextContent.Should().Contain("figures: new, resolved, reopened"), Live);
    }

    private void Navigate(string uri) => Services.GetRequiredService<NavigationManager>().NavigateTo(uri);
}
