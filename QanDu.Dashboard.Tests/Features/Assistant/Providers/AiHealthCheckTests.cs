using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using QanDu.Dashboard.Data.Entities;
using QanDu.Dashboard.Features.Access;
using QanDu.Dashboard.Features.Health;
using QanDu.Dashboard.Tests.Infrastructure;

namespace QanDu.Dashboard.Tests.Features.Assistant.Providers;

/// <summary>
/// The health report shows the AI provider (/health/details, for admins): Degraded with the reason when it is down or
/// refuses the key, never Unhealthy; /health says Degraded without naming it.
/// </summary>
public sealed class AiHealthCheckTests : IAsyncLifetime
{
    private FakeOpenAiServer _server = null!;

    public async Task InitializeAsync() => _server = await FakeOpenAiServer.StartAsync();

    public async Task DisposeAsync() => await _server.DisposeAsync();

    [Fact]
    public async Task Health_LocalProvider_Healthy()
    {
        using var factory = new DashboardFactory();

        var (status, health) = await GetHealthAsync(factory);

        status.Should().Be(HttpStatusCode.OK);
        health.Checks["ai"].Status.Should().Be("Healthy");
        health.Checks["ai"].Description.Should().Contain("built-in offline assistant");
    }

    [Theory]
    [InlineData("OpenAI", "/v1/models", "Bearer test-key", null)]
    [InlineData("AzureOpenAI", "/openai/models", null, "test-key")]
    public async Task Health_ProviderAnswers_HealthyAfterProbingItsModelList(string provider, string path, string? authorization, string? apiKey)
    {
        _server.RequiredKey = AiTestSettings.Key;
        using var factory = new DashboardFactory { Settings = AiTestSettings.For(provider, _server.Root) };

        var (status, health) = await GetHealthAsync(factory);

        status.Should().Be(HttpStatusCode.OK);
        health.Checks["ai"].Status.Should().Be("Healthy");
        var probe = _server.Requests.Should().ContainSingle().Subject;
        probe.Path.Should().Be(path);
        probe.Authorization.Should().Be(authorization);
        probe.ApiKey.Should().Be(apiKey);
    }

    [Theory]
    [InlineData("OpenAI", "Ai:OpenAI:ApiKey")]
    [InlineData("AzureOpenAI", "Ai:AzureOpenAI:ApiKey")]
    public async Task Health_WrongKey_DegradedNamingEndpointAndKeySetting(string provider, string keySetting)
    {
        _server.RequiredKey = "the-right-key";
        using var factory = new DashboardFactory { Settings = AiTestSettings.For(provider, _server.Root, key: "a-wrong-key") };

        var (status, health) = await GetHealthAsync(factory);

        status.Should().Be(HttpStatusCode.OK, "Degraded still answers 200: the dashboard works without AI");
        health.Status.Should().Be("Degraded");
        health.Checks["database"].Status.Should().Be("Healthy");
        health.Checks["ai"].Status.Should().Be("Degraded");
        health.Checks["ai"].Description.Should().Contain(_server.Root).And.Contain("refused the key (401").And.Contain(keySetting);
    }

    [Fact]
    public async Task Health_ProviderDown_DegradedWithTheReasonAndPagesStillServed()
    {
        var closed = AiTestSettings.ClosedPortRoot();
        using var factory = new DashboardFactory { Settings = AiTestSettings.For("OpenAI", closed) };

        var (status, health) = await GetHealthAsync(factory);

        status.Should().Be(HttpStatusCode.OK);
        health.Status.Should().Be("Degraded");
        health.Checks["ai"].Description.Should().Contain($"{closed}/v1").And.Contain("cannot be reached");
        var login = await factory.CreateClient().GetAsync("/account/login");
        login.StatusCode.Should().Be(HttpStatusCode.OK);
        (await login.Content.ReadAsStringAsync()).Should().Contain("Sign in");
    }

    private static async Task<(HttpStatusCode Status, HealthBody Body)> GetHealthAsync(DashboardFactory factory)
    {
        var response = await factory.CreateClient().GetAsync("/health");
        response.Content.Headers.ContentType!.MediaType.Should().Be("application/json");
        var status = JsonSerializer.Deserialize<HealthStatusView>(await response.Content.ReadAsStringAsync(), ApiJson.Options)!.Status;
        var admin = await factory.CreateClientForAsync(await factory.CreateUserAsync("Health admin", Roles.Admin));
        var details = (await admin.GetFromJsonAsync<HealthDetailsView>("/health/details", ApiJson.Options))!;
        return (response.StatusCode, new HealthBody(status, details.Components.ToDictionary(c => c.Key, c => new HealthEntry(c.Status, c.Figure))));
    }

    private sealed record HealthBody(string Status, Dictionary<string, HealthEntry> Checks);

    private sealed record HealthEntry(string Status, string? Description);
}
