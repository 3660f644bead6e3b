using System.Collections.Concurrent;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

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
        ? c.ValueKind == JsonValueKind.String ? c.GetString()! : string.Concat(c.EnumerateArray().Select(p => p.TryGetProperty("text", out var t) ? t.GetString() : ""))
        : "";
}

/// <summary>One scripted answer: streamed pieces (tokens, tool-call fragments, delays, a cut, a malformed chunk) or an error.</summary>
public sealed class FakeReply
{
    private readonly List<Func<HttpContext, Task>> _pieces = [];
    private int _status = 200;
    private string? _errorMessage;
    private string? _retryAfter;
    private string _finishReason = "stop";
    private bool _cut;
    private readonly StringBuilder _text = new();
    private readonly List<(string Id, string Name, StringBuilder Args)> _toolCalls = [];

    public static FakeReply Tokens(params string[] tokens) => new FakeReply().ThenTokens(tokens);

    public static FakeReply Error(int status, string message, string? retryAfter = null) =>
        new() { _status = status, _errorMessage = message, _retryAfter = retryAfter };

    /// <summary>A tool call whose arguments arrive split across several chunks, as OpenAI streams them.</summary>
    public static FakeReply ToolCall(string id, string name, params string[] argumentParts)
    {
        var reply = new FakeReply { _finishReason = "tool_calls" };
        var index = reply._toolCalls.Count;
        var args = new StringBuilder();
        reply._toolCalls.Add((id, name, args));
        reply._pieces.Add(ctx => Chunk(ctx, new JsonObject
        {
            ["tool_calls"] = new JsonArray(new JsonObject
            {
                ["index"] = index, ["id"] = id, ["type"] = "function",
                ["function"] = new JsonObject { ["name"] = name, ["arguments"] = "" },
            }),
        }));
        foreach (var part in argumentParts)
        {
            args.Append(part);
            reply._pieces.Add(ctx => Chunk(ctx, new JsonObject
            {
                ["tool_calls"] = new JsonArray(new JsonObject { ["index"] = index, ["function"] = new JsonObject { ["arguments"] = part } }),
            }));
        }
        return reply;
    }

    public FakeReply ThenTokens(params string[] tokens)
    {
        foreach (var token in tokens)
        {
            _text.Append(token);
            _pieces.Add(ctx => Chunk(ctx, new JsonObject { ["content"] = token }));
        }
        return this;
    }

    /// <summary>Waits before the next piece (before the first token: a slow first token).</summary>
    public FakeReply ThenDelay(TimeSpan delay)
    {
        _pieces.Add(ctx => Task.Delay(delay, ctx.RequestAborted));
        return this;
    }

    /// <summary>Holds the stream until <paramref name="signal"/> completes (for example: the test saw the tokens so far).</summary>
    public FakeReply ThenWaitFor(Task signal)
    {
        _pieces.Add(ctx => signal.WaitAsync(TimeSpan.FromSeconds(30), ctx.RequestAborted));
        return this;
    }

    public static FakeReply SlowFirstToken(TimeSpan delay, params string[] tokens) => new FakeReply().ThenDelay(delay).ThenTokens(tokens);

    /// <summary>Aborts the connection after the pieces so far: no finish reason, no [DONE].</summary>
    public FakeReply ThenCut()
    {
        _cut = true;
        return this;
    }

    /// <summary>A chunk that is not JSON.</summary>
    public FakeReply ThenMalformed()
    {
        _pieces.Add(ctx => Raw(ctx, "data: {\"id\":\"chatcmpl-fake\",\"choices\":[{\"index\":0,\"delta\":{\"content\":\"x\"\n\n"));
        return this;
    }

    internal async Task WriteAsync(HttpContext context, bool stream)
    {
        if (_status != 200)
        {
            context.Response.StatusCode = _status;
            if (_retryAfter is not null)
                context.Response.Headers.RetryAfter = _retryAfter;
            var type = _status == 429 ? "rate_limit_exceeded" : _status >= 500 ? "server_error" : "invalid_request_error";
            await context.Response.WriteAsJsonAsync(new { error = new { message = _errorMessage, type, code = (string?)null } });
            return;
        }
        if (!stream)
        {
            await WriteWholeAsync(context);
            return;
        }
        context.Response.ContentType = "text/event-stream";
        await Chunk(context, new JsonObject { ["role"] = "assistant", ["content"] = "" });
        foreach (var piece in _pieces)
            await piece(context);
        if (_cut)
        {
            context.Abort();
            return;
        }
        await Chunk(context, new JsonObject(), _finishReason);
        await Raw(context, "data: [DONE]\n\n");
    }

    private async Task WriteWholeAsync(HttpContext context)
    {
        var message = new JsonObject { ["role"] = "assistant", ["content"] = _toolCalls.Count == 0 ? _text.ToString() : null };
        if (_toolCalls.Count > 0)
            message["tool_calls"] = new JsonArray([.. _toolCalls.Select(t => (JsonNode)new JsonObject
            {
                ["id"] = t.Id, ["type"] = "function",
                ["function"] = new JsonObject { ["name"] = t.Name, ["arguments"] = t.Args.ToString() },
            })]);
        var body = new JsonObject
        {
            ["id"] = "chatcmpl-fake", ["object"] = "chat.completion", ["created"] = 1_700_000_000, ["model"] = "test-model",
            ["choices"] = new JsonArray(new JsonObject { ["index"] = 0, ["message"] = message, ["finish_reason"] = _finishReason }),
            ["usage"] = new JsonObject { ["prompt_tokens"] = 5, ["completion_tokens"] = 3, ["total_tokens"] = 8 },
        };
        context.Response.ContentType = "application/json";
        await context.Response.WriteAsync(body.ToJsonString());
    }

    private static Task Chunk(HttpContext context, JsonObject delta, string? finishReason = null)
    {
        var chunk = new JsonObject
        {
            ["id"] = "chatcmpl-fake", ["object"] = "chat.completion.chunk", ["created"] = 1_700_000_000, ["model"] = "test-model",
            ["choices"] = new JsonArray(new JsonObject { ["index"] = 0, ["delta"] = delta, ["finish_reason"] = finishReason }),
        };
        return Raw(context, $"data: {chunk.ToJsonString()}\n\n");
    }

    private static async Task Raw(HttpContext context, string text)
    {
        await context.Response.WriteAsync(text, context.RequestAborted);
        await context.Response.Body.FlushAsync(context.RequestAborted);
    }
}
