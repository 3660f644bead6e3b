using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.DependencyInjection;
using QanDu.Dashboard.Tests.Infrastructure;

namespace QanDu.Dashboard.Tests.Features.Telemetry;

/// <summary>
/// OpenTelemetry listens to every meter of our name in the process, whichever app created it: the telemetry tests run
/// alone, after the parallel ones, so no other test's app adds to the figures they read.
/// </summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class TelemetryCollection
{
    public const string Name = "Telemetry (process-wide meters)";
}

/// <summary>
/// The app on Kestrel at a loopback port with <c>/metrics</c> on (loopback allowed, plus a token), OTLP export to a
/// <see cref="OtlpTestCollector"/> every half second, and a route that fails with a bug (<see cref="FailingRoute"/>).
/// </summary>
public sealed class TelemetryHost : IAsyncLifetime
{
    public const string Token = "scrape-token-for-tests";

    public DashboardFactory Factory { get; private set; } = null!;

    public OtlpTestCollector Collector { get; private set; } = null!;

    public Uri BaseAddress { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        Collector = await OtlpTestCollector.StartAsync();
        Factory = new DashboardFactory
        {
            Settings =
            {
                ["Metrics:Prometheus:Enabled"] = "true",
                ["Metrics:Prometheus:Token"] = Token,
                ["OTEL_EXPORTER_OTLP_ENDPOINT"] = Collector.Endpoint,
                ["OTEL_EXPORTER_OTLP_PROTOCOL"] = "http/protobuf",
                ["OTEL_METRIC_EXPORT_INTERVAL"] = "500",
                ["OTEL_BSP_SCHEDULE_DELAY"] = "500",
            },
            TestServices = services => services.AddSingleton<IStartupFilter, FailingRoute>(),
        };
        Factory.UseKestrel(0);
        Factory.StartServer();
        BaseAddress = Factory.ClientOptions.BaseAddress;
    }

    /// <summary>A plain client on 127.0.0.1, as a Prometheus server on the same machine scrapes.</summary>
    public HttpClient Scraper() => new() { BaseAddress = BaseAddress };

    public async Task<PrometheusScrape> ScrapeAsync()
    {
        using var client = Scraper();
        var response = await client.GetAsync("/metrics");
        var text = await response.Content.ReadAsStringAsync();
        response.StatusCode.Should().Be(System.Net.HttpStatusCode.OK, text);
        return new PrometheusScrape(text);
    }

    public async Task DisposeAsync()
    {
        await Factory.DisposeAsync();
        await Collector.DisposeAsync();
    }

    /// <summary>A request path past every endpoint that throws, as a bug in an endpoint would.</summary>
    public sealed class FailingRoute : IStartupFilter
    {
        public const string Path = "/api/test/failure";
        public const string Message = "A bug planted by the telemetry test";

        public Action<IApplicationBuilder> Configure(Action<IApplicationBuilder> next) => app =>
        {
            next(app);
            app.Map(Path, branch => branch.Run(_ => throw new InvalidOperationException(Message)));
        };
    }
}
