using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace QanDu.Dashboard.Tests.Browser;

/// <summary>What a signed-in person sees at an address they may not open, and at an address that does not exist.</summary>
[Collection(BrowserCollection.Name)]
public sealed class PageAccessTests(BrowserAppFixture app) : IClassFixture<BrowserAppFixture>
{
    [BrowserFact]
    public async Task AdminPages_OpenedByAnAgent_SayNoAccessInsteadOfAskingToSignIn()
    {
        await using var maya = await app.SignInAsync(DemoUsers.Maya, "/admin/labels");

        await Expect(maya.Page.GetByTestId("access-denied")).ToContainTextAsync("You do not have access");
        await Expect(maya.Page.Locator("#email")).ToHaveCountAsync(0);
        new Uri(maya.Page.Url).AbsolutePath.Should().NotBe("/account/login");
        await maya.GotoAsync("/admin/knowledge-review");
        await Expect(maya.Page.GetByTestId("access-denied")).ToContainTextAsync("You do not have access");

        // Inside the app, without a page load, the router says the same.
        await maya.GotoAsync("/");
        await maya.Page.WaitForFunctionAsync("() => !!window._qanduSearch");
        await maya.Page.EvaluateAsync("() => Blazor.navigateTo('/admin/assistant')");
        await Expect(maya.Page.GetByTestId("access-denied")).ToContainTextAsync("You do not have access");
        new Uri(maya.Page.Url).AbsolutePath.Should().Be("/admin/assistant");
        await Expect(maya.Page.Locator("#email")).ToHaveCountAsync(0);
        await Expect(maya.Page.GetByTestId("signed-in-user")).ToHaveTextAsync("Maya Chen");
        maya.ShouldHaveLoadedCleanly();
    }

    [BrowserFact]
    public async Task AdminPage_NotSignedIn_StillAsksToSignIn()
    {
        await using var visitor = await app.OpenAnonymousAsync();

        await visitor.GotoAsync("/admin/labels");

        new Uri(visitor.Page.Url).AbsolutePath.Should().Be("/account/login");
        await Expect(visitor.Page.Locator("#email")).ToBeVisibleAsync();
    }

    [BrowserFact]
    public async Task UnknownAddress_SignedIn_TheAppsNotFoundPageWithStatus404()
    {
        await using var maya = await app.SignInAsync(DemoUsers.Maya, "/");

        var response = await maya.Page.GotoAsync("/reports");

        response!.Status.Should().Be(404, "the address does not exist, and says so to tools too");
        await Expect(maya.Page.GetByText("This page does not exist")).ToBeVisibleAsync();
        await Expect(maya.Page.GetByTestId("open-search")).ToBeVisibleAsync(); // inside the app's own layout
        await maya.Page.GetByRole(AriaRole.Link, new() { Name = "Back to the inbox" }).ClickAsync();
        await maya.Page.WaitForURLAsync(url => new Uri(url).AbsolutePath == "/");
        // The only problems are the 404 itself, and the browser's console line about it.
        maya.Problems.Should().OnlyContain(p => (p.StartsWith("HTTP 404") && p.Contains("/reports"))
            || p == "console error: Failed to load resource: the server responded with a status of 404 (Not Found)");
    }
}
