using System.Collections.Concurrent;
using System.Net;
using System.Net.Sockets;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace QanDu.Dashboard.Tests.Features.Webhooks;

/// <summary>
/// A TCP listener on 127.0.0.1 (and on ::1 at the same port, when it is free) that only counts the connections it
/// accepts: the proof that a refused webhook never reached the loopback interface.
/// </summary>
public sealed class ConnectionCounter : IDisposable
{
    private readonly List<TcpListener> _listeners = [];
    private int _count;

    public ConnectionCounter()
    {
        var v4 = new TcpListener(IPAddress.Loopback, 0);
        v4.Start();
        _listeners.Add(v4);
        Port = ((IPEndPoint)v4.LocalEndpoint).Port;
        try
        {
            var v6 = new TcpListener(IPAddress.IPv6Loopback, Port);
            v6.Start();
            _listeners.Add(v6);
            ListensOnIPv6 = true;
        }
        catch (SocketException)
        {
            // No ::1 here, or the port is taken there: IPv6 loopback forms then cannot connect anywhere anyway.
        }
        foreach (var listener in _listeners)
            _ = AcceptAsync(listener);
    }

    public int Port { get; }

    public bool ListensOnIPv6 { get; }

    public int Connections => Volatile.Read(ref _count);

    public void Dispose()
    {
        foreach (var listener in _listeners)
            listener.Stop();
    }

    private async Task AcceptAsync(TcpListener listener)
    {
        while (true)
        {
            try
            {
                using var client = await listener.AcceptTcpClientAsync();
                Interlocked.Increment(ref _count);
            }
            catch (Exception ex) when (ex is SocketException or ObjectDisposedException)
            {
                return;
            }
        }
    }
}

/// <summary>One request a <see cref="WebhookReceiver"/> got.</summary>
public sealed record ReceivedWebhook(string Path, IReadOnlyDictionary<string, string> Headers, string Body, bool SignatureValid);

/// <summary>
/// A real Kestrel receiver on 127.0.0.1 (random port) that verifies each delivery's signature with
/// <c>WebhookSignature.Verify</c> (401 when it does not verify) and records it; <see cref="Respond"/> overrides the answer.
/// </summary>
public sealed class WebhookReceiver : IAsyncDisposable
{
    private readonly WebApplication _app;

    private WebhookReceiver(WebApplication app, string secret)
    {
        _app = app;
        Secret = secret;
    }

    public string Secret { get; }

    /// <summary>e.g. <c>http://127.0.0.1:41234</c>.</summary>
    public Uri Root { get; private set; } = null!;

    public int Port => Root.Port;

    public ConcurrentQueue<ReceivedWebhook> Received { get; } = new();

    /// <summary>Answers instead of the default (204 when the signature verifies); return false to fall through.</summary>
    public Func<HttpContext, Task<bool>>? Respond { get; set; }

    public static async Task<WebhookReceiver> StartAsync(string secret)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Logging.ClearProviders();
        var app = builder.Build();
        var receiver = new WebhookReceiver(app, secret);
        app.Run(receiver.HandleAsync);
        await app.StartAsync();
        receiver.Root = new Uri(app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First());
        return receiver;
    }

    public async ValueTask DisposeAsync() => await _app.DisposeAsync();

    private async Task HandleAsync(HttpContext context)
    {
        using var reader = new StreamReader(context.Request.Body);
        var body = await reader.ReadToEndAsync();
        var headers = context.Request.Headers.ToDictionary(h => h.Key, h => h.Value.ToString(), StringComparer.OrdinalIgnoreCase);
        var valid = QanDu.Dashboard.Features.Webhooks.WebhookSignature.Verify(Secret, headers.GetValueOrDefault("X-QanDu-Timestamp"), body,
            headers.GetValueOrDefault("X-QanDu-Signature"), DateTimeOffset.UtcNow);
        Received.Enqueue(new ReceivedWebhook(context.Request.Path, headers, body, valid));
        if (Respond is { } respond && await respond(context))
            return;
        context.Response.StatusCode = valid ? StatusCodes.Status204NoContent : StatusCodes.Status401Unauthorized;
    }
}
