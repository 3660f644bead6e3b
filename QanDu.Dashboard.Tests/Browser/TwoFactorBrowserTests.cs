using Microsoft.Playwright;
using QanDu.Dashboard.Features.Access;
using QanDu.Dashboard.Tests.Infrastructure;
using static Microsoft.Playwright.Assertions;

namespace QanDu.Dashboard.Tests.Browser;

/// <summary>
/// The second acceptance point, in a real browser: enrol in two-factor on the profile (the test is the
/// authenticator app, computing codes from the key shown), sign out, sign in with a code, then with a recovery code;
/// the same recovery code again is refused.
/// </summary>
[Collection(BrowserCollection.Name)]
public sealed class TwoFactorBrowserTests(BrowserAppFixture app) : IClassFixture<BrowserAppFixture>
{
    private const string Password = "Browser-two-factor-2026";

    [BrowserFact]
    public async Task Enrol_SignInWithCode_ThenRecoveryCode_ReusedRecoveryCodeRefused()
    {
        var (_, email) = await FormSignIn.CreateUserAsync(app.Services, "Tess Twofactor", Roles.Agent, Password);
        await using var tess = await app.OpenAnonymousAsync();
        await SignInAsync(tess, email);
        await tess.Page.WaitForURLAsync(url => new Uri(url).AbsolutePath == "/", new() { Timeout = 30_000 });

        await tess.GotoAsync("/profile");
        await Expect(tess.Page.Locator("[data-testid=profile][data-interactive=true]")).ToBeVisibleAsync(new() { Timeout = 20_000 });
        await tess.Page.GetByTestId("two-factor-start").ClickAsync();
        await Expect(tess.Page.GetByTestId("two-factor-qr")).ToBeVisibleAsync();
        (await tess.Page.GetByTestId("two-factor-qr").GetAttributeAsync("src")).Should().StartWith("data:image/png;base64,");
        await tess.Page.GetByTestId("two-factor-qr").ScrollIntoViewIfNeededAsync();
        await Screens.SaveAsync(tess.Page, "profile-twofactor-enrol");
        var phone = new AuthenticatorApp(await tess.Page.GetByTestId("two-factor-key").InnerTextAsync());

        await tess.Page.GetByTestId("two-factor-enrol-code").FillAsync(phone.Code());
        await tess.Page.GetByTestId("two-factor-confirm").ClickAsync();

        var shown = tess.Page.GetByTestId("recovery-code-item");
        await Expect(shown).ToHaveCountAsync(10);
        var recoveryCodes = await shown.AllInnerTextsAsync();
        await Screens.SaveAsync(tess.Page, "twofactor-recovery-codes");
        await tess.Page.GetByTestId("recovery-codes-saved").ClickAsync();
        await Expect(tess.Page.GetByTestId("two-factor-status")).ToContainTextAsync("On. 10 recovery codes left");

        // Signed out, the password alone no longer signs in: the code step asks for the app's code.
        await SignOutAsync(tess);
        await SignInAsync(tess, email);
        await tess.Page.WaitForURLAsync(url => new Uri(url).AbsolutePath == "/account/login/two-factor");
        await Screens.SaveAsync(tess.Page, "twofactor-code-step");
        await tess.Page.GetByTestId("two-factor-code").FillAsync(phone.Code(AuthenticatorApp.StepNow + 1)); // a newer step than the enrolment's
        await tess.Page.GetByRole(AriaRole.Button, new() { Name = "Verify and sign in" }).ClickAsync();
        await tess.Page.WaitForURLAsync(url => new Uri(url).AbsolutePath == "/");
        await Expect(tess.Page.GetByTestId("signed-in-user")).ToHaveTextAsync("Tess Twofactor");

        await SignOutAsync(tess);
        await SignInWithRecoveryCodeAsync(tess, email, recoveryCodes[0]);
        await tess.Page.WaitForURLAsync(url => new Uri(url).AbsolutePath == "/");
        await Expect(tess.Page.GetByTestId("signed-in-user")).ToHaveTextAsync("Tess Twofactor");

        await SignOutAsync(tess);
        await SignInWithRecoveryCodeAsync(tess, email, recoveryCodes[0]);
        await Expect(tess.Page.GetByTestId("recovery-error")).ToHaveTextAsync("That recovery code is not right, or it was used already: each code works once.");
        new Uri(tess.Page.Url).AbsolutePath.Should().Be("/account/login/recovery");
        (await tess.Context.CookiesAsync()).Should().NotContain(c => c.Name == FormSignIn.AuthCookieName);
    }

    private static async Task SignInAsync(UserSession session, string email)
    {
        await session.Page.GotoAsync("/account/login", new() { Timeout = 30_000 }); // the first page of a fresh app on a busy machine
        await session.SignInThroughFormAsync(email, Password);
    }

    private static async Task SignInWithRecoveryCodeAsync(UserSession session, string email, string code)
    {
        await SignInAsync(session, email);
        await session.Page.WaitForURLAsync(url => new Uri(url).AbsolutePath == "/account/login/two-factor");
        await session.Page.GetByTestId("use-recovery-code").ClickAsync();
        await session.Page.WaitForURLAsync(url => new Uri(url).AbsolutePath == "/account/login/recovery");
        await session.Page.GetByTestId("recovery-code").FillAsync(code);
        await session.Page.GetByRole(AriaRole.Button, new() { Name = "Verify and sign in" }).ClickAsync();
    }

    private static async Task SignOutAsync(UserSession session)
    {
        await session.Page.GetByRole(AriaRole.Button, new() { Name = "Sign out" }).ClickAsync();
        await session.Page.WaitForURLAsync(url => new Uri(url).AbsolutePath == "/account/login");
    }
}
