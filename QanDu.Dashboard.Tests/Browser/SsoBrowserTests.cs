using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace QanDu.Dashboard.Tests.Browser;

/// <summary>
/// Single sign-on in a real Chromium through the real redirects: the dashboard's sign-in page, the in-process OpenID
/// Connect provider's own page, and back. Unknown people are refused here (Auth:Oidc:UnknownPeople = Refuse).
/// </summary>
[Collection(BrowserCollection.Name)]
public sealed class SsoBrowserTests(SsoBrowserFixture app) : IClassFixture<SsoBrowserFixture>
{
    /// <summary>Where screenshots go: QANDU_SCREENSHOTS, else the temp folder (as the other browser tests' screenshots).</summary>
    private static readonly string Screens = Environment.GetEnvironmentVariable("QANDU_SCREENSHOTS") is { Length: > 0 } folder
        ? folder
        : Path.Combine(Path.GetTempPath(), "qandu-screens");

    [BrowserFact]
    public async Task SignInWithProvider_KnownStaffEmail_ReturnsSignedInToTheInbox()
    {
        app.Provider.AddPerson(DemoUsers.Tom, "Tom at the provider");
        await using var tom = await app.OpenAnonymousAsync();
        await tom.GotoAsync("/account/login");
        await Expect(tom.Page.GetByRole(AriaRole.Link, new() { Name = "Sign in with Test Provider" })).ToBeVisibleAsync();
        await Expect(tom.Page.Locator("#password")).ToBeVisibleAsync(); // password sign-in stays on (PasswordSignIn = Enabled)
        await SaveScreenshotAsync(tom.Page, "sso-login.png");

        await SsoBrowserFixture.SignInWithProviderAsync(tom, DemoUsers.Tom);

        await tom.Page.WaitForURLAsync(new Uri(app.Host.BaseAddress, "/").ToString(), new() { Timeout = 20_000 });
        await Expect(tom.Page.GetByTestId("signed-in-user")).ToHaveTextAsync("Tom Okafor", new() { Timeout = 20_000 });
        (await tom.Context.CookiesAsync()).Should().Contain(c => c.Name == "qandu.auth");
        tom.ShouldHaveLoadedCleanly();
    }

    [BrowserFact]
    public async Task SignInWithProvider_UnknownEmail_IsRefusedWithAPageSayingAnAdminMustInvite()
    {
        var email = app.Provider.AddPerson($"unknown.{Guid.NewGuid():N}@example.com", "Una Known").Email;
        await using var visitor = await app.OpenAnonymousAsync();
        await visitor.GotoAsync("/account/login");

        await SsoBrowserFixture.SignInWithProviderAsync(visitor, email);

        await visitor.Page.WaitForURLAsync(url => new Uri(url).AbsolutePath == "/account/sso/refused");
        await Expect(visitor.Page.GetByRole(AriaRole.Heading)).ToHaveTextAsync("You do not have an account here yet");
        await Expect(visitor.Page.GetByRole(AriaRole.Alert)).ToContainTextAsync("An admin must invite you first");
        await SaveScreenshotAsync(visitor.Page, "sso-refused-unknown.png");
        (await visitor.Context.CookiesAsync()).Should().NotContain(c => c.Name == "qandu.auth");

        await visitor.Page.GetByRole(AriaRole.Link, new() { Name = "Back to sign-in" }).ClickAsync();
        await Expect(visitor.Page.GetByRole(AriaRole.Link, new() { Name = "Sign in with Test Provider" })).ToBeVisibleAsync();
    }

    [BrowserFact]
    public async Task SignInWithProvider_UnverifiedEmail_IsRefusedEvenForAStaffAddress()
    {
        app.Provider.AddPerson(DemoUsers.Supervisor, "Someone claiming the supervisor's address", emailVerified: false);
        await using var visitor = await app.OpenAnonymousAsync();
        await visitor.GotoAsync("/account/login");

        await SsoBrowserFixture.SignInWithProviderAsync(visitor, DemoUsers.Supervisor);

        await visitor.Page.WaitForURLAsync(url => new Uri(url).AbsolutePath == "/account/sso/refused");
        await Expect(visitor.Page.GetByRole(AriaRole.Heading)).ToHaveTextAsync("Your email address is not verified");
        await visitor.GotoAsync("/");
        new Uri(visitor.Page.Url).AbsolutePath.Should().Be("/account/login", "the unverified person was not signed in");
    }

    internal static async Task SaveScreenshotAsync(IPage page, string name)
    {
        Directory.CreateDirectory(Screens);
        await page.ScreenshotAsync(new() { Path = Path.Combine(Screens, name), FullPage = true });
    }
}
