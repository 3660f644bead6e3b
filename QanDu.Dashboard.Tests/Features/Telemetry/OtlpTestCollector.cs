using System.Collections.Concurrent;
using System.Text;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace QanDu.Dashboard.Tests.Features.Telemetry;

/// <summary>
/// A stand-in OpenTelemetry collector: Kestrel on 127.0.0.1 (random port) accepting OTLP over HTTP
/// (<c>POST /v1/metrics</c>, <c>/v1/traces</c>, <c>/v1/logs</c>, protobuf bodies) and keeping every body. Protobuf
/// carries strings as UTF-8, so a metric's name can be found in the bytes without the OTLP schema.
/// </summary>
public sealed class OtlpTestCollector : IAsyncDisposable
{
    private readonly WebApplication _app;

    private OtlpTestCollector(WebApplication app) => _app = app;

    /// <summary>For example <c>http://127.0.0.1:41234</c>: the value of OTEL_EXPORTER_OTLP_ENDPOINT.</summary>
    public string Endpoint { get; private set; } = "";

    public ConcurrentQueue<(string Path, string ContentType, byte[] Body)> Received { get; } = new();

    public static async Task<OtlpTestCollector> StartAsync()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Logging.ClearProviders();
        var app = builder.Build();
        var collector = new OtlpTestCollector(app);
        app.MapPost("/v1/{signal}", async (HttpContext context, string signal) =>
        {
            using var body = new MemoryStream();
            await context.Request.Body.CopyToAsync(body);
            collector.Received.Enqueue(($"/v1/{signal}", context.Request.ContentType ?? "", body.ToArray()));
            context.Response.ContentType = "application/x-protobuf";
            return Results.Bytes([], "application/x-protobuf"); // an empty Export…ServiceResponse: all accepted
        });
        await app.StartAsync();
        collector.Endpoint = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        return collector;
    }

    /// <summary>The requests to <paramref name="path"/> whose body holds <paramref name="text"/> as UTF-8.</summary>
    public IEnumerable<(string Path, string ContentType, byte[] Body)> Containing(string path, string text)
    {
        var bytes = Encoding.UTF8.GetBytes(text);
        return Received.Where(r => r.Path == path && r.Body.AsSpan().IndexOf(bytes) >= 0);
    }

    public async ValueTask DisposeAsync() => await _app.DisposeAsync();
}
