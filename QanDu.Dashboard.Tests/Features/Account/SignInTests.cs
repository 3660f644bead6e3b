using System.Net;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Mvc.Testing;
using QanDu.Dashboard.Tests.Infrastructure;

namespace QanDu.Dashboard.Tests.Features.Account;

/// <summary>The sign-in form as a browser posts it, and the cookie it sets.</summary>
public sealed partial class SignInTests
{
    private const string Password = "Demo!2026";

    [Fact]
    public async Task SignIn_RightPassword_CookieOpensTheInboxAndSurvivesARestart()
    {
        using var folder = new TempDataFolder();
        string cookie;
        await using (var first = DashboardFactory.OnFolder(folder, seedDemo: true))
        {
            cookie = await SignInAsync(first, "agent@qandu.local", Password);
            (await GetAsync(first, "/api/chat/threads", cookie)).StatusCode.Should().Be(HttpStatusCode.OK);
        }

        // A new process on the same data folder reads the same Data Protection keys, so nobody is signed out.
        await using var second = DashboardFactory.OnFolder(folder, seedDemo: true);
        (await GetAsync(second, "/api/chat/threads", cookie)).StatusCode.Should().Be(HttpStatusCode.OK);
        var inbox = await GetAsync(second, "/", cookie);
        inbox.StatusCode.Should().Be(HttpStatusCode.OK, "the signed-in inbox renders instead of redirecting to sign-in");
    }

    [Fact]
    public async Task SignIn_WrongPassword_ShowsErrorAndSetsNoCookie()
    {
        await using var app = new DashboardFactory { SeedDemo = true };
        var client = app.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false });

        var response = await PostLoginAsync(client, "agent@qandu.local", "not-the-password");

        response.StatusCode.Should().Be(HttpStatusCode.OK);
        (await response.Content.ReadAsStringAsync()).Should().Contain("The email or password is not right.");
        response.Headers.TryGetValues("Set-Cookie", out var cookies);
        (cookies ?? []).Should().NotContain(c => c.StartsWith("qandu.auth="));
    }

    [Fact]
    public async Task Page_Anonymous_RedirectsToSignIn()
    {
        await using var app = new DashboardFactory();
        var client = app.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false });

        var response = await client.GetAsync("/threads/1");

        response.StatusCode.Should().Be(HttpStatusCode.Redirect);
        response.Headers.Location!.ToString().Should().Contain("/account/login");
    }

    private static async Task<string> SignInAsync(DashboardFactory app, string email, string password)
    {
        var client = app.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false });
        var response = await PostLoginAsync(client, email, password);
        response.StatusCode.Should().Be(HttpStatusCode.Redirect, "a successful sign-in redirects into the app");
        return response.Headers.GetValues("Set-Cookie").Single(c => c.StartsWith("qandu.auth=")).Split(';')[0];
    }

    private static async Task<HttpResponseMessage> PostLoginAsync(HttpClient client, string email, string password)
    {
        var form = await client.GetAsync("/account/login");
        var html = await form.Content.ReadAsStringAsync();
        var token = AntiforgeryToken().Match(html).Groups[1].Value;
        var antiforgeryCookie = form.Headers.GetValues("Set-Cookie").First(c => c.StartsWith(".AspNetCore.Antiforgery")).Split(';')[0];
        using var request = new HttpRequestMessage(HttpMethod.Post, "/account/login")
        {
            Content = new FormUrlEncodedContent(new Dictionary<string, string>
            {
                ["_handler"] = "login",
                ["__RequestVerificationToken"] = token,
                ["Input.Email"] = email,
                ["Input.Password"] = password,
                ["Input.RememberMe"] = "true",
            }),
        };
        request.Headers.Add("Cookie", antiforgeryCookie);
        return await client.SendAsync(request);
    }

    private static async Task<HttpResponseMessage> GetAsync(DashboardFactory app, string path, string cookie)
    {
        var client = app.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false });
        using var request = new HttpRequestMessage(HttpMethod.Get, path);
        request.Headers.Add("Cookie", cookie);
        return await client.SendAsync(request);
    }

    [GeneratedRegex("name=\"__RequestVerificationToken\" value=\"([^\"]+)\"")]
    private static partial Regex AntiforgeryToken();
}
