using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using QanDu.Dashboard.Features.Reports;
using QanDu.Dashboard.Tests.Infrastructure;
using static Microsoft.Playwright.Assertions;

namespace QanDu.Dashboard.Tests.Browser;

/// <summary>
/// A supervisor opens the reports from the side menu, switches the range with a preset, follows a figure to the
/// conversations behind it and opens one in the inbox; an agent is refused.
/// </summary>
[Collection(BrowserCollection.Name)]
public sealed class ReportsBrowserTests(BrowserAppFixture app) : IClassFixture<BrowserAppFixture>
{
    private static readonly LocatorAssertionsToBeVisibleOptions Slow = new() { Timeout = 15_000 };

    [BrowserFact]
    public async Task Reports_Supervisor_SwitchesPresetAndDrillsDownToTheConversations()
    {
        var started = await CustomerConversations.StartAsync(app.Services, "Rita Reports", "Where is my refund?");
        await using var sam = await app.SignInAsync(DemoUsers.Supervisor, "/");
        var page = sam.Page;
        await Expect(page.Locator("body[data-alerts=attached]")).ToHaveCountAsync(1, new() { Timeout = 15_000 });
        await page.GetByTestId("nav-reports").ClickAsync();

        await Expect(page.Locator("[data-testid=reports-page][data-interactive=true]")).ToBeVisibleAsync(Slow);
        await Expect(page.Locator("[data-testid=report-figure][data-key=new]")).ToBeVisibleAsync(Slow);
        await Expect(page.GetByTestId("report-comparison")).ToContainTextAsync("vs ");
        await Expect(page.GetByTestId("report-zone")).ToContainTextAsync("Time zone:");
        await Expect(page.GetByTestId("report-tab").Filter(new() { HasText = "Conversations" })).ToHaveAttributeAsync("aria-current", "page");

        // A preset: the range, the comparison and the address change together.
        var zone = (await page.GetByTestId("report-zone").TextContentAsync())!.Replace("Time zone:", "").Trim();
        var today = ReportRange.Today(DateTimeOffset.UtcNow, TimeZoneInfo.FindSystemTimeZoneById(zone));
        var (from, to) = ReportRange.Of(ReportPreset.Last7Days, today);
        await page.GetByTestId("report-controls").Locator(".mud-select").First.ClickAsync();
        await page.Locator(".mud-popover-open").GetByText("Last 7 days", new() { Exact = true }).ClickAsync();
        await page.WaitForURLAsync(url => url.Contains($"from={ReportRange.Iso(from)}") && url.Contains($"to={ReportRange.Iso(to)}"),
            new() { Timeout = 15_000 });
        var previous = new ReportQuery(from, to).Previous;
        await Expect(page.GetByTestId("report-range-text")).ToHaveTextAsync(ReportRange.Describe(from, to));
        await Expect(page.GetByTestId("report-comparison")).ToHaveTextAsync($"vs {ReportRange.Describe(previous.From, previous.To)}");
        var newFigure = page.Locator("[data-testid=report-figure][data-key=new]");
        await Expect(newFigure.GetByTestId("figure-value")).Not.ToHaveTextAsync("0", new() { Timeout = 15_000 });
        await Expect(page.Locator("[data-testid=report-section][data-table=by-channel] table caption")).ToHaveTextAsync("By channel");
        await Expect(page.Locator("[data-testid=report-section][data-table=by-channel] [data-testid=report-chart] svg")).ToBeVisibleAsync();
        (await page.Locator("[data-testid=report-section][data-table=by-channel] [data-testid=report-csv]").GetAttributeAsync("href"))
            .Should().StartWith("/api/reports/conversations?from=").And.EndWith("&format=csv&table=by-channel");
        await Screens.SaveAsync(page, "reports-conversations");

        // The figure leads to the conversations behind it, and on into the inbox.
        await newFigure.GetByTestId("figure-link").ClickAsync();
        await page.WaitForURLAsync(url => new Uri(url).AbsolutePath == "/reports/conversations/drill/new", new() { Timeout = 15_000 });
        var rows = page.GetByTestId("drill-row");
        await Expect(rows.First).ToBeVisibleAsync(Slow);
        await Expect(page.GetByTestId("drill-count")).ToContainTextAsync("conversation");
        var rita = page.Locator($"[data-testid=drill-row][data-thread-id='{started.ThreadId}']");
        await Expect(rita).ToContainTextAsync("Rita Reports");
        await Screens.SaveAsync(page, "reports-drill");
        await rita.GetByTestId("drill-open").ClickAsync();
        await page.WaitForURLAsync(url => new Uri(url).AbsolutePath == $"/threads/{started.ThreadId}", new() { Timeout = 15_000 });
        await Expect(sam.Message("Where is my refund?")).ToBeVisibleAsync(Slow);
    }

    [BrowserFact]
    public async Task Reports_EveryReport_ShowsTheDemoHistoryWithATableUnderEachChart()
    {
        var names = app.Services.GetRequiredService<ReportService>().All.Select(r => r.Name).ToList();
        names.Should().Contain(["conversations", "responsiveness", "satisfaction", "agents", "sla", "assistant", "sentiment"]);
        await using var sam = await app.SignInAsync(DemoUsers.Supervisor, "/");
        var page = sam.Page;
        await Expect(page.Locator("body[data-alerts=attached]")).ToHaveCountAsync(1, new() { Timeout = 15_000 });
        var today = DateOnly.FromDateTime(DateTime.UtcNow);
        foreach (var name in names)
        {
            // The demo's eight weeks of history: every report has figures to show.
            await page.GotoAsync($"/reports/{name}?from={today.AddDays(-56):yyyy-MM-dd}&to={today:yyyy-MM-dd}&tz=UTC");
            await Expect(page.Locator("[data-testid=reports-page][data-interactive=true]")).ToBeVisibleAsync(Slow);
            var figures = page.GetByTestId("report-figure");
            await Expect(figures.First).ToBeVisibleAsync(Slow);
            await Expect(page.GetByTestId("report-error")).ToHaveCountAsync(0);
            await Expect(page.GetByTestId("report-empty")).ToHaveCountAsync(0);
            var values = await figures.Locator("[data-testid=figure-value]").AllTextContentsAsync();
            values.Should().Contain(v => v.Trim() != "0" && v.Trim() != "—", $"the {name} report counts something in the demo's history");
            var sections = page.GetByTestId("report-section");
            (await sections.CountAsync()).Should().BePositive($"the {name} report has tables");
            foreach (var section in await sections.AllAsync())
                (await section.Locator("table caption").CountAsync()).Should().Be(1, "every chart has its table underneath, with a caption");
            await Screens.SaveAsync(page, $"reports-{name}", fullPage: true);
        }
    }

    [BrowserFact]
    public async Task Monitor_DemoWorkspace_ShowsWaitingCustomersAndTheTeam()
    {
        await using var sam = await app.SignInAsync(DemoUsers.Supervisor, "/monitor");
        var page = sam.Page;
        await Expect(page.Locator("body[data-alerts=attached]")).ToHaveCountAsync(1, new() { Timeout = 15_000 });
        // The demo seeds customers waiting for a first reply (the oldest 13 minutes ago) and a team of agents.
        await Expect(page.GetByTestId("board-queue").GetByTestId("board-row").First).ToBeVisibleAsync(Slow);
        (await page.GetByTestId("board-queue").GetByTestId("board-row").CountAsync()).Should().BeGreaterThanOrEqualTo(4);
        (await page.GetByTestId("board-agents").GetByTestId("agent-row").CountAsync()).Should().BeGreaterThanOrEqualTo(3);
        await Expect(page.GetByTestId("board-error")).ToHaveCountAsync(0);
        await Screens.SaveAsync(page, "board-demo", fullPage: true);
    }

    [BrowserFact]
    public async Task Reports_Agent_IsRefusedAndHasNoMenuLink()
    {
        await using var maya = await app.SignInAsync(DemoUsers.Maya, "/reports");

        await Expect(maya.Page.GetByTestId("access-denied")).ToContainTextAsync("You do not have access", new() { Timeout = 15_000 });
        await Expect(maya.Page.GetByTestId("nav-reports")).ToHaveCountAsync(0);
    }
}
