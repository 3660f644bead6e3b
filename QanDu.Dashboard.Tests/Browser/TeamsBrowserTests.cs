using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace QanDu.Dashboard.Tests.Browser;

/// <summary>
/// An admin creates a team and chooses its members on /admin/teams and reads the result in the audit log; an agent in
/// the demo's Billing team has a view of it, and gives a conversation to a team from the thread header.
/// </summary>
[Collection(BrowserCollection.Name)]
public sealed class TeamsBrowserTests(BrowserAppFixture app) : IClassFixture<BrowserAppFixture>
{
    [BrowserFact]
    public async Task TeamsPage_CreateAndChooseMembers_ShownWithCountAndInTheAuditLog()
    {
        var name = $"Escalations {Guid.NewGuid():N}"[..18];
        await using var alex = await app.SignInAsync(DemoUsers.Admin, "/admin/teams");
        await Expect(alex.Page.Locator("[data-testid=teams-page][data-interactive=true]")).ToBeVisibleAsync(new() { Timeout = 20_000 });
        await Expect(alex.Page.GetByTestId("team-row")).ToHaveCountAsync(3); // the demo's teams

        await alex.Page.Locator("input[data-testid=team-name], [data-testid=team-name] input").FillAsync(name);
        await alex.Page.GetByTestId("create-team").ClickAsync();
        var row = alex.Page.GetByTestId("team-row").Filter(new() { HasText = name });
        await Expect(row.GetByTestId("team-member-count")).ToHaveTextAsync("0 members");
        await row.GetByTestId("edit-team").ClickAsync();
        await alex.Page.Locator("input[data-testid=member-search], [data-testid=member-search] input").FillAsync("lena");
        await Expect(alex.Page.GetByTestId("member-option")).ToHaveCountAsync(1);
        await alex.Page.GetByTestId("member-option").Locator("input[type=checkbox]").CheckAsync();
        await alex.Page.Locator("input[data-testid=member-search], [data-testid=member-search] input").FillAsync("priya");
        await alex.Page.GetByTestId("member-option").Locator("input[type=checkbox]").CheckAsync();
        await alex.Page.GetByTestId("save-team").ClickAsync();

        await Expect(row.GetByTestId("team-member-count")).ToHaveTextAsync("2 members");
        await alex.Page.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(Path.GetTempPath(), "qandu-teams.png"), FullPage = true });

        await alex.GotoAsync("/admin/audit");
        var members = alex.Page.Locator("[data-testid=audit-row][data-action='team.members_changed']").Filter(new() { HasText = name });
        await Expect(members).ToHaveCountAsync(1, new() { Timeout = 20_000 });
        await Expect(members.GetByTestId("audit-changes")).ToContainTextAsync("members: (none) → Lena Fischer, Priya Raman");
        await Expect(alex.Page.Locator("[data-testid=audit-row][data-action='team.created']").Filter(new() { HasText = name })).ToHaveCountAsync(1);
        await alex.Page.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(Path.GetTempPath(), "qandu-audit.png"), FullPage = false });
        alex.ShouldHaveLoadedCleanly();
    }

    [BrowserFact]
    public async Task Inbox_AgentInBilling_HasATeamViewAndGivesAConversationToATeamFromTheHeader()
    {
        await using var maya = await app.SignInAsync(DemoUsers.Maya, "/");
        var billingView = maya.Page.GetByTestId("view-team").Filter(new() { HasText = "Team: Billing" });
        await Expect(billingView).ToBeVisibleAsync(new() { Timeout = 20_000 });

        // The first paint is prerendered: a click before the circuit is connected does nothing, so click until it takes.
        for (var i = 0; i < 20 && await billingView.GetAttributeAsync("aria-selected") != "true"; i++)
        {
            await billingView.ClickAsync();
            await maya.Page.WaitForTimeoutAsync(500);
        }
        await Expect(billingView).ToHaveAttributeAsync("aria-selected", "true");
        maya.Page.Url.Should().Contain("team=");
        var upgrade = maya.Page.GetByTestId("thread-item").Filter(new() { HasText = "Upgrade from Team to Business" });
        await Expect(upgrade.GetByTestId("thread-team")).ToHaveTextAsync("Billing");

        await upgrade.ClickAsync();
        var teamMenu = maya.Page.GetByTestId("team-menu");
        await Expect(teamMenu).ToContainTextAsync("Billing");
        await teamMenu.ClickAsync();
        await maya.Page.GetByTestId("team-option").Filter(new() { HasText = "VIP" }).ClickAsync();

        await Expect(teamMenu).ToContainTextAsync("VIP");
        await Expect(upgrade).ToHaveCountAsync(0, new() { Timeout = 10_000 }); // it left the Billing view, live
        maya.ShouldHaveLoadedCleanly();
    }
}
