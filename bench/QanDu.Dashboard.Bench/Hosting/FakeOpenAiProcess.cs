using System.Diagnostics;
using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace QanDu.Dashboard.Bench.Hosting;

/// <summary>
/// A model server for the AI streaming scenario, run as a child process (<c>serve-openai</c>) so its CPU is not counted
/// as the app's. It speaks OpenAI's chat-completions wire format on 127.0.0.1: with <c>stream: true</c> it waits
/// <c>--first-token-ms</c>, then sends <c>--tokens</c> tokens, one per SSE chunk, at <c>--tokens-per-second</c>, a
/// finish chunk and <c>data: [DONE]</c>. On stdout it says where it listens, then one line per streamed answer with the
/// <see cref="Stopwatch"/> timestamps (CLOCK_MONOTONIC on Linux, comparable across processes) of its own milestones.
/// It exits when its stdin closes, so it never outlives the bench.
/// </summary>
public static partial class FakeOpenAiProcess
{
    public const string Verb = "serve-openai";

    public static async Task<int> RunAsync(string[] args)
    {
        var settings = FakeOpenAiSettings.Parse(args);
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls($"http://127.0.0.1:{settings.Port}");
        builder.Logging.ClearProviders();
        var app = builder.Build();
        var answer = new StreamedAnswer(settings);
        app.MapPost("/v1/chat/completions", answer.WriteAsync);
        app.MapGet("/v1/models", (HttpContext context) => context.Response.WriteAsJsonAsync(
            new { @object = "list", data = new[] { new { id = FakeOpenAiSettings.Model, @object = "model" } } }));
        await app.StartAsync();
        var root = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        Report($"listening {root} {Stopwatch.Frequency}");

        // The bench holds our stdin open; end of input means it is gone (or done): stop serving.
        await Task.Run(() => Console.In.ReadToEnd());
        using var stopping = new CancellationTokenSource(TimeSpan.FromSeconds(2));
        await app.StopAsync(stopping.Token);
        return 0;
    }

    /// <summary>Writes one line to stdout at once (the bench reads it while we run).</summary>
    internal static void Report(string line)
    {
        lock (Console.Out)
        {
            Console.Out.WriteLine(line);
            Console.Out.Flush();
        }
    }

    /// <summary>The question's tag, "[stream-17]", that ties a request to the thread that asked.</summary>
    [GeneratedRegex(@"\[stream-(\d+)\]")]
    internal static partial Regex StreamTag();
}

/// <summary>The server's pace and size of answers, from its command line.</summary>
public sealed record FakeOpenAiSettings(int Port, int FirstTokenMs, int TokensPerSecond, int Tokens)
{
    public const string Model = "bench-model";

    public static FakeOpenAiSettings Parse(IReadOnlyList<string> args)
    {
        var settings = new FakeOpenAiSettings(0, 200, 100, 250);
        for (var i = 0; i + 1 < args.Count; i += 2)
        {
            var value = int.Parse(args[i + 1], CultureInfo.InvariantCulture);
            settings = args[i] switch
            {
                "--port" => settings with { Port = value },
                "--first-token-ms" => settings with { FirstTokenMs = value },
                "--tokens-per-second" => settings with { TokensPerSecond = value },
                "--tokens" => settings with { Tokens = value },
                var unknown => throw new ArgumentException($"Unknown option '{unknown}'."),
            };
        }
        return settings;
    }

    public string[] ToArgs() =>
    [
        FakeOpenAiProcess.Verb, "--port", $"{Port}", "--first-token-ms", $"{FirstTokenMs}",
        "--tokens-per-second", $"{TokensPerSecond}", "--tokens", $"{Tokens}",
    ];
}

/// <summary>One streamed answer per request; the chunks are rendered once, up front, so the server's own cost stays small.</summary>
internal sealed class StreamedAnswer(FakeOpenAiSettings settings)
{
    private static readonly string[] Words =
    [
        " the", " order", " was", " refunded", " today", " and", " you", " should", " see", " it", " within", " three",
        " business", " days", ";", " if", " not", ",", " please", " reply", " here", " with", " the", " invoice", " number", ".",
    ];

    private readonly byte[][] _tokenChunks = [.. Enumerable.Range(0, settings.Tokens).Select(i => Chunk(Words[i % Words.Length], null))];
    private readonly byte[] _ending = Encoding.UTF8.GetBytes(
        Encoding.UTF8.GetString(Chunk(null, "stop")) + "data: [DONE]\n\n");

    public async Task WriteAsync(HttpContext context)
    {
        var arrived = Stopwatch.GetTimestamp(); // the request's headers are in; its body may still be on the way
        using var body = await JsonDocument.ParseAsync(context.Request.Body, cancellationToken: context.RequestAborted);
        var received = Stopwatch.GetTimestamp();
        var tag = Tag(body.RootElement);
        if (!body.RootElement.TryGetProperty("stream", out var stream) || stream.ValueKind != JsonValueKind.True)
        {
            await context.Response.WriteAsJsonAsync(WholeAnswer(), context.RequestAborted);
            return;
        }

        var ct = context.RequestAborted;
        var firstAt = received + settings.FirstTokenMs * Stopwatch.Frequency / 1000;
        var interval = Stopwatch.Frequency / settings.TokensPerSecond;
        context.Response.ContentType = "text/event-stream";
        long firstSent = 0;
        var sent = 0;
        try
        {
            for (; sent < _tokenChunks.Length; sent++)
            {
                // On a fixed schedule from the first token, so a late timer does not slow the whole answer down.
                await DelayUntilAsync(firstAt + sent * interval, ct);
                if (sent == 0)
                    await context.Response.Body.WriteAsync(Chunk("", null, role: true), ct);
                await context.Response.Body.WriteAsync(_tokenChunks[sent], ct);
                await context.Response.Body.FlushAsync(ct);
                if (sent == 0)
                    firstSent = Stopwatch.GetTimestamp();
            }
            await context.Response.Body.WriteAsync(_ending, ct);
            await context.Response.Body.FlushAsync(ct);
        }
        catch (OperationCanceledException)
        {
            // The app stopped reading (a stopped answer): report what was sent.
        }
        FakeOpenAiProcess.Report(string.Create(CultureInfo.InvariantCulture,
            $"stream {tag} {arrived} {received} {firstSent} {Stopwatch.GetTimestamp()} {sent}"));
    }

    private static async Task DelayUntilAsync(long timestamp, CancellationToken ct)
    {
        var wait = Stopwatch.GetElapsedTime(Stopwatch.GetTimestamp(), timestamp);
        if (wait > TimeSpan.Zero)
            await Task.Delay(wait, ct);
    }

    private static string Tag(JsonElement body)
    {
        if (!body.TryGetProperty("messages", out var messages))
            return "-";
        var tag = "-";
        foreach (var message in messages.EnumerateArray())
            if (message.TryGetProperty("content", out var content) && content.ValueKind == JsonValueKind.String
                && FakeOpenAiProcess.StreamTag().Match(content.GetString()!) is { Success: true } match)
                tag = match.Groups[1].Value; // the last one: the question being answered
        return tag;
    }

    private static byte[] Chunk(string? content, string? finishReason, bool role = false)
    {
        var delta = role ? new Dictionary<string, string?> { ["role"] = "assistant", ["content"] = content }
            : content is null ? new Dictionary<string, string?>() : new Dictionary<string, string?> { ["content"] = content };
        var chunk = new
        {
            id = "chatcmpl-bench", @object = "chat.completion.chunk", created = 1_700_000_000, model = FakeOpenAiSettings.Model,
            choices = new[] { new { index = 0, delta, finish_reason = finishReason } },
        };
        return Encoding.UTF8.GetBytes($"data: {JsonSerializer.Serialize(chunk)}\n\n");
    }

    private object WholeAnswer() => new
    {
        id = "chatcmpl-bench", @object = "chat.completion", created = 1_700_000_000, model = FakeOpenAiSettings.Model,
        choices = new[]
        {
            new { index = 0, message = new { role = "assistant", content = string.Concat(Enumerable.Range(0, settings.Tokens).Select(i => Words[i % Words.Length])).Trim() }, finish_reason = "stop" },
        },
        usage = new { prompt_tokens = 10, completion_tokens = settings.Tokens, total_tokens = settings.Tokens + 10 },
    };
}
