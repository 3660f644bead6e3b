using Microsoft.Extensions.Options;
using OpenTelemetry;
using OpenTelemetry.Metrics;
using OpenTelemetry.Resources;
using OpenTelemetry.Trace;
using QanDu.Dashboard.Features.Analysis;
using QanDu.Dashboard.Features.Assistant.Providers;
using QanDu.Dashboard.Features.Messages;
using QanDu.Dashboard.Features.Operations;

namespace QanDu.Dashboard.Features.Telemetry;

/// <summary>
/// OpenTelemetry traces and metrics (ASP.NET Core, HttpClient, EF Core, the AI pipeline, our <c>qandu.*</c> meter),
/// the Prometheus endpoint when <c>Metrics:Prometheus:Enabled</c>, OTLP export when <c>OTEL_EXPORTER_OTLP_ENDPOINT</c>
/// is set, and the error log the health page lists (docs/operations.md, "Metrics and traces").
/// </summary>
internal static class TelemetryRegistration
{
    public const string ServiceName = "qandu-dashboard";
    private const string OtlpEndpoint = "OTEL_EXPORTER_OTLP_ENDPOINT";

    public static WebApplicationBuilder AddTelemetry(this WebApplicationBuilder builder)
    {
        var services = builder.Services;
        services.AddOptions<PrometheusOptions>().BindConfiguration(PrometheusOptions.Section)
            .Validate(o => !o.Unreadable().Any(), "Metrics:Prometheus:AllowedAddresses must list IP addresses or networks, e.g. [\"127.0.0.1\", \"10.0.0.0/24\"] (docs/operations.md).")
            .ValidateOnStart();
        services.AddSingleton<MetricsAccess>();
        services.AddSingleton<ILoggerProvider, RecentErrorsLoggerProvider>();

        var prometheus = builder.Configuration.GetValue<bool>($"{PrometheusOptions.Section}:Enabled");
        var exporting = !string.IsNullOrWhiteSpace(builder.Configuration[OtlpEndpoint]);
        var otel = services.AddOpenTelemetry()
            .ConfigureResource(r =>
            {
                if (string.IsNullOrWhiteSpace(builder.Configuration["OTEL_SERVICE_NAME"])) // the standard variable wins
                    r.AddService(ServiceName, serviceVersion: typeof(TelemetryRegistration).Assembly.GetName().Version?.ToString());
            })
            .WithTracing(tracing =>
            {
                // Requests always have a trace (its id is what the error list and problem details show); the database,
                // HttpClient and AI spans only cost something when they are exported.
                tracing.AddAspNetCoreInstrumentation();
                if (exporting)
                    tracing.AddHttpClientInstrumentation().AddEntityFrameworkCoreInstrumentation().AddSource(AiRegistration.TelemetrySource);
            })
            .WithMetrics(metrics =>
            {
                metrics.AddAspNetCoreInstrumentation()
                    .AddHttpClientInstrumentation()
                    .AddMeter("Microsoft.EntityFrameworkCore", "Microsoft.AspNetCore.Http.Connections", "Microsoft.AspNetCore.Components.Server.Circuits")
                    .AddMeter(AiRegistration.TelemetrySource, QanduMetrics.MeterName)
                    // Built with the meter provider: the gauges that read other features' queues (this folder knows them; Operations does not).
                    .AddInstrumentation(sp => ObserveQueues(sp));
                if (prometheus)
                    metrics.AddPrometheusExporter(o => o.ScrapeResponseCacheDurationMilliseconds = 0);
            });
        // The standard variables (OTEL_EXPORTER_OTLP_PROTOCOL, _HEADERS, OTEL_METRIC_EXPORT_INTERVAL…) are read from configuration.
        if (exporting)
            otel.UseOtlpExporter();
        return builder;
    }

    /// <summary>Serves <c>/metrics</c> when enabled, to allowed addresses and token holders only; others get a plain 404.</summary>
    public static WebApplication MapMetrics(this WebApplication app)
    {
        if (!app.Services.GetRequiredService<IOptions<PrometheusOptions>>().Value.Enabled)
            return app;
        var access = app.Services.GetRequiredService<MetricsAccess>();
        app.MapPrometheusScrapingEndpoint(PrometheusOptions.Path, meterProvider: null, configureBranchedPipeline: branch => branch.Use((context, next) =>
        {
            if (access.Allows(context))
                return next(context);
            context.Response.StatusCode = StatusCodes.Status404NotFound;
            return Task.CompletedTask;
        }), optionsName: null).AllowAnonymous();
        return app;
    }

    private static QanduMetrics ObserveQueues(IServiceProvider services)
    {
        var metrics = services.GetRequiredService<QanduMetrics>();
        var writer = services.GetRequiredService<MessageWriter>();
        var analysis = services.GetRequiredService<AnalysisWorker>();
        metrics.ObserveWriterQueue(() => writer.QueueLength);
        metrics.ObserveAnalysisBacklog(() => analysis.Waiting);
        return metrics;
    }
}
