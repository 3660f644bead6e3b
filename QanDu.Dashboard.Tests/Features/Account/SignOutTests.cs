using System.Net;
using Microsoft.AspNetCore.Mvc.Testing;
using QanDu.Dashboard.Features.Access;
using QanDu.Dashboard.Tests.Infrastructure;

namespace QanDu.Dashboard.Tests.Features.Account;

/// <summary>Signing out ends the session on the server: a copy of the cookie taken before is worth nothing after.</summary>
public sealed class SignOutTests(DashboardFactory factory) : IClassFixture<DashboardFactory>
{
    private const string Password = "Sign-out-2026";

    [Fact]
    public async Task SignOut_CookieCopiedBefore_ReplayedAfterIsSignedOut()
    {
        var client = factory.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false, HandleCookies = false });
        var agent = await factory.CreateUserAsync("Signing Out Agent", Roles.Agent);
        await FormSignIn.SetPasswordAsync(factory.Services, agent.UserId, Password);
        var copied = await FormSignIn.SignInAsync(client, await FormSignIn.EmailOfAsync(factory.Services, agent.UserId), Password);
        (await GetAsync(client, "/api/chat/threads", copied)).StatusCode.Should().Be(HttpStatusCode.OK, "the copy works while signed in");

        var signedOut = await SignOutThroughUserMenuAsync(client, copied);
        var api = await GetAsync(client, "/api/chat/threads", copied);
        var page = await GetAsync(client, "/", copied);

        signedOut.StatusCode.Should().Be(HttpStatusCode.Redirect);
        signedOut.Headers.Location!.ToString().Should().Be("/account/login");
        api.StatusCode.Should().Be(HttpStatusCode.Unauthorized, "the session ended on the server, not only in the browser");
        (await api.ReadProblemAsync()).Title.Should().Be("Not signed in");
        page.StatusCode.Should().Be(HttpStatusCode.Redirect);
        page.Headers.Location!.ToString().Should().Contain("/account/login");
    }

    /// <summary>Posts the sign-out form of the user menu as the browser does: its antiforgery token and cookie, and the sign-in cookie.</summary>
    private static async Task<HttpResponseMessage> SignOutThroughUserMenuAsync(HttpClient client, string cookie)
    {
        var inbox = await GetAsync(client, "/", cookie);
        inbox.StatusCode.Should().Be(HttpStatusCode.OK);
        var token = FormSignIn.TokenOf(await inbox.Content.ReadAsStringAsync());
        var antiforgeryCookie = FormSignIn.CookieFrom(inbox, ".AspNetCore.Antiforgery");
        using var request = new HttpRequestMessage(HttpMethod.Post, "/account/logout")
        {
            Content = new FormUrlEncodedContent(new Dictionary<string, string> { ["__RequestVerificationToken"] = token }),
        };
        request.Headers.Add("Cookie", $"{cookie}; {antiforgeryCookie}");
        return await client.SendAsync(request);
    }

    private static async Task<HttpResponseMessage> GetAsync(HttpClient client, string path, string cookie)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, path);
        request.Headers.Add("Cookie", cookie);
        return await client.SendAsync(request);
    }
}
