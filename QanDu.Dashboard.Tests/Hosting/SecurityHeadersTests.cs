using System.Net;
using Microsoft.AspNetCore.Mvc.Testing;
using QanDu.Dashboard.Features.Access;
using QanDu.Dashboard.Hosting;
using QanDu.Dashboard.Tests.Browser;
using QanDu.Dashboard.Tests.Infrastructure;

namespace QanDu.Dashboard.Tests.Hosting;

/// <summary>
/// What every response tells the browser: pages run only the app's own scripts (a Content Security Policy), nothing is
/// sniffed into another type, no address leaks to other sites as a referrer, and the sign-in cookie is Secure whenever
/// the browser reached the app over TLS, also through a reverse proxy.
/// </summary>
public sealed class SecurityHeadersTests(DashboardFactory factory) : IClassFixture<DashboardFactory>
{
    [Theory]
    [InlineData("/account/login")] // a page anyone may open
    [InlineData("/")] // a page that redirects to the sign-in page
    public async Task Page_Anonymous_HasScriptPolicyNoSniffAndReferrerPolicy(string path)
    {
        var client = factory.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false });

        var response = await client.GetAsync(path);

        var policy = string.Join(";", response.Headers.GetValues("Content-Security-Policy"));
        Directives(policy).Should().Contain("script-src 'self'").And.Contain("object-src 'none'")
            .And.Contain("frame-ancestors 'self'").And.Contain("connect-src 'self'");
        Directives(policy).Should().NotContain(d => d.StartsWith("script-src") && (d.Contains("unsafe-inline") || d.Contains("unsafe-eval")));
        ShouldHaveCommonHeaders(response);
    }

    [Fact]
    public async Task SignedInPage_HasOnePolicyWithScriptSrc()
    {
        var user = await factory.CreateUserAsync("Headers Agent", Roles.Agent);
        var client = factory.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false, HandleCookies = false });
        var password = "Headers-2026";
        await FormSignIn.SetPasswordAsync(factory.Services, user.UserId, password);
        var cookie = await FormSignIn.SignInAsync(client, await FormSignIn.EmailOfAsync(factory.Services, user.UserId), password);
        using var request = new HttpRequestMessage(HttpMethod.Get, "/");
        request.Headers.Add("Cookie", cookie);

        var response = await client.SendAsync(request);

        response.StatusCode.Should().Be(HttpStatusCode.OK);
        response.Headers.GetValues("Content-Security-Policy").Should().ContainSingle("Blazor's own frame-ancestors header is not added twice")
            .Which.Should().Contain("script-src 'self'");
        ShouldHaveCommonHeaders(response);
    }

    [Fact]
    public async Task ApiReference_Page_RunsOnlyItsOwnScriptsByAFreshNonce()
    {
        var client = factory.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false });

        var first = await client.GetAsync("/api-reference/");
        var second = await client.GetAsync("/api-reference/");

        first.StatusCode.Should().Be(HttpStatusCode.OK);
        var policy = first.Headers.GetValues("Content-Security-Policy").Should().ContainSingle().Which;
        var scriptSrc = Directives(policy).Should().ContainSingle(d => d.StartsWith("script-src ")).Which;
        scriptSrc.Should().MatchRegex("^script-src 'self' 'nonce-[A-Za-z0-9_-]{20,}'$", "the page's inline start-up script runs by its nonce, nothing else inline");
        Directives(policy).Except([scriptSrc]).Should().BeEquivalentTo(Directives(SecurityHeaders.PagePolicy).Where(d => !d.StartsWith("script-src ")),
            "apart from its nonce the page has the pages' policy: nothing fetched from elsewhere");
        var nonce = scriptSrc.Split("'nonce-")[1].TrimEnd('\'');
        var html = await first.Content.ReadAsStringAsync();
        System.Text.RegularExpressions.Regex.Matches(html, "<script[^>]*>").Should().NotBeEmpty()
            .And.OnlyContain(tag => tag.Value.Contains($"nonce=\"{nonce}\""));
        second.Headers.GetValues("Content-Security-Policy").Single().Should().NotContain(nonce, "a nonce is used once");
        first.Headers.CacheControl!.NoStore.Should().BeTrue("a page with a nonce is not cached and served again");
        ShouldHaveCommonHeaders(first);
    }

    [Theory]
    [InlineData(false)] // 401 problem details
    [InlineData(true)] // a signed-in answer
    public async Task Api_AnyAnswer_HasNoSniffAndReferrerPolicy(bool signedIn)
    {
        var client = signedIn
            ? await factory.CreateClientForAsync(await factory.CreateUserAsync("Headers Api", Roles.Agent))
            : factory.CreateClient();

        var response = await client.GetAsync("/api/chat/threads");

        response.StatusCode.Should().Be(signedIn ? HttpStatusCode.OK : HttpStatusCode.Unauthorized);
        ShouldHaveCommonHeaders(response);
    }

    [Fact]
    public async Task Cookies_OverTlsThroughTrustedProxy_AreSecure_AndOverPlainHttpAreNot()
    {
        await using var app = new DashboardHost(new Dictionary<string, string?> { ["Demo:SeedOnEmptyDatabase"] = "false" });
        app.Start();
        const string password = "Secure-cookie-2026";
        var (_, email) = await FormSignIn.CreateUserAsync(app.Services, "Proxied Cookie", Roles.Agent, password);
        // The default Proxy:TrustedProxies trusts a TLS proxy on the same machine, which says the browser used https.
        using var viaTlsProxy = LoopbackClient.From(app.BaseAddress, "127.0.0.1");
        viaTlsProxy.DefaultRequestHeaders.Add("X-Forwarded-Proto", "https");
        using var plain = LoopbackClient.From(app.BaseAddress, "127.0.0.1");

        var overTls = await FormSignIn.PostAsync(viaTlsProxy, email, password);
        var overHttp = await FormSignIn.PostAsync(plain, email, password);

        SetCookie(overTls, FormSignIn.AuthCookieName).Should().ContainEquivalentOf("; secure");
        SetCookie(overHttp, FormSignIn.AuthCookieName).Should().NotContainEquivalentOf("; secure", "plain http on a laptop keeps working");
        var form = await viaTlsProxy.GetAsync("/account/login");
        SetCookie(form, ".AspNetCore.Antiforgery").Should().ContainEquivalentOf("; secure");
    }

    private static void ShouldHaveCommonHeaders(HttpResponseMessage response)
    {
        response.Headers.GetValues("X-Content-Type-Options").Should().Equal("nosniff");
        response.Headers.GetValues("Referrer-Policy").Should().Equal("same-origin");
    }

    private static IEnumerable<string> Directives(string policy) =>
        policy.Split(';', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries);

    private static string SetCookie(HttpResponseMessage response, string name) =>
        response.Headers.GetValues("Set-Cookie").Single(c => c.StartsWith(name, StringComparison.Ordinal));
}
