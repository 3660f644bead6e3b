using System.Net;
using Microsoft.AspNetCore.Mvc.Testing;
using QanDu.Dashboard.Features.Access;
using QanDu.Dashboard.Tests.Infrastructure;

namespace QanDu.Dashboard.Tests.Hosting;

/// <summary>Signed in without the role a page needs: a page that says so, not the sign-in form.</summary>
public sealed class StatusPagesTests(DashboardFactory factory) : IClassFixture<DashboardFactory>
{
    private const string Password = "Status-pages-2026";

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
