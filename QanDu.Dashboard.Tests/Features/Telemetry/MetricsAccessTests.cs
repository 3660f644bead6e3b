using System.Net;
using System.Net.Http.Headers;
using QanDu.Dashboard.Features.Access;
using QanDu.Dashboard.Tests.Infrastructure;

namespace QanDu.Dashboard.Tests.Features.Telemetry;

/// <summary>The app on Kestrel with <c>/metrics</c> on, allowed only from an address that is not loopback, and a token.</summary>
public sealed class RemoteOnlyMetricsHost : IDisposable
{
    public const string Token = "only-this-token-scrapes";

    public RemoteOnlyMetricsHost()
    {
        Factory = new DashboardFactory
        {
            Settings =
            {
                ["Metrics:Prometheus:Enabled"] = "true",
                ["Metrics:Prometheus:AllowedAddresses:0"] = "10.20.30.0/24",
                ["Metrics:Prometheus:Token"] = Token,
            },
        };
        Factory.UseKestrel(0);
        Factory.StartServer();
        BaseAddress = Factory.ClientOptions.BaseAddress;
    }

    public DashboardFactory Factory { get; }

    public Uri BaseAddress { get; }

    public void Dispose() => Factory.Dispose();
}

/// <summary>Who may scrape <c>/metrics</c>: an allowed address or the token; anyone else gets a plain 404.</summary>
[Collection(TelemetryCollection.Name)]
public sealed class MetricsAccessTests(RemoteOnlyMetricsHost host) : IClassFixture<RemoteOnlyMetricsHost>
{
    [Fact]
    public async Task Metrics_FromAnAddressNotAllowed_IsNotFound()
    {
        using var client = LoopbackClient.From(host.BaseAddress, "127.0.0.1");

        var response = await client.GetAsync("/metrics");

        response.StatusCode.Should().Be(HttpStatusCode.NotFound, "loopback is not in Metrics:Prometheus:AllowedAddresses here");
        (await response.Content.ReadAsStringAsync()).Should().NotContain("qandu_");
    }

    [Fact]
    public async Task Metrics_WithAWrongToken_IsNotFound()
    {
        using var client = LoopbackClient.From(host.BaseAddress, "127.0.0.2");
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", RemoteOnlyMetricsHost.Token + "x");

        var response = await client.GetAsync("/metrics");

        response.StatusCode.Should().Be(HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task Metrics_WithTheToken_AreServedFromAnyAddress()
    {
        using var client = LoopbackClient.From(host.BaseAddress, "127.0.0.3");
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", RemoteOnlyMetricsHost.Token);

        var response = await client.GetAsync("/metrics");

        var text = await response.Content.ReadAsStringAsync();
        response.StatusCode.Should().Be(HttpStatusCode.OK, text);
        text.Should().Contain("qandu_hub_connections").And.Contain("qandu_errors_total");
    }

    [Fact]
    public async Task Metrics_WhenDisabled_AnswerAsAnAddressThatDoesNotExist()
    {
        using var app = new DashboardFactory(); // Metrics:Prometheus:Enabled is off by default
        var admin = await app.CreateUserAsync("Metrics Admin", Roles.Admin);
        using var client = await app.CreateClientForAsync(admin);

        var metrics = await client.GetAsync("/metrics");
        var nowhere = await client.GetAsync($"/no-such-address-{Guid.NewGuid():N}");

        var text = await metrics.Content.ReadAsStringAsync();
        metrics.StatusCode.Should().Be(nowhere.StatusCode, "a disabled /metrics is not there at all: {0}", text[..Math.Min(300, text.Length)]);
        text.Should().NotContain("qandu_").And.NotContain("# TYPE");
    }
}
