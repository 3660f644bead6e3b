using System.Net;
using System.Net.Http.Headers;
using Microsoft.Extensions.DependencyInjection;
using QanDu.Dashboard.Features.Access;
using QanDu.Dashboard.Features.Account;
using QanDu.Dashboard.Tests.Infrastructure;

namespace QanDu.Dashboard.Tests.Features.Account;

/// <summary>Signing in to the API with a personal key: only a live key of a real user gets in.</summary>
public sealed class ApiKeyAuthenticationHandlerTests(DashboardFactory factory) : IClassFixture<DashboardFactory>
{
    [Theory]
    [InlineData("qdk_thisKeyWasNeverIssued0000000000000000000")]
    [InlineData("not-even-a-qdk-key")]
    public async Task Authenticate_WrongKey_UnauthorizedProblem(string secret)
    {
        var client = factory.CreateClient();
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", secret);

        var response = await client.GetAsync("/api/chat/threads");

        response.StatusCode.Should().Be(HttpStatusCode.Unauthorized);
        response.Headers.WwwAuthenticate.ToString().Should().Be("Bearer");
        (await response.ReadProblemAsync()).Detail.Should().Be("The API key is unknown or revoked.");
    }

    [Fact]
    public async Task Authenticate_RevokedKey_Unauthorized()
    {
        var user = await factory.CreateUserAsync("Revoking Agent", Roles.Agent);
        var keys = factory.Services.GetRequiredService<ApiKeyService>();
        var key = await keys.CreateAsync(user.UserId, "laptop");
        var client = factory.CreateClient();
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", key.Secret);
        (await client.GetAsync("/api/chat/threads")).StatusCode.Should().Be(HttpStatusCode.OK, "the key works until it is revoked");

        await keys.RevokeAsync(user.UserId, key.Key.Id);
        var response = await client.GetAsync("/api/chat/threads");

        response.StatusCode.Should().Be(HttpStatusCode.Unauthorized);
    }

    [Fact]
    public async Task Authenticate_ValidKey_ActsAsTheKeysOwner()
    {
        var user = await factory.CreateUserAsync("Key Owner", Roles.Agent);
        var colleague = await factory.CreateUserAsync("Key Colleague", Roles.Agent);
        var threadId = await factory.CreateGroupThreadAsync(user, "Owner's thread", colleague);
        var client = await factory.CreateClientForAsync(user);

        var response = await client.GetAsync($"/api/chat/thread/{threadId}");

        response.StatusCode.Should().Be(HttpStatusCode.OK);
        (await response.ReadAsync<QanDu.Dashboard.Features.Threads.ThreadSummary>()).Title.Should().Be("Owner's thread");
    }
}
