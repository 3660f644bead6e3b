using System.Diagnostics;
using System.Net.Http.Json;
using QanDu.Dashboard.Bench.Hosting;
using QanDu.Dashboard.Bench.Reporting;
using QanDu.Dashboard.Features.Messages;

namespace QanDu.Dashboard.Bench.Scenarios;

/// <summary>
/// Posts through <c>POST /api/chat/message</c> over real loopback HTTP/1.1 connections, each client signed in with its
/// own API key and waiting for its answer (201, after the commit) before sending the next.
/// </summary>
public sealed class RestPostsScenario : Scenario
{
    public override string Name => "rest-posts";
    public override int Order => 20;
    public override string Targets => "≥ 5,000 messages/s, p99 ≤ 50 ms (64 concurrent clients with API keys)";

    public override async Task<IReadOnlyList<ResultRow>> RunAsync(BenchOptions options, BenchLog log, CancellationToken ct)
    {
        var clients = options.Size(8, 64);
        var duration = options.Size(TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(15));
        await using var app = BenchApp.StartFresh();
        var (callers, threads) = await ServicePostsScenario.CreateSendersAsync(app, clients);
        var http = new HttpClient[clients];
        for (var i = 0; i < clients; i++)
            http[i] = app.CreateSocketClient(await app.CreateApiKeyAsync(callers[i]), maxConnections: 1);
        try
        {
            var texts = new TextGenerator(options.Seed);
            var bodies = Enumerable.Range(0, 512).Select(_ => texts.Message()).ToArray();
            log.Info($"{Name}: warming up");
            await PostForAsync(http, threads, bodies, TimeSpan.FromSeconds(options.Size(0.3, 2)), new Latencies(), ct);

            log.Info($"{Name}: {clients} clients for {duration.TotalSeconds:0} s");
            var latencies = new Latencies();
            var cpuBefore = ProcessCpu.Now();
            var clock = Stopwatch.StartNew();
            await PostForAsync(http, threads, bodies, duration, latencies, ct);
            var elapsed = clock.Elapsed;
            var cpu = ProcessCpu.Now() - cpuBefore;
            var rate = latencies.Count / elapsed.TotalSeconds;
            return
            [
                new ResultRow(Name, $"{clients} clients, {Figures.Count(latencies.Count)} posts",
                    $"{Figures.Rate(rate)}; response {latencies.Summary()}; {(cpu.TotalMicroseconds / latencies.Count):0} µs CPU per post (server and clients)",
                    "≥ 5,000 msg/s, p99 ≤ 50 ms", rate >= 5_000 && latencies.P99 <= 50),
            ];
        }
        finally
        {
            foreach (var client in http)
                client.Dispose();
        }
    }

    private static async Task PostForAsync(HttpClient[] clients, long[] threads, string[] bodies, TimeSpan duration, Latencies latencies, CancellationToken ct)
    {
        var until = Stopwatch.GetTimestamp() + (long)(duration.TotalSeconds * Stopwatch.Frequency);
        await Task.WhenAll(clients.Select((client, index) => Task.Run(async () =>
        {
            var n = index;
            while (Stopwatch.GetTimestamp() < until)
            {
                var started = Stopwatch.GetTimestamp();
                using var response = await client.PostAsJsonAsync("/api/chat/message",
                    new PostMessageRequest(threads[index], bodies[n++ % bodies.Length]), ct);
                if ((int)response.StatusCode != 201)
                    throw new InvalidOperationException($"POST /api/chat/message answered {(int)response.StatusCode}: {await response.Content.ReadAsStringAsync(ct)}");
                latencies.Add(Stopwatch.GetElapsedTime(started));
            }
        }, ct)));
    }
}
