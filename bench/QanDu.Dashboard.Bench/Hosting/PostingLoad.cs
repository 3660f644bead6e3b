using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net.Http.Json;
using System.Text.Json;
using QanDu.Dashboard.Bench.Reporting;
using QanDu.Dashboard.Features.Messages;

namespace QanDu.Dashboard.Bench.Hosting;

/// <summary>One acknowledged post: the stored message's id, when its 201 arrived (a Stopwatch timestamp), and how long it took.</summary>
public sealed record Ack(long MessageId, long At, double Milliseconds);

/// <summary>
/// Clients posting through <c>POST /api/chat/message</c> over loopback without pause, each with its own API key and
/// waiting for its 201 (after the commit) before the next, until stopped. Every acknowledgement is kept.
/// </summary>
public sealed class PostingLoad
{
    private readonly ConcurrentQueue<Ack> _acks = new();
    private readonly CancellationTokenSource _stop = new();
    private Task _running = Task.CompletedTask;

    public int Count => _acks.Count;

    public static async Task<PostingLoad> StartAsync(BenchApp app, int clients, TextGenerator texts)
    {
        var (callers, threads) = await Scenarios.ServicePostsScenario.CreateSendersAsync(app, clients);
        var http = new HttpClient[clients];
        for (var i = 0; i < clients; i++)
            http[i] = app.CreateSocketClient(await app.CreateApiKeyAsync(callers[i]), maxConnections: 1);
        var bodies = Enumerable.Range(0, 512).Select(_ => texts.Message()).ToArray();
        var load = new PostingLoad();
        load._running = Task.WhenAll(http.Select((client, i) => Task.Run(() => load.PostAsync(client, threads[i], bodies, i))));
        return load;
    }

    /// <summary>The acknowledgements that arrived between two Stopwatch timestamps.</summary>
    public IReadOnlyList<Ack> Between(long from, long to) => [.. _acks.Where(a => a.At >= from && a.At < to)];

    /// <summary>Throughput and latency of the posts acknowledged in a window: "812 msg/s, ack p99 45 ms".</summary>
    public string Describe(long from, long to)
    {
        var window = Between(from, to);
        if (window.Count == 0)
            return "no post acknowledged";
        var latencies = new Latencies();
        latencies.AddRange(window.Select(a => a.Milliseconds));
        var seconds = (to - from) / (double)Stopwatch.Frequency;
        return $"{Figures.Rate(window.Count / seconds)}, ack median {Latencies.Ms(latencies.Median)} · p99 {Latencies.Ms(latencies.P99)}";
    }

    public async Task StopAsync()
    {
        await _stop.CancelAsync();
        await _running;
    }

    private async Task PostAsync(HttpClient client, long threadId, string[] bodies, int index)
    {
        using var _ = client;
        for (var n = index; !_stop.IsCancellationRequested; n++)
        {
            var started = Stopwatch.GetTimestamp();
            using var response = await client.PostAsJsonAsync("/api/chat/message", new PostMessageRequest(threadId, bodies[n % bodies.Length]));
            if ((int)response.StatusCode != 201)
                throw new InvalidOperationException($"POST /api/chat/message answered {(int)response.StatusCode}: {await response.Content.ReadAsStringAsync()}");
            var id = (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetInt64();
            _acks.Enqueue(new Ack(id, Stopwatch.GetTimestamp(), Stopwatch.GetElapsedTime(started).TotalMilliseconds));
        }
    }
}
