using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace QanDu.Dashboard.Tests.Browser;

/// <summary>
/// An admin sees the demo's website channel, adds a website on /admin/channels (a bad origin first, named beside the
/// field), and gets its embed snippet; rotating the token asks first and changes the snippet.
/// </summary>
[Collection(BrowserCollection.Name)]
public sealed class ChannelsBrowserTests(BrowserAppFixture app) : IClassFixture<BrowserAppFixture>
{
    [BrowserFact]
    public async Task ChannelsPage_CreateWebsite_SnippetShownAndTokenRotatedAfterConfirmation()
    {
        var name = $"Docs site {Guid.NewGuid():N}"[..16];
        await using var alex = await app.SignInAsync(DemoUsers.Admin, "/admin/channels");
        var page = alex.Page;
        await Expect(page.Locator("[data-testid=channels-page][data-interactive=true]")).ToBeVisibleAsync(new() { Timeout = 20_000 });
        await Expect(page.GetByTestId("channel-row").Filter(new() { HasText = "Acme website" })).ToHaveCountAsync(1); // the demo's

        await page.GetByTestId("add-channel").ClickAsync();
        await page.Locator("input[data-testid=channel-name], [data-testid=channel-name] input").FillAsync(name);
        await page.Locator("textarea[data-testid=channel-origins], [data-testid=channel-origins] textarea").FillAsync("https://docs.example.com/help");
        await page.Locator("input[data-testid=channel-always-open], [data-testid=channel-always-open] input").First.UncheckAsync();
        await Expect(page.GetByTestId("hours-day")).ToHaveCountAsync(7);
        await page.GetByTestId("channel-save").ClickAsync();

        await Expect(page.GetByTestId("channel-editor")).ToContainTextAsync("has a path, query or fragment", new() { Timeout = 15_000 });
        await Expect(page.GetByTestId("channel-problem")).ToBeVisibleAsync();
        await Screens.SaveAsync(page, "channels-validation");
        await page.Locator("textarea[data-testid=channel-origins], [data-testid=channel-origins] textarea").FillAsync("https://Docs.Example.com/");
        await page.GetByTestId("channel-save").ClickAsync();

        var row = page.GetByTestId("channel-row").Filter(new() { HasText = name });
        await Expect(row).ToHaveCountAsync(1, new() { Timeout = 15_000 });
        await Expect(row.GetByTestId("channel-row-origins")).ToHaveTextAsync("https://docs.example.com");
        var snippet = row.GetByTestId("channel-snippet");
        await Expect(snippet).ToContainTextAsync(new System.Text.RegularExpressions.Regex(
            "^<script src=\"http://127\\.0\\.0\\.1:\\d+/widget\\.js\" data-website-token=\"[A-Za-z0-9]{24}\" defer></script>$"));
        var before = await snippet.TextContentAsync();
        await Screens.SaveAsync(page, "channels-list");

        await row.GetByTestId("rotate-token").ClickAsync();
        await Expect(page.GetByText("The snippet of")).ToBeVisibleAsync();
        await page.Locator(".mud-message-box__yes-button").ClickAsync();
        await Expect(snippet).Not.ToHaveTextAsync(before!, new() { Timeout = 15_000 });

        await row.GetByTestId("edit-channel").ClickAsync();
        await Expect(page.GetByTestId("channel-secret")).ToBeVisibleAsync();
        await page.GetByTestId("secret-show").ClickAsync();
        await Expect(page.GetByTestId("channel-secret")).ToHaveTextAsync(new System.Text.RegularExpressions.Regex("^[0-9a-f]{64}$"));
        await Screens.SaveAsync(page, "channels-editor");
        alex.ShouldHaveLoadedCleanly();
    }
}
