using System.Net;
using System.Net.Http.Json;
using QanDu.Dashboard.Data.Entities;
using QanDu.Dashboard.Features.Access;
using QanDu.Dashboard.Features.Account;
using QanDu.Dashboard.Tests.Infrastructure;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.DependencyInjection;

namespace QanDu.Dashboard.Tests.Hosting;

/// <summary>
/// The API's request limits: per API key, per person across all their keys, per address without a sign-in; over a
/// limit the answer is 429 with Retry-After and problem details naming the limit, and nothing is done. Small limits
/// here (RateLimits:*), so a test reaches them in a few requests; each test has its own users.
/// </summary>
public sealed class ApiRateLimitTests : IDisposable
{
    private readonly DashboardFactory _app = new()
    {
        Settings =
        {
            ["RateLimits:RequestsPerMinute"] = "8",
            ["RateLimits:WritesPerMinute"] = "1000",
            ["RateLimits:KeyRequestsPerMinute"] = "1000",
            ["RateLimits:KeyWritesPerMinute"] = "3",
            ["RateLimits:AnonymousRequestsPerMinute"] = "3",
        },
    };

    [Fact]
    public async Task Post_OverAKeysWriteLimit_429NamingTheLimitNothingStoredAndOtherKeyStillWorks()
    {
        var agent = await _app.CreateUserAsync("Busy Integration", Roles.Agent);
        var threadId = await _app.CreateGroupThreadAsync(agent, "Rate limited", await _app.CreateUserAsync("Reader", Roles.Agent));
        var key = await _app.CreateClientForAsync(agent);

        var answers = new List<HttpStatusCode>();
        for (var i = 0; i < 4; i++)
            answers.Add((await key.PostAsJsonAsync("/api/chat/message", new { threadId, content = $"Post {i}" }, ApiJson.Options)).StatusCode);
        var refused = await key.PostAsJsonAsync("/api/chat/message", new { threadId, content = "One too many" }, ApiJson.Options);
        var otherKey = await _app.CreateClientForAsync(agent);
        var fromOtherKey = await otherKey.PostAsJsonAsync("/api/chat/message", new { threadId, content = "From the other key" }, ApiJson.Options);

        answers.Take(3).Should().OnlyContain(a => a == HttpStatusCode.Created);
        answers[3].Should().Be(HttpStatusCode.TooManyRequests);
        await ShouldBeLimitedAsync(refused, "at most 3 changes a minute per API key");
        fromOtherKey.StatusCode.Should().Be(HttpStatusCode.Created, "each key has its own limit");
        var stored = await _app.QueryAsync(db => Task.FromResult(db.Messages.Count(m => m.ThreadId == threadId)));
        stored.Should().Be(4, "three posts and the other key's; the refused ones were not stored");
    }

    [Fact]
    public async Task Get_OverAPersonsLimitAcrossTwoKeys_429ButAnotherPersonIsServed()
    {
        var agent = await _app.CreateUserAsync("Many Keys", Roles.Agent);
        var first = await _app.CreateClientForAsync(agent);
        var second = await _app.CreateClientForAsync(agent);
        var colleague = await _app.CreateClientForAsync(await _app.CreateUserAsync("Colleague", Roles.Agent));

        var answers = new List<HttpStatusCode>();
        for (var i = 0; i < 4; i++)
        {
            answers.Add((await first.GetAsync("/api/chat/threads")).StatusCode);
            answers.Add((await second.GetAsync("/api/chat/threads")).StatusCode);
        }
        var ninth = await second.GetAsync("/api/chat/threads");
        var colleagues = await colleague.GetAsync("/api/chat/threads");

        answers.Should().OnlyContain(a => a == HttpStatusCode.OK);
        await ShouldBeLimitedAsync(ninth, "at most 8 API requests a minute per person");
        colleagues.StatusCode.Should().Be(HttpStatusCode.OK, "one person's limit is theirs alone");
    }

    [Fact]
    public async Task Api_WithoutSignIn_LimitedPerAddressButPagesAreNot()
    {
        var client = _app.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false });

        var answers = new List<HttpStatusCode>();
        for (var i = 0; i < 3; i++)
            answers.Add((await client.GetAsync("/api/chat/threads")).StatusCode);
        var fourth = await client.GetAsync("/api/chat/threads");
        var page = await client.GetAsync("/account/login");

        answers.Should().OnlyContain(a => a == HttpStatusCode.Unauthorized);
        await ShouldBeLimitedAsync(fourth, "at most 3 API requests a minute from one address without signing in");
        page.StatusCode.Should().Be(HttpStatusCode.OK, "pages are not counted against the API's limits");
    }

    private static async Task ShouldBeLimitedAsync(HttpResponseMessage response, string limit)
    {
        response.StatusCode.Should().Be(HttpStatusCode.TooManyRequests);
        response.Headers.RetryAfter?.Delta.Should().BePositive("the client is told when to try again");
        response.Content.Headers.ContentType?.MediaType.Should().Be("application/problem+json");
        var body = await response.Content.ReadAsStringAsync();
        body.Should().Contain("Too many requests").And.Contain(limit).And.Contain("RateLimits");
    }

    public void Dispose() => _app.Dispose();
}
