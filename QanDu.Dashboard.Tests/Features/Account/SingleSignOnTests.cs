using System.Net;
using Microsoft.EntityFrameworkCore;
using QanDu.Dashboard.Data.Entities;
using QanDu.Dashboard.Features.Access;
using QanDu.Dashboard.Tests.Browser;
using QanDu.Dashboard.Tests.Infrastructure;

namespace QanDu.Dashboard.Tests.Features.Account;

/// <summary>
/// Single sign-on over real HTTP against the in-process OpenID Connect provider, without a browser: what the callback
/// does with bad input, who is refused, and password sign-in restricted to the break-glass admin.
/// </summary>
public sealed class SingleSignOnTests(SingleSignOnHost host) : IClassFixture<SingleSignOnHost>
{
    [Theory]
    [InlineData("/signin-oidc?code=abc&state=not-a-state-this-app-made")]
    [InlineData("/signin-oidc?code=abc")]
    [InlineData("/signin-oidc?error=access_denied&state=forged")]
    public async Task Callback_BadOrMissingState_ShowsAClearPageNot500(string callback)
    {
        var before = (await host.AuditAsync("sign_in.sso_refused")).Count;
        using var client = new HttpClient(new HttpClientHandler { AllowAutoRedirect = false }) { BaseAddress = host.BaseAddress };

        var answer = await client.GetAsync(callback);

        answer.StatusCode.Should().Be(HttpStatusCode.Redirect);
        answer.Headers.Location!.OriginalString.Should().Be("/account/sso/refused?reason=Failed");
        var page = await client.GetAsync(answer.Headers.Location);
        page.StatusCode.Should().Be(HttpStatusCode.BadRequest);
        var html = await page.Content.ReadAsStringAsync();
        html.Should().Contain("Single sign-on did not work").And.Contain("Back to sign-in");
        (await host.AuditAsync("sign_in.sso_refused")).Should().HaveCount(before + 1)
            .And.Subject.Last().Detail.Should().Be("the provider's answer could not be checked");
    }

    [Fact]
    public async Task SignIn_VerifiedStaffEmail_LinksTheAccountOnceAndSignsIn()
    {
        var (userId, email) = await FormSignIn.CreateUserAsync(host.App.Services, "Sam Sso", Roles.Supervisor, "Passw0rd-long");
        var person = host.Provider.AddPerson(email, "Sam at the provider");

        using (var browser = OidcTestServer.BrowserLikeClient())
        {
            var landed = await host.Provider.SignInThroughAsync(browser, host.BaseAddress, email);
            landed.StatusCode.Should().Be(HttpStatusCode.OK);
            landed.RequestMessage!.RequestUri!.AbsolutePath.Should().Be("/", "a signed-in person lands in the inbox");
        }
        using (var again = OidcTestServer.BrowserLikeClient())
            (await host.Provider.SignInThroughAsync(again, host.BaseAddress, email)).RequestMessage!.RequestUri!.AbsolutePath.Should().Be("/");

        var logins = await host.QueryAsync(db => db.UserLogins.Where(l => l.UserId == userId).ToListAsync());
        logins.Should().ContainSingle().Which.ProviderKey.Should().Be(person.Subject);
        var linked = (await host.AuditAsync("user.sso_signed_in")).Where(e => e.TargetId == userId).ToList();
        linked.Should().ContainSingle("only the first sign-in links the account").Which.After.Should().Contain(person.Subject);
    }

    [Theory]
    [InlineData("/account/sso?returnUrl=%2Fknowledge", "/knowledge")]
    [InlineData("/account/sso?returnUrl=https%3A%2F%2Fevil.example%2F", "/")]
    public async Task SignIn_WithReturnUrl_LandsOnThatPageOfThisAppOnly(string start, string landsOn)
    {
        var (_, email) = await FormSignIn.CreateUserAsync(host.App.Services, "Rita Return", Roles.Agent, "Passw0rd-long");
        host.Provider.AddPerson(email, "Rita");
        using var browser = OidcTestServer.BrowserLikeClient();

        var landed = await host.Provider.SignInThroughAsync(browser, host.BaseAddress, email, start: start);

        landed.StatusCode.Should().Be(HttpStatusCode.OK, "the person is signed in and the page exists");
        landed.RequestMessage!.RequestUri!.GetLeftPart(UriPartial.Authority).Should().Be(host.BaseAddress.GetLeftPart(UriPartial.Authority));
        landed.RequestMessage.RequestUri.AbsolutePath.Should().Be(landsOn);
    }

    [Fact]
    public async Task SignIn_DeactivatedPerson_IsRefusedWithAPageSayingSo()
    {
        var (userId, email) = await FormSignIn.CreateUserAsync(host.App.Services, "Gone Agent", Roles.Agent, "Passw0rd-long");
        await host.QueryAsync(db => db.Users.Where(u => u.Id == userId)
            .ExecuteUpdateAsync(u => u.SetProperty(x => x.DeactivatedAt, DateTime.UtcNow)));
        host.Provider.AddPerson(email, "Gone Agent");
        using var browser = OidcTestServer.BrowserLikeClient();

        var landed = await host.Provider.SignInThroughAsync(browser, host.BaseAddress, email);

        landed.StatusCode.Should().Be(HttpStatusCode.Forbidden);
        landed.RequestMessage!.RequestUri!.PathAndQuery.Should().Be("/account/sso/refused?reason=Deactivated");
        (await landed.Content.ReadAsStringAsync()).Should().Contain("Your account is deactivated");
        (await browser.GetAsync(new Uri(host.BaseAddress, "/"))).RequestMessage!.RequestUri!.AbsolutePath
            .Should().Be("/account/login", "no sign-in cookie was given");
        (await host.AuditAsync("sign_in.sso_refused")).Should().Contain(e => e.TargetId == userId && e.Detail == "the account is deactivated");
        (await host.QueryAsync(db => db.UserLogins.CountAsync(l => l.UserId == userId))).Should().Be(0);
    }

    [Fact]
    public async Task SignIn_UnverifiedEmailOfAStaffMember_IsRefusedAndNotLinked()
    {
        var (userId, email) = await FormSignIn.CreateUserAsync(host.App.Services, "Una Verified", Roles.Admin, "Passw0rd-long");
        host.Provider.AddPerson(email, "Una", emailVerified: false);
        using var browser = OidcTestServer.BrowserLikeClient();

        var landed = await host.Provider.SignInThroughAsync(browser, host.BaseAddress, email);

        landed.RequestMessage!.RequestUri!.PathAndQuery.Should().Be("/account/sso/refused?reason=EmailNotVerified");
        (await landed.Content.ReadAsStringAsync()).Should().Contain("Your email address is not verified");
        (await host.QueryAsync(db => db.UserLogins.CountAsync(l => l.UserId == userId))).Should().Be(0);
    }

    [Fact]
    public async Task SignIn_CancelledAtTheProvider_ShowsThatItWasCancelled()
    {
        var (_, email) = await FormSignIn.CreateUserAsync(host.App.Services, "Cam Cancel", Roles.Agent, "Passw0rd-long");
        host.Provider.AddPerson(email, "Cam");
        using var browser = OidcTestServer.BrowserLikeClient();

        var landed = await host.Provider.SignInThroughAsync(browser, host.BaseAddress, email, cancel: true);

        landed.StatusCode.Should().Be(HttpStatusCode.Forbidden);
        landed.RequestMessage!.RequestUri!.PathAndQuery.Should().Be("/account/sso/refused?reason=Cancelled");
        (await landed.Content.ReadAsStringAsync()).Should().Contain("Sign-in was cancelled");
    }

    [Fact]
    public async Task Start_ProviderUnreachable_ShowsAPageSayingSoNot500()
    {
        using var unreachable = new DashboardFactory
        {
            Settings =
            {
                ["Auth:Oidc:Authority"] = "http://127.0.0.1:9/", // the discard port: nothing answers there
                ["Auth:Oidc:RequireHttpsMetadata"] = "false",
                ["Auth:Oidc:ClientId"] = "qandu",
                ["Auth:Oidc:ClientSecret"] = "secret",
                ["Auth:Oidc:DisplayName"] = "Keycloak",
            },
        };
        using var client = unreachable.CreateClient(new() { AllowAutoRedirect = false });

        var answer = await client.GetAsync("/account/sso");

        answer.StatusCode.Should().Be(HttpStatusCode.Redirect);
        answer.Headers.Location!.OriginalString.Should().Be("/account/sso/refused?reason=Unavailable");
        var page = await client.GetAsync(answer.Headers.Location);
        page.StatusCode.Should().Be(HttpStatusCode.ServiceUnavailable);
        (await page.Content.ReadAsStringAsync()).Should().Contain("Keycloak cannot be reached right now");
    }

    [Fact]
    public async Task PasswordSignIn_BreakGlassOnly_RefusesANormalPersonsRightPassword()
    {
        using var client = new HttpClient(new HttpClientHandler { UseCookies = false, AllowAutoRedirect = false }) { BaseAddress = host.BaseAddress };

        var answer = await FormSignIn.PostAsync(client, DemoUsers.Maya, DemoUsers.Password, "?admin=true");

        FormSignIn.CookieFrom(answer, FormSignIn.AuthCookieName).Should().BeNull();
        (await answer.Content.ReadAsStringAsync()).Should().Contain("Only the break-glass admin signs in with a password here");
    }

    [Fact]
    public async Task PasswordSignIn_BreakGlassOnly_LetsTheBreakGlassAdminIn()
    {
        using var client = new HttpClient(new HttpClientHandler { UseCookies = false, AllowAutoRedirect = false }) { BaseAddress = host.BaseAddress };

        var answer = await FormSignIn.PostAsync(client, DemoUsers.Admin, DemoUsers.Password, "?admin=true");

        answer.StatusCode.Should().Be(HttpStatusCode.Redirect);
        answer.Headers.Location!.OriginalString.Should().EndWith("/");
        FormSignIn.CookieFrom(answer, FormSignIn.AuthCookieName).Should().NotBeNull("the break-glass admin signs in with a password");
    }

    [Fact]
    public async Task LoginPage_BreakGlassOnly_ShowsTheSsoButtonAndOnlyASmallAdminPath()
    {
        using var client = new HttpClient { BaseAddress = host.BaseAddress };

        var page = await client.GetStringAsync("/account/login");
        var adminPage = await client.GetStringAsync("/account/login?admin=true");

        page.Should().Contain("Sign in with Test Provider").And.Contain("Admin sign-in").And.NotContain("id=\"password\"");
        adminPage.Should().Contain("id=\"password\"").And.Contain("break-glass admin only");
    }
}
