using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace QanDu.Dashboard.Tests.Browser;

[Collection(BrowserCollection.Name)]
public sealed class SignInTests(BrowserAppFixture app) : IClassFixture<BrowserAppFixture>
{
    [BrowserFact]
    public async Task SignIn_WrongPassword_ShowsErrorAndStaysOnSignInPage()
    {
        await using var visitor = await app.OpenAnonymousAsync();
        await visitor.GotoAsync("/account/login");

        await visitor.SignInThroughFormAsync(DemoUsers.Tom, "not-the-password");

        await Expect(visitor.Page.GetByRole(AriaRole.Alert)).ToHaveTextAsync("The email or password is not right.");
        new Uri(visitor.Page.Url).AbsolutePath.Should().Be("/account/login");
        (await visitor.Context.CookiesAsync()).Should().NotContain(c => c.Name == "qandu.auth");
        visitor.ShouldHaveLoadedCleanly();
    }

    [BrowserFact]
    public async Task OpenThread_NotSignedIn_RedirectsToSignInAndBackAfterward()
    {
        await using var visitor = await app.OpenAnonymousAsync();

        await visitor.GotoAsync("/threads/1");

        var signIn = new Uri(visitor.Page.Url);
        signIn.AbsolutePath.Should().Be("/account/login");
        Uri.UnescapeDataString(signIn.Query).Should().ContainEquivalentOf("returnUrl=/threads/1");
        await Expect(visitor.Page.Locator("#email")).ToBeVisibleAsync();

        await visitor.SignInThroughFormAsync(DemoUsers.Maya, DemoUsers.Password);

        await visitor.Page.WaitForURLAsync(url => new Uri(url).AbsolutePath == "/threads/1");
        visitor.ShouldHaveLoadedCleanly();
    }

    [BrowserFact]
    public async Task SignOut_FromUserMenu_ACopyOfTheCookieNoLongerSignsIn()
    {
        await using var supervisor = await app.SignInAsync(DemoUsers.Supervisor, "/");
        await Expect(supervisor.Page.GetByTestId("signed-in-user")).ToBeVisibleAsync();
        var copied = (await supervisor.Context.CookiesAsync()).Single(c => c.Name == "qandu.auth");

        await supervisor.Page.GetByRole(AriaRole.Button, new() { Name = "Sign out" }).ClickAsync();
        await supervisor.Page.WaitForURLAsync(url => new Uri(url).AbsolutePath == "/account/login");
        await using var thief = await app.OpenAnonymousAsync();
        await thief.Context.AddCookiesAsync([new Cookie
        {
            Name = copied.Name, Value = copied.Value, Domain = copied.Domain, Path = copied.Path,
            Expires = copied.Expires, HttpOnly = copied.HttpOnly, Secure = copied.Secure, SameSite = copied.SameSite,
        }]);
        await thief.GotoAsync("/");

        new Uri(thief.Page.Url).AbsolutePath.Should().Be("/account/login", "signing out ended the session the copy belonged to");
        supervisor.ShouldHaveLoadedCleanly();
    }
}
