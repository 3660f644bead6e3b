using System.Text;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Http;

namespace QanDu.Dashboard.Tests.Infrastructure;

/// <summary>One scripted answer: streamed pieces (tokens, tool-call fragments, delays, a cut, a malformed chunk) or an error.</summary>
public sealed class FakeReply
{
    private readonly List<Func<HttpContext, Task>> _pieces = [];
    private int _status = 200;
    private string? _errorMessage;
    private string? _retryAfter;
    private string _finishReason = "stop";
    private bool _cut;
    private TimeSpan _wholeDelay; // the delays, for a non-streamed answer: it arrives after all of them
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
        _wholeDelay += delay;
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
        if (_wholeDelay > TimeSpan.Zero)
            await Task.Delay(_wholeDelay, context.RequestAborted);
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
