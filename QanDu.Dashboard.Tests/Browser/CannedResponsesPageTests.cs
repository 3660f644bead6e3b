using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace QanDu.Dashboard.Tests.Browser;

/// <summary>The /canned-responses page: supervisors manage the team's shared ones, agents use them and manage their own.</summary>
[Collection(BrowserCollection.Name)]
public sealed class CannedResponsesPageTests(BrowserAppFixture app) : IClassFixture<BrowserAppFixture>
{
    [BrowserFact]
    public async Task Supervisor_CreatesSharedOne_FieldErrorShown_SearchFinds_DeleteAsksFirst()
    {
        var code = $"vip-{Guid.NewGuid():N}"[..12];
        await using var priya = await app.SignInAsync(DemoUsers.Supervisor, "/canned-responses");
        var page = priya.Page;
        await Expect(page.Locator("[data-testid=canned-page][data-interactive=true]")).ToBeVisibleAsync(new() { Timeout = 20_000 });
        await Expect(page.GetByTestId("canned-row").Filter(new() { HasText = "/refund-policy" })).ToHaveCountAsync(1);

        await page.GetByTestId("new-canned").ClickAsync();
        await Field(page, "canned-code").FillAsync(code);
        await Field(page, "canned-content").FillAsync("Welcome back, {{contact.name}}!");
        await Field(page, "canned-shared").CheckAsync();
        await page.GetByTestId("save-canned").ClickAsync();
        await Expect(page.GetByTestId("canned-dialog")).ToContainTextAsync("A title is 1 to 100 characters."); // nothing saved yet
        await Field(page, "canned-title").FillAsync("VIP welcome");
        await page.GetByTestId("save-canned").ClickAsync();

        var row = page.GetByTestId("canned-row").Filter(new() { HasText = "/" + code });
        await Expect(row).ToContainTextAsync("Shared");
        await Field(page, "canned-search").FillAsync(code);
        await Expect(page.GetByTestId("canned-row")).ToHaveCountAsync(1);

        await row.GetByTestId("delete-canned").ClickAsync();
        var confirm = page.Locator(".mud-dialog");
        await Expect(confirm).ToContainTextAsync("deleted for the whole team");
        await confirm.GetByRole(AriaRole.Button, new() { Name = "Cancel" }).ClickAsync();
        await Expect(row).ToHaveCountAsync(1);
        await row.GetByTestId("delete-canned").ClickAsync();
        await page.Locator(".mud-dialog").GetByRole(AriaRole.Button, new() { Name = "Delete" }).ClickAsync();
        await Expect(row).ToHaveCountAsync(0);
        await Expect(page.GetByTestId("no-canned-match")).ToBeVisibleAsync();
        priya.ShouldHaveLoadedCleanly();
    }

    [BrowserFact]
    public async Task Agent_UsesSharedOnesButCannotChangeThem_AndSavesTheirOwn()
    {
        var code = $"mine-{Guid.NewGuid():N}"[..12];
        await using var tom = await app.SignInAsync(DemoUsers.Tom, "/canned-responses");
        var page = tom.Page;
        await Expect(page.Locator("[data-testid=canned-page][data-interactive=true]")).ToBeVisibleAsync(new() { Timeout = 20_000 });
        var shared = page.GetByTestId("canned-row").Filter(new() { HasText = "/hello" });
        await Expect(shared).ToContainTextAsync("Shared");
        await Expect(shared.GetByTestId("edit-canned")).ToHaveCountAsync(0);

        await page.GetByTestId("new-canned").ClickAsync();
        await Expect(page.GetByTestId("canned-shared")).ToHaveCountAsync(0);
        await Expect(page.GetByTestId("canned-dialog")).ToContainTextAsync("Saved as your own");
        await Field(page, "canned-code").FillAsync(code);
        await Field(page, "canned-title").FillAsync("My sign-off");
        await Field(page, "canned-content").FillAsync("Cheers, {{agent.name}}");
        await page.GetByTestId("save-canned").ClickAsync();

        var mine = page.GetByTestId("canned-row").Filter(new() { HasText = "/" + code });
        await Expect(mine).ToContainTextAsync("Mine");
        await page.GetByTestId("canned-scope").GetByText("Mine").ClickAsync();
        await Expect(page.GetByTestId("canned-row").Filter(new() { HasText = "/hello" })).ToHaveCountAsync(0);
        await Expect(mine).ToHaveCountAsync(1);
        tom.ShouldHaveLoadedCleanly();
    }

    private static ILocator Field(IPage page, string testId) =>
        page.Locator($"input[data-testid={testId}], textarea[data-testid={testId}], [data-testid={testId}] input, [data-testid={testId}] textarea").First;
}
