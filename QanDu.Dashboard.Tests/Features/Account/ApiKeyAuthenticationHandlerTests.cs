using System.Net;
using System.Net.Http.Headers;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.DependencyInjection;
using QanDu.Dashboard.Data.Entities;
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

    [Theory]
    [InlineData("/")]
    [InlineData("/account/api-keys")]
    public async Task Authenticate_KeyOnAPage_RedirectsToSignInWhileTheApiStillWorks(string page)
    {
        var user = await factory.CreateUserAsync("Leaked Key Owner", Roles.Agent);
        var client = await KeyClientAsync(user);

        var response = await client.GetAsync(page);
        var api = await client.GetAsync("/api/chat/threads");

        response.StatusCode.Should().Be(HttpStatusCode.Redirect, "a key opens the API, never the dashboard");
        response.Headers.Location!.ToString().Should().Contain("/account/login");
        api.StatusCode.Should().Be(HttpStatusCode.OK);
    }

    [Fact]
    public async Task Authenticate_KeyOnTheBlazorCircuit_Refused()
    {
        var user = await factory.CreateUserAsync("Circuit Key Owner", Roles.Agent);
        var client = await KeyClientAsync(user);

        var response = await client.PostAsync("/_blazor/negotiate?negotiateVersion=1", null);

        response.StatusCode.Should().Be(HttpStatusCode.Unauthorized, "a circuit needs a signed-in browser, not a key");
    }

    [Fact]
    public async Task Authenticate_OwnerLockedOut_Unauthorized()
    {
        var user = await factory.CreateUserAsync("Locked Key Owner", Roles.Agent);
        var client = await KeyClientAsync(user);
        await using (var scope = factory.Services.CreateAsyncScope())
        {
            var users = scope.ServiceProvider.GetRequiredService<UserManager<AppUser>>();
            var owner = await users.FindByIdAsync(user.UserId);
            (await users.SetLockoutEndDateAsync(owner!, DateTimeOffset.UtcNow.AddHours(1))).Succeeded.Should().BeTrue();
        }

        var response = await client.GetAsync("/api/chat/threads");

        response.StatusCode.Should().Be(HttpStatusCode.Unauthorized, "a locked account's keys are locked too");
        (await response.ReadProblemAsync()).Detail.Should().Be("The API key's account is locked.");
    }

    private async Task<HttpClient> KeyClientAsync(ChatCaller user)
    {
        var key = await factory.Services.GetRequiredService<ApiKeyService>().CreateAsync(user.UserId, "leaked");
        var client = factory.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false, HandleCookies = false });
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", key.Secret);
        return client;
    }

    [Fact]
    public async Task Authenticate_ManyConcurrentRequestsWithOneKey_EveryOneAnswered()
    {
        // Requests signed in by the same key share its cached sign-in; one request's claims must not change another's.
        var user = await factory.CreateUserAsync("Busy Key Owner", Roles.Agent);
        var client = await factory.CreateClientForAsync(user);

        var responses = await Task.WhenAll(Enumerable.Range(0, 200).Select(_ => Task.Run(() => client.GetAsync("/api/chat/threads"))));

        responses.Select(r => (int)r.StatusCode).Should().AllBeEquivalentTo(200);
    }

    [Fact]
    public async Task SignInAsync_TwiceFromTheCache_EachGetsIdentitiesOfItsOwn()
    {
        var user = await factory.CreateUserAsync("Cached Key Owner", Roles.Agent);
        var keys = factory.Services.GetRequiredService<ApiKeyService>();
        var key = await keys.CreateAsync(user.UserId, "cached");
        await using var scope = factory.Services.CreateAsyncScope();
        var principals = scope.ServiceProvider.GetRequiredService<IUserClaimsPrincipalFactory<AppUser>>();

        var first = (await keys.SignInAsync(key.Secret, principals.CreateAsync)).Principal!;
        first.Identities.First().AddClaim(new System.Security.Claims.Claim("added-by", "the first request"));
        var second = (await keys.SignInAsync(key.Secret, principals.CreateAsync)).Principal!;

        second.HasClaim("added-by", "the first request").Should().BeFalse("a request's claims are its own, not the cached sign-in's");
    }
}
