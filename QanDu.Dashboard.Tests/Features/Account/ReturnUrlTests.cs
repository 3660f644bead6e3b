using System.Net;
using QanDu.Dashboard.Features.Access;
using QanDu.Dashboard.Tests.Browser;
using QanDu.Dashboard.Tests.Infrastructure;

namespace QanDu.Dashboard.Tests.Features.Account;

/// <summary>
/// Where the sign-in form sends a person afterwards: always a page of this app, whatever the link said. On Kestrel,
/// which (unlike the test server) refuses a response header that is not ASCII, as a real install does.
/// </summary>
public sealed class ReturnUrlTests(ReturnUrlTests.App app) : IClassFixture<ReturnUrlTests.App>
{
    private const string Password = "Return-url-2026";

    /// <summary>The app on Kestrel, with room for more sign-ins from one address than a person would make.</summary>
    public sealed class App : IAsyncLifetime
    {
        public DashboardHost Host { get; } = new(new Dictionary<string, string?>
        {
            ["Demo:SeedOnEmptyDatabase"] = "false",
            ["SignIn:AddressLimit"] = "1000",
        });

        public Task InitializeAsync()
        {
            Host.Start();
            return Task.CompletedTask;
        }

        public async Task DisposeAsync() => await Host.DisposeAsync();
    }

    [Theory]
    [InlineData("/%E3%80%82evil", "/%E3%80%82evil")] // an ideographic full stop: not ASCII, so not a valid Location header as it was
    [InlineData("/threads/1", "/threads/1")]
    [InlineData("//evil.example/", "/")]
    [InlineData("/%5Cevil.example/", "/")] // /\evil.example: browsers read a backslash as a slash
    [InlineData("https://evil.example/", "/")]
    [InlineData("/%09/evil.example/", "/")] // browsers drop a tab in a URL: //evil.example
    [InlineData("javascript:alert(1)", "/")]
    public async Task SignIn_WithReturnUrl_RedirectsOnlyToThisApp(string returnUrl, string expected)
    {
        using var client = LoopbackClient.From(app.Host.BaseAddress, "127.0.0.1");
        var (_, email) = await FormSignIn.CreateUserAsync(app.Host.Services, "Returning Agent", Roles.Agent, Password);

        var page = await client.GetAsync($"/account/login?ReturnUrl={returnUrl}");
        var response = await FormSignIn.PostAsync(client, email, Password, $"?ReturnUrl={returnUrl}");

        page.StatusCode.Should().Be(HttpStatusCode.OK);
        response.StatusCode.Should().Be(HttpStatusCode.Redirect, await response.Content.ReadAsStringAsync());
        var target = new Uri(app.Host.BaseAddress, response.Headers.Location!);
        target.Authority.Should().Be(app.Host.BaseAddress.Authority, "the redirect stays on this app");
        target.PathAndQuery.Should().Be(expected);
        FormSignIn.CookieFrom(response, FormSignIn.AuthCookieName).Should().NotBeNull("the person is signed in");
    }
}
