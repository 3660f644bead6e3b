using System.Diagnostics;
using Microsoft.Extensions.DependencyInjection;
using QanDu.Dashboard.Bench.Hosting;
using QanDu.Dashboard.Bench.Reporting;
using QanDu.Dashboard.Features.Access;
using QanDu.Dashboard.Features.Messages;

namespace QanDu.Dashboard.Bench.Scenarios;

/// <summary>
/// Posts through <see cref="MessageService"/> (the one write path) from many concurrent senders, each waiting
/// for its acknowledgement (after the durable group commit, synchronous=FULL) before sending the next.
/// </summary>
public sealed class ServicePostsScenario : Scenario
{
    public override string Name => "service-posts";
    public override int Order => 10;
    public override string Targets => "≥ 20,000 messages/s, p99 acknowledgement ≤ 20 ms (256 concurrent senders)";

    public override async Task<IReadOnlyList<ResultRow>> RunAsync(BenchOptions options, BenchLog log, CancellationToken ct)
    {
        var senders = options.Size(16, 256);
        var duration = options.Size(TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(15));
        var maxPosts = options.Size(20_000, 1_000_000);
        await using var app = BenchApp.StartFresh();
        var (callers, threads) = await CreateSendersAsync(app, senders);
        var writer = app.Services.GetRequiredService<MessageWriter>();
        var texts = new TextGenerator(options.Seed);

        log.Info($"{Name}: warming up");
        await PostForAsync(app.Messages, callers, threads, texts, TimeSpan.FromSeconds(options.Size(0.3, 2)), int.MaxValue, new Latencies(), ct);

        log.Info($"{Name}: {senders} senders for {duration.TotalSeconds:0} s");
        var latencies = new Latencies();
        var commitsBefore = writer.CommitCount;
        var cpuBefore = ProcessCpu.Now();
        var clock = Stopwatch.StartNew();
        var posted = await PostForAsync(app.Messages, callers, threads, texts, duration, maxPosts, latencies, ct);
        var elapsed = clock.Elapsed;
        var cpu = ProcessCpu.Now() - cpuBefore;
        var commits = writer.CommitCount - commitsBefore;
        var rate = posted / elapsed.TotalSeconds;

        // The floor under that: SQLite alone, on the same database once the app has stopped writing to it.
        log.Info($"{Name}: measuring what SQLite alone costs per message");
        var bound = await StorageBound.MeasureAsync(app.DatabasePath, threads[0], callers[0].UserId,
            Enumerable.Range(0, 512).Select(_ => texts.Message()).ToList(), options.Size(2_000, 20_000), ct);
        return
        [
            new ResultRow(Name, $"{senders} senders, {Figures.Count(posted)} posts",
                $"{Figures.Rate(rate)}; ack {latencies.Summary()}; {Figures.Count(posted / (double)Math.Max(commits, 1))} posts per commit; {(cpu.TotalMicroseconds / posted):0} µs CPU per post",
                "≥ 20,000 msg/s, p99 ≤ 20 ms", rate >= 20_000 && latencies.P99 <= 20),
            new ResultRow($"{Name} (SQLite floor)", "one prepared INSERT per message, one transaction",
                $"message row + both search indexes {bound.RowWithSearchMicroseconds:0} µs (at most {Figures.Rate(bound.MaxRateWithSearch)} on one core); row alone {bound.RowAloneMicroseconds:0.0} µs; one durable commit (fsync) {bound.DurableCommit.Summary()}",
                "what bounds the writer", null),
        ];
    }

    /// <summary>Senders in groups of four, one group thread per group, so posts to one thread interleave as in a busy team.</summary>
    internal static async Task<(ChatCaller[] Callers, long[] Threads)> CreateSendersAsync(BenchApp app, int senders)
    {
        var callers = new ChatCaller[senders];
        var threads = new long[senders];
        for (var i = 0; i < senders; i++)
            callers[i] = await app.CreateUserAsync($"Sender {i}");
        for (var group = 0; group < senders; group += 4)
        {
            var members = callers.Skip(group + 1).Take(3).ToArray();
            var thread = await app.CreateGroupThreadAsync(callers[group], $"Load group {group / 4}", members);
            for (var i = group; i < Math.Min(group + 4, senders); i++)
                threads[i] = thread;
        }
        return (callers, threads);
    }

    private static async Task<int> PostForAsync(MessageService messages, ChatCaller[] callers, long[] threads, TextGenerator texts,
        TimeSpan duration, int maxPosts, Latencies latencies, CancellationToken ct)
    {
        var posted = 0;
        var until = Stopwatch.GetTimestamp() + (long)(duration.TotalSeconds * Stopwatch.Frequency);
        var bodies = Enumerable.Range(0, 512).Select(_ => texts.Message()).ToArray();
        await Task.WhenAll(callers.Select((caller, index) => Task.Run(async () =>
        {
            var n = index;
            while (Stopwatch.GetTimestamp() < until && Interlocked.Increment(ref posted) <= maxPosts)
            {
                var started = Stopwatch.GetTimestamp();
                await messages.PostAsync(caller, new PostMessageRequest(threads[index], bodies[n++ % bodies.Length]), ct);
                latencies.Add(Stopwatch.GetElapsedTime(started));
            }
        }, ct)));
        return latencies.Count;
    }
}
