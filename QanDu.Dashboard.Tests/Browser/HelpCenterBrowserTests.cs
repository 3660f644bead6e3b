using System.Text.RegularExpressions;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace QanDu.Dashboard.Tests.Browser;

/// <summary>The help center as a customer uses it: no sign-in, search with the keyboard, open an article.</summary>
[Collection(BrowserCollection.Name)]
public sealed class HelpCenterBrowserTests(BrowserAppFixture app) : IClassFixture<BrowserAppFixture>
{
    private static readonly LocatorAssertionsToBeVisibleOptions Slow = new() { Timeout = 15_000 };

    [BrowserFact]
    public async Task Customer_SearchesWithKeyboardAndOpensArticle()
    {
        await using var customer = await app.OpenAnonymousAsync();
        var page = customer.Page;
        await page.GotoAsync("/help");
        await Expect(page.GetByTestId("help-article-link").First).ToBeVisibleAsync(Slow);
        await Expect(page.GetByRole(AriaRole.Link, new() { Name = "Escalating a bug to engineering" })).ToHaveCountAsync(0); // internal
        await Expect(page.GetByTestId("help-languages")).ToContainTextAsync("Deutsch");
        await Screens.SaveAsync(page, "help-center");

        await page.GetByTestId("help-search").FocusAsync();
        await page.Keyboard.TypeAsync("how do I get my money back");
        await page.Keyboard.PressAsync("Enter");
        await Expect(page).ToHaveURLAsync(new Regex(@"/help\?q=how"));
        var first = page.GetByTestId("help-article-link").First;
        await Expect(first).ToContainTextAsync("Refund policy", new() { Timeout = 15_000 });
        await Expect(page.GetByTestId("help-search")).ToHaveValueAsync("how do I get my money back");
        await Screens.SaveAsync(page, "help-center-search");

        await first.FocusAsync();
        await page.Keyboard.PressAsync("Enter");
        await Expect(page).ToHaveURLAsync(new Regex(@"/help/articles/\d+-refund-policy-and-how-refunds-are-issued$"));
        await Expect(page.GetByTestId("help-article-title")).ToHaveTextAsync("Refund policy and how refunds are issued");
        await Expect(page.Locator("html")).ToHaveAttributeAsync("lang", "en");
        await Screens.SaveAsync(page, "help-center-article");

        // Another language: the switcher lists it and the page says which language it is in.
        await page.GetByTestId("help-back").ClickAsync();
        await page.GetByTestId("help-languages").GetByRole(AriaRole.Link, new() { Name = "Español" }).ClickAsync();
        await Expect(page.Locator("html")).ToHaveAttributeAsync("lang", "es");
        await Expect(page.GetByTestId("help-article-link").Filter(new() { HasText = "Cómo solicitar un reembolso" })).ToBeVisibleAsync(Slow);
    }

    [BrowserFact]
    public async Task Phone_HelpCenterFitsTheScreen()
    {
        await using var customer = await app.OpenAnonymousAsync(new ViewportSize { Width = 390, Height = 844 }, phone: true);
        var page = customer.Page;
        await page.GotoAsync("/help?lang=de");
        await Expect(page.GetByTestId("help-article-link").First).ToBeVisibleAsync(Slow);

        var overflow = await page.EvaluateAsync<bool>("() => document.documentElement.scrollWidth > window.innerWidth");
        overflow.Should().BeFalse("nothing scrolls sideways on a phone");
        await Expect(page.GetByTestId("help-search-submit")).ToBeInViewportAsync();
        await Screens.SaveAsync(page, "help-center-phone");
    }
}
