using System.Diagnostics;
using Microsoft.Extensions.DependencyInjection;
using QanDu.Dashboard.Bench.Hosting;
using QanDu.Dashboard.Bench.Reporting;
using QanDu.Dashboard.Features.Messages;
using QanDu.Dashboard.Realtime;

namespace QanDu.Dashboard.Bench.Scenarios;

/// <summary>
/// One post to a thread with 10,000 subscribers on the app's event bus (what 10,000 open thread views would be):
/// the time from the writer publishing the committed message until the last subscriber's handler has it, and from
/// the sender's post until then. Each subscriber records the moment its handler ran.
/// </summary>
public sealed class FanOutScenario : Scenario
{
    public override string Name => "fan-out";
    public override int Order => 30;
    public override string Targets => "p99 ≤ 10 ms until the last of 10,000 subscribers has the post";

    public override async Task<IReadOnlyList<ResultRow>> RunAsync(BenchOptions options, BenchLog log, CancellationToken ct)
    {
        var subscriberCount = options.Size(500, 10_000);
        var posts = options.Size(10, 200);
        await using var app = BenchApp.StartFresh();
        var sender = await app.CreateUserAsync("Fan-out sender");
        var thread = await app.CreateGroupThreadAsync(sender, "Everyone watching", await app.CreateUserAsync("Watcher"));
        var events = app.Services.GetRequiredService<IChatEvents>();

        // Each subscriber notes when it saw message `expected`; the last one to see it completes the round.
        var seen = new long[subscriberCount];
        string? expected = null;
        var remaining = 0;
        TaskCompletionSource<long> round = new();
        var subscriptions = new List<IDisposable>(subscriberCount);
        for (var i = 0; i < subscriberCount; i++)
        {
            var index = i;
            subscriptions.Add(events.Subscribe(thread, e =>
            {
                if (e is MessagePosted posted && posted.Message.Content == Volatile.Read(ref expected))
                {
                    seen[index] = Stopwatch.GetTimestamp();
                    if (Interlocked.Decrement(ref remaining) == 0)
                        round.TrySetResult(Stopwatch.GetTimestamp());
                }
                return Task.CompletedTask;
            }));
        }
        // The writer publishes right after its commit; a bus-wide subscriber registered first sees it first, which
        // gives the publish moment without changing the app.
        long publishedAt = 0;
        using var firstSeen = events.Subscribe(null, e =>
        {
            if (e is MessagePosted posted && posted.Message.ThreadId == thread)
                Interlocked.CompareExchange(ref publishedAt, Stopwatch.GetTimestamp(), 0);
            return Task.CompletedTask;
        });
        try
        {
            var fromPublish = new Latencies();
            var fromPost = new Latencies();
            var texts = new TextGenerator(options.Seed);
            log.Info($"{Name}: {posts} posts to {Figures.Count(subscriberCount)} subscribers");
            for (var n = -3; n < posts; n++) // three warm-up rounds first
            {
                round = new TaskCompletionSource<long>(TaskCreationOptions.RunContinuationsAsynchronously);
                Volatile.Write(ref remaining, subscriberCount);
                Volatile.Write(ref publishedAt, 0);
                // Subscribers know the round's message by its text (unique: it ends with the round number).
                var content = $"{texts.Message()} (round {n})";
                Volatile.Write(ref expected, content);
                var postedAt = Stopwatch.GetTimestamp();
                await app.Messages.PostAsync(sender, new PostMessageRequest(thread, content), ct);
                var last = await round.Task.WaitAsync(TimeSpan.FromSeconds(30), ct);
                if (n < 0)
                    continue;
                fromPublish.Add(Stopwatch.GetElapsedTime(publishedAt, last));
                fromPost.Add(Stopwatch.GetElapsedTime(postedAt, last));
                await Task.Delay(20, ct);
            }
            return
            [
                new ResultRow(Name, $"{Figures.Count(subscriberCount)} subscribers, {posts} posts",
                    $"publish → last subscriber {fromPublish.Summary()}; post → last subscriber (includes the durable commit) {fromPost.Summary()}",
                    "p99 ≤ 10 ms", fromPublish.P99 <= 10),
            ];
        }
        finally
        {
            foreach (var subscription in subscriptions)
                subscription.Dispose();
        }
    }
}
