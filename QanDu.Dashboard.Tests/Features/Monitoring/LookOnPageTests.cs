using System.Net;
using Microsoft.AspNetCore.Mvc.Testing;
using QanDu.Dashboard.Features.Access;
using QanDu.Dashboard.Tests.Infrastructure;

namespace QanDu.Dashboard.Tests.Features.Monitoring;

/// <summary>Who may open <c>/monitor/conversations/{id}</c>: supervisors and admins; an agent is sent to "no access", as on other such pages.</summary>
public sealed class LookOnPageTests(DashboardFactory factory) : IClassFixture<DashboardFactory>
{
    private const string Password = "Look-on-page-2026";

    [Fact]
    public async Task LookOn_Agent_RedirectedToNoAccess()
    {
        var chat = await factory.StartAsync("Ada Customer");

        var response = await GetSignedInAsync($"/monitor/conversations/{chat.ThreadId}", Roles.Agent);

        response.StatusCode.Should().Be(HttpStatusCode.Redirect);
        response.Headers.Location!.AbsolutePath.Should().Be("/access-denied");
    }

    [Theory]
    [InlineData(Roles.Supervisor)]
    [InlineData(Roles.Admin)]
    public async Task LookOn_SupervisorOrAdmin_TheConversationWithTheLookingOnNotice(string role)
    {
        var chat = await factory.StartAsync("Ada Customer", "Where is quillberry order 7?");

        var response = await GetSignedInAsync($"/monitor/conversations/{chat.ThreadId}", role);

        response.StatusCode.Should().Be(HttpStatusCode.OK);
        var html = await response.Content.ReadAsStringAsync();
        html.Should().Contain("Looking on").And.Contain("the customer and agent do not see you")
            .And.Contain("Where is quillberry order 7?").And.Contain("Whisper to the team");
    }

    private async Task<HttpResponseMessage> GetSignedInAsync(string path, string role)
    {
        var client = factory.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false, HandleCookies = false });
        var (_, email) = await FormSignIn.CreateUserAsync(factory.Services, $"Look-on {role}", role, Password);
        var cookie = await FormSignIn.SignInAsync(client, email, Password);
        using var request = new HttpRequestMessage(HttpMethod.Get, path);
        request.Headers.Add("Cookie", cookie);
        return await client.SendAsync(request);
    }
}
