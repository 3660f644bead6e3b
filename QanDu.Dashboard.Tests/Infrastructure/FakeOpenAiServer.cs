using System.Collections.Concurrent;
using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using QanDu.Dashboard.Data.Entities;

namespace QanDu.Dashboard.Tests.Infrastructure;

/// <summary>
/// A real Kestrel server on 127.0.0.1 (random port) speaking OpenAI's chat-completions wire format, on the OpenAI route
/// (<c>/v1/chat/completions</c>) and the Azure route (<c>/openai/deployments/{deployment}/chat/completions</c>). Each
/// request takes the next scripted <see cref="FakeReply"/> (the last one repeats); every request is recorded.
/// </summary>
public sealed class FakeOpenAiServer : IAsyncDisposable
{
    private readonly WebApplication _app;
    private readonly ConcurrentQueue<FakeReply> _script = new();
    private FakeReply _last = FakeReply.Tokens("Hello", " there", "!");

    private FakeOpenAiServer(WebApplication app) => _app = app;

    /// <summary>The server root, e.g. <c>http://127.0.0.1:41234</c> (Azure endpoint); OpenAI clients use <see cref="OpenAiEndpoint"/>.</summary>
    public string Root { get; private set; } = "";

    public string OpenAiEndpoint => $"{Root}/v1";

    /// <summary>When set, every request must carry this key (Bearer or api-key), else 401 with OpenAI's error body.</summary>
    public string? RequiredKey { get; set; }

    public ConcurrentQueue<FakeRequest> Requests { get; } = new();

    public static async Task<FakeOpenAiServer> StartAsync()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Logging.ClearProviders();
        var app = builder.Build();
        var server = new FakeOpenAiServer(app);
        app.MapPost("/v1/chat/completions", server.CompleteAsync);
        app.MapPost("/openai/deployments/{deployment}/chat/completions", server.CompleteAsync);
        app.MapGet("/v1/models", server.ModelsAsync);
        app.MapGet("/openai/models", server.ModelsAsync);
        await app.StartAsync();
        server.Root = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        return server;
    }

    /// <summary>Scripts the replies of the next requests, in order.</summary>
    public void Enqueue(params FakeReply[] replies)
    {
        foreach (var reply in replies)
            _script.Enqueue(reply);
    }

    private async Task CompleteAsync(HttpContext context)
    {
        using var body = await JsonDocument.ParseAsync(context.Request.Body);
        Requests.Enqueue(FakeRequest.From(context, body.RootElement.Clone()));
        if (!_script.TryDequeue(out var reply))
            reply = _last;
        _last = reply;
        if (!await KeyAcceptedAsync(context))
            return;
        var stream = body.RootElement.TryGetProperty("stream", out var s) && s.ValueKind == JsonValueKind.True;
        await reply.WriteAsync(context, stream);
    }

    private async Task ModelsAsync(HttpContext context)
    {
        Requests.Enqueue(FakeRequest.From(context, null));
        if (!await KeyAcceptedAsync(context))
            return;
        await context.Response.WriteAsJsonAsync(new { @object = "list", data = new[] { new { id = "test-model", @object = "model" } } });
    }

    private async Task<bool> KeyAcceptedAsync(HttpContext context)
    {
        if (RequiredKey is null)
            return true;
        var sent = context.Request.Headers["api-key"].ToString();
        if (sent.Length == 0)
            sent = context.Request.Headers.Authorization.ToString().Replace("Bearer ", "", StringComparison.Ordinal);
        if (sent == RequiredKey)
            return true;
        await FakeReply.Error(401, "Incorrect API key provided.").WriteAsync(context, stream: false);
        return false;
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }
}

/// <summary>What the fake server received: path, the key headers and the JSON body.</summary>
public sealed record FakeRequest(string Path, string Query, string? Authorization, string? ApiKey, JsonElement? Body)
{
    public static FakeRequest From(HttpContext context, JsonElement? body) => new(context.Request.Path, context.Request.QueryString.Value ?? "",
        context.Request.Headers.Authorization.FirstOrDefault(), context.Request.Headers["api-key"].FirstOrDefault(), body);

    /// <summary>The "messages" sent, as (role, content) pairs.</summary>
    public IReadOnlyList<(string Role, string Content)> Messages => Body?.GetProperty("messages").EnumerateArray()
        .Select(m => (m.GetProperty("role").GetString()!, ContentText(m))).ToList() ?? [];

    public IReadOnlyList<string> ToolNames => Body is { } b && b.TryGetProperty("tools", out var tools)
        ? tools.EnumerateArray().Select(t => t.GetProperty("function").GetProperty("name").GetString()!).ToList()
        : [];

    private static string ContentText(JsonElement message) => message.TryGetProperty("content", out var c)
        ? c.ValueKind switch
        {
            JsonValueKind.String => c.GetString()!,
            JsonValueKind.Array => string.Concat(c.EnumerateArray().Select(p => p.TryGetProperty("text", out var t) ? t.GetString() : "")),
            _ => "", // an assistant message that only calls tools
        }
        : "";

    /// <summary>The whole JSON body as sent, for checking what never reached the provider.</summary>
    public string RawBody => Body?.GetRawText() ?? "";
}
