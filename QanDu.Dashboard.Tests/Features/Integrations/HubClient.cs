using System.Text.Json;
using System.Threading.Channels;
using Microsoft.AspNetCore.Http.Connections;
using Microsoft.AspNetCore.Http.Connections.Client;
using Microsoft.AspNetCore.SignalR.Client;
using Microsoft.Extensions.DependencyInjection;
using QanDu.Dashboard.Features.Integrations;
using QanDu.Dashboard.Tests.Infrastructure;

namespace QanDu.Dashboard.Tests.Features.Integrations;

/// <summary>
/// A client of <c>/hubs/chat</c> as an integration writes one, with the official .NET client: every event it is sent is
/// kept as raw JSON, in order, so a test can wait for one and compare its shape with the REST API's.
/// </summary>
public sealed class HubClient : IAsyncDisposable
{
    private static readonly string[] EventNames =
    [
        FeedEventNames.MessagePosted, FeedEventNames.MessageEdited, FeedEventNames.MessageDeleted, FeedEventNames.StatusChanged,
        FeedEventNames.Typing, FeedEventNames.ThreadChanged, FeedEventNames.Resync, FeedEventNames.SubscriptionEnded,
    ];

    private readonly Channel<(string Name, JsonElement Payload)> _events = Channel.CreateUnbounded<(string, JsonElement)>();
    private readonly TaskCompletionSource<Exception?> _closed = new(TaskCreationOptions.RunContinuationsAsynchronously);

    private HubClient(HubConnection connection)
    {
        Connection = connection;
        foreach (var name in EventNames)
            connection.On<JsonElement>(name, payload => _events.Writer.TryWrite((name, payload)));
        connection.Closed += e =>
        {
            _closed.TrySetResult(e);
            return Task.CompletedTask;
        };
    }

    public HubConnection Connection { get; }

    /// <summary>Closed by the server (or the client): completes with the reason, if any.</summary>
    public Task<Exception?> Closed => _closed.Task;

    /// <summary>A connection with an API key as the bearer token (the .NET client sends it as a header).</summary>
    public static Task<HubClient> ConnectWithKeyAsync(Uri app, string key) =>
        ConnectAsync(app, "/hubs/chat", o => o.AccessTokenProvider = () => Task.FromResult<string?>(key));

    /// <summary>A connection signed in by the browser's cookie (<c>qandu.auth=…</c>).</summary>
    public static Task<HubClient> ConnectWithCookieAsync(Uri app, string cookie, string? origin = null) =>
        ConnectAsync(app, "/hubs/chat", o =>
        {
            o.Headers["Cookie"] = cookie;
            if (origin is not null)
                o.Headers["Origin"] = origin;
        });

    /// <summary>A WebSocket straight to the hub with the key in the query string, as a browser's client sends it.</summary>
    public static Task<HubClient> ConnectWithQueryTokenAsync(Uri app, string key) =>
        ConnectAsync(app, "/hubs/chat?access_token=" + Uri.EscapeDataString(key), o =>
        {
            o.Transports = HttpTransportType.WebSockets;
            o.SkipNegotiation = true;
        });

    private static async Task<HubClient> ConnectAsync(Uri app, string path, Action<HttpConnectionOptions> configure)
    {
        var connection = new HubConnectionBuilder()
            .WithUrl(new Uri(app, path), configure)
            // The hub's JSON is the REST API's: enums as camelCase strings.
            .AddJsonProtocol(o => o.PayloadSerializerOptions = ApiJson.Options)
            .Build();
        var client = new HubClient(connection);
        try
        {
            await connection.StartAsync();
        }
        catch
        {
            await connection.DisposeAsync();
            throw;
        }
        return client;
    }

    /// <summary>The next event named <paramref name="name"/> that <paramref name="match"/> accepts, skipping others; fails after 15 s.</summary>
    public async Task<JsonElement> NextAsync(string name, Func<JsonElement, bool>? match = null)
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(15));
        try
        {
            while (true)
            {
                var (eventName, payload) = await _events.Reader.ReadAsync(timeout.Token);
                if (eventName == name && (match is null || match(payload)))
                    return payload;
            }
        }
        catch (OperationCanceledException)
        {
            throw new TimeoutException($"No '{name}' event arrived within 15 s.");
        }
    }

    /// <summary>Every event that arrives within <paramref name="wait"/>.</summary>
    public async Task<IReadOnlyList<(string Name, JsonElement Payload)>> DrainAsync(TimeSpan wait)
    {
        await Task.Delay(wait);
        var events = new List<(string, JsonElement)>();
        while (_events.Reader.TryRead(out var e))
            events.Add(e);
        return events;
    }

    public ValueTask DisposeAsync() => Connection.DisposeAsync();
}
