using System.Net;
using Microsoft.AspNetCore.Mvc.Testing;
using QanDu.Dashboard.Features.Access;
using QanDu.Dashboard.Tests.Infrastructure;

namespace QanDu.Dashboard.Tests.Hosting;

/// <summary>
/// What answers an address that matches nothing: for a signed-in person the app's own not-found page (still 404); under
/// /api the API's problem details as before; and signed in without the role, a page that says so.
/// </summary>
public sealed class StatusPagesTests(DashboardFactory factory) : IClassFixture<DashboardFactory>
{
    private const string Password = "Status-pages-2026";

    [Theory]
    [InlineData("/no-such-page")]
    [InlineData("/threads/1/nothing/here")]
    public async Task UnknownPage_SignedIn_AppsNotFoundPageWithStatus404(string path)
    {
        var response = await SendSignedInAsync(HttpMethod.Get, path, Roles.Agent);

        response.StatusCode.Should().Be(HttpStatusCode.NotFound);
        (response.Content.Headers.ContentType?.MediaType).Should().Be("text/html", "the app's page, not an empty answer");
        var html = await response.Content.ReadAsStringAsync();
        html.Should().Contain("This page does not exist").And.Contain("Back to the inbox");
        response.Headers.GetValues("Content-Security-Policy").Should().ContainSingle().Which.Should().Contain("script-src 'self'");
    }

    [Fact]
    public async Task UnknownApiAddress_SignedIn_StillProblemDetails()
    {
        var response = await SendSignedInAsync(HttpMethod.Get, "/api/chat/reports", Roles.Agent);

        response.StatusCode.Should().Be(HttpStatusCode.NotFound);
        var problem = await response.ReadProblemAsync();
        problem.Title.Should().Be("Not found");
        problem.Detail.Should().Contain("/api/chat/reports");
    }

    [Fact]
    public async Task AdminPage_SignedInAsAgent_RedirectsToNoAccessNotToSignIn()
    {
        var response = await SendSignedInAsync(HttpMethod.Get, "/admin/labels", Roles.Agent);

        response.StatusCode.Should().Be(HttpStatusCode.Redirect);
        response.Headers.Location!.AbsolutePath.Should().Be("/access-denied");
    }

    private async Task<HttpResponseMessage> SendSignedInAsync(HttpMethod method, string path, string role)
    {
        var client = factory.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false, HandleCookies = false });
        var (_, email) = await FormSignIn.CreateUserAsync(factory.Services, $"Status {role}", role, Password);
        var cookie = await FormSignIn.SignInAsync(client, email, Password);
        using var request = new HttpRequestMessage(method, path);
        request.Headers.Add("Cookie", cookie);
        return await client.SendAsync(request);
    }
}
