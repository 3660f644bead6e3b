using System.Net;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.EntityFrameworkCore;
using QanDu.Dashboard.Features.Access;
using QanDu.Dashboard.Tests.Infrastructure;

namespace QanDu.Dashboard.Tests.Features.Profile;

/// <summary>Changing the password on the profile: this browser stays signed in, every other session ends.</summary>
public sealed class PasswordChangeTests : IClassFixture<DashboardFactory>
{
    private readonly DashboardFactory factory;

    public PasswordChangeTests(DashboardFactory factory)
    {
        // Many sign-ins from the test's one address: room for them (set before the app first starts).
        factory.Settings.TryAdd("SignIn:AddressLimit", "1000");
        this.factory = factory;
    }

    private const string Password = "Old-password-2026";
    private const string NewPassword = "New-password-2027";

    private HttpClient Client => factory.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false, HandleCookies = false });

    [Fact]
    public async Task ChangePassword_Right_ThisBrowserStaysSignedIn_OtherSessionEnds()
    {
        var (userId, email) = await FormSignIn.CreateUserAsync(factory.Services, "Password Changer", Roles.Agent, Password);
        var client = Client;
        var here = await FormSignIn.SignInAsync(client, email, Password);
        var elsewhere = await FormSignIn.SignInAsync(client, email, Password);

        var response = await PostAsync(client, here, Password, NewPassword, NewPassword);

        response.StatusCode.Should().Be(HttpStatusCode.Redirect);
        response.Headers.Location!.ToString().Should().Be("/profile?password=changed#password");
        var renewed = FormSignIn.CookieFrom(response, FormSignIn.AuthCookieName);
        renewed.Should().NotBeNull("this browser's cookie is rewritten with the new security stamp");
        (await TwoFactorForms.GetAsync(client, "/api/chat/threads", renewed!)).StatusCode.Should().Be(HttpStatusCode.OK);
        (await TwoFactorForms.GetAsync(client, "/api/chat/threads", elsewhere)).StatusCode.Should().Be(HttpStatusCode.Unauthorized,
            "the other browser is signed out");
        (await TwoFactorForms.GetAsync(client, "/", elsewhere)).Headers.Location!.ToString().Should().Contain("/account/login");
        FormSignIn.CookieFrom(await FormSignIn.PostAsync(client, email, NewPassword), FormSignIn.AuthCookieName).Should().NotBeNull();
        var entry = await factory.QueryAsync(db => db.AuditLog.SingleAsync(e => e.TargetId == userId && e.Action == "user.password_changed"));
        (entry.Before + entry.After + entry.Detail).Should().NotContain(Password).And.NotContain(NewPassword, "an audit entry never holds a secret");
    }

    [Theory]
    [InlineData("Not-the-password-1", NewPassword, NewPassword, "wrong")]
    [InlineData(Password, NewPassword, "Something-else-1", "mismatch")]
    [InlineData(Password, "short", "short", "rejected")]
    public async Task ChangePassword_BadInput_NothingChangedAndSaysWhy(string current, string newPassword, string confirm, string outcome)
    {
        var (_, email) = await FormSignIn.CreateUserAsync(factory.Services, "Password Keeper", Roles.Agent, Password);
        var client = Client;
        var cookie = await FormSignIn.SignInAsync(client, email, Password);

        var response = await PostAsync(client, cookie, current, newPassword, confirm);

        response.Headers.Location!.ToString().Should().Be($"/profile?password={outcome}#password");
        (await TwoFactorForms.GetAsync(client, "/api/chat/threads", cookie)).StatusCode.Should().Be(HttpStatusCode.OK, "nothing changed");
        FormSignIn.CookieFrom(await FormSignIn.PostAsync(client, email, Password), FormSignIn.AuthCookieName).Should().NotBeNull("the old password still works");
        var page = await TwoFactorForms.GetAsync(client, response.Headers.Location!.ToString(), cookie);
        (await page.Content.ReadAsStringAsync()).Should().Contain("Nothing was changed");
    }

    private static async Task<HttpResponseMessage> PostAsync(HttpClient client, string cookie, string current, string newPassword, string confirm)
    {
        var profile = await TwoFactorForms.GetAsync(client, "/profile", cookie);
        profile.StatusCode.Should().Be(HttpStatusCode.OK);
        var token = FormSignIn.TokenOf(await profile.Content.ReadAsStringAsync());
        var antiforgery = FormSignIn.CookieFrom(profile, ".AspNetCore.Antiforgery");
        using var request = new HttpRequestMessage(HttpMethod.Post, "/account/password")
        {
            Content = new FormUrlEncodedContent(new Dictionary<string, string>
            {
                ["__RequestVerificationToken"] = token,
                ["currentPassword"] = current,
                ["newPassword"] = newPassword,
                ["confirmPassword"] = confirm,
            }),
        };
        request.Headers.Add("Cookie", $"{cookie}; {antiforgery}");
        return await client.SendAsync(request);
    }
}
