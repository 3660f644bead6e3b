using System.Diagnostics;
using System.Net.Http.Json;
using Microsoft.Playwright;
using QanDu.Dashboard.Bench.Hosting;
using QanDu.Dashboard.Bench.Reporting;
using QanDu.Dashboard.Features.Messages;

namespace QanDu.Dashboard.Bench.Scenarios;

/// <summary>
/// One client posts with <c>POST /api/chat/message</c> (an API key, over the real socket) into a thread that many
/// real Chromium pages show; each page times with a MutationObserver when the message is rendered in its list.
/// Every page is a signed-in agent's tab with the thread open (its own circuit), so one post means: group commit,
/// fan-out to every circuit, a render diff over each WebSocket, and the DOM update in the browser.
/// </summary>
public sealed class EndToEndScenario : Scenario
{
    private const string Target = "p99 ≤ 100 ms";

    public override string Name => "end-to-end";
    public override int Order => 40;
    public override string Targets => "post by one client → rendered in 50 real browser pages showing the thread (Playwright); p99 ≤ 100 ms";

    public override async Task<IReadOnlyList<ResultRow>> RunAsync(BenchOptions options, BenchLog log, CancellationToken ct)
    {
        var pageCount = options.Size(3, 50);
        var viewers = options.Size(1, 5);
        var history = options.Size(10, 50); // quick: a short thread, so CI spends its seconds on the browser
        var posts = options.Size(3, 20);
        var warmUpPosts = options.Size(1, 3);
        var size = $"{pageCount} pages ({viewers} agents × {pageCount / viewers} tabs), {history}-message thread, "
            + $"{posts} posts by REST API key";
        if (BenchBrowser.SkipReason() is { } skipped)
            return [new ResultRow(Name, size, skipped, Target, null)];

        using var bounded = CancellationTokenSource.CreateLinkedTokenSource(ct);
        bounded.CancelAfter(options.Size(TimeSpan.FromSeconds(90), TimeSpan.FromMinutes(10)));
        ct = bounded.Token;

        await using var app = BenchApp.StartFresh();
        var texts = new TextGenerator(options.Seed);
        var thread = await ViewedThread.CreateAsync(app, viewers, history, texts, ct);
        using var http = app.CreateSocketClient(await app.CreateApiKeyAsync(thread.Poster), maxConnections: 1);

        await using var browser = await BenchBrowser.LaunchAsync(app.BaseAddress);
        foreach (var viewer in thread.Viewers)
            await browser.SignInAsync(viewer.Email, ViewedThread.Password);
        log.Info($"{Name}: opening {pageCount} pages");
        var pages = await OpenPagesAsync(browser, thread, pageCount, ct);

        var jitter = new Random(options.Seed);
        log.Info($"{Name}: {warmUpPosts} warm-up posts, then {posts} measured posts");
        var reopened = 0;
        for (var i = 0; i < warmUpPosts + 1; i++)
        {
            var (warm, _) = await PostAndTimeAsync(http, pages, thread.ThreadId, $"{texts.Message()} warmup-{i}-{Tag()}", ct);
            var dead = pages.Where((_, p) => warm[p] is null).ToList();
            if (dead.Count == 0 && i >= warmUpPosts - 1)
                break;
            // On an overloaded machine a circuit can fail to start (its start-up work timed out) and then never
            // renders; such a tab is reloaded, as a person would, and counted.
            if (i == warmUpPosts)
                throw new InvalidOperationException($"{dead.Count} pages still rendered nothing after being reloaded.");
            foreach (var page in dead)
                await BenchBrowser.ShowThreadAsync(page, thread.ThreadId);
            reopened += dead.Count;
        }

        var all = new Latencies();
        var lastPage = new Latencies();
        var acks = new Latencies();
        var afterAck = new Latencies();
        var missed = 0;
        for (var i = 0; i < posts; i++)
        {
            // Spaced out, so each post is timed on its own and not behind the read receipts of the one before.
            await Task.Delay(TimeSpan.FromMilliseconds(options.Size(100, 400) + jitter.Next(100)), ct);
            var (result, ack) = await PostAndTimeAsync(http, pages, thread.ThreadId, $"{texts.Message()} e2e-{i}-{Tag()}", ct);
            var seen = result.OfType<double>().ToArray();
            missed += result.Length - seen.Length;
            all.AddRange(seen);
            if (seen.Length > 0)
                lastPage.Add(seen.Max());
            acks.Add(ack);
            afterAck.AddRange(seen.Select(ms => ms - ack.TotalMilliseconds));
        }

        return
        [
            new ResultRow(Name, $"{size}, {Figures.Count(all.Count)} samples",
                $"post → rendered in a page: {all.Summary()}; in the last page of each post: median {Latencies.Ms(lastPage.Median)} · "
                + $"p99 {Latencies.Ms(lastPage.P99)}; of which the API acknowledgement (durable commit): {acks.Summary()}; "
                + $"rendered after the acknowledgement: median {Latencies.Ms(afterAck.Median)} · p99 {Latencies.Ms(afterAck.P99)} "
                + "(negative: the page had it before the HTTP response arrived)"
                + (missed > 0 ? $"; {missed} renders never seen within {RenderTimeout.TotalSeconds:0} s" : "")
                + (reopened > 0 ? $"; {reopened} pages reloaded during warm-up (their circuit had failed to start)" : ""),
                Target, missed == 0 && all.P99 <= 100),
        ];
    }

    /// <summary>Opens the pages in small batches (Chromium and the app share 2 cores), each waited on until interactive.</summary>
    private static async Task<IReadOnlyList<IPage>> OpenPagesAsync(BenchBrowser browser, ViewedThread thread, int count, CancellationToken ct)
    {
        var pages = new List<IPage>();
        const int batch = 5;
        for (var start = 0; start < count; start += batch)
        {
            ct.ThrowIfCancellationRequested();
            var opened = await Task.WhenAll(Enumerable.Range(start, Math.Min(batch, count - start)).Select(async i =>
            {
                var page = await browser.OpenBlankAsync(thread.Viewers[i % thread.Viewers.Count].Email);
                await BenchBrowser.ShowThreadAsync(page, thread.ThreadId);
                return page;
            }));
            pages.AddRange(opened);
        }
        return pages;
    }

    /// <summary>
    /// Watches for the text in every page, posts it, and returns how long each page took to render it (page clock
    /// minus the time just before the request; null: not within <see cref="RenderTimeout"/>) and how long the API
    /// took to acknowledge it.
    /// </summary>
    private static async Task<(double?[] Seen, TimeSpan Ack)> PostAndTimeAsync(
        HttpClient http, IReadOnlyList<IPage> pages, long threadId, string text, CancellationToken ct)
    {
        var watches = await Task.WhenAll(pages.Select(p => RenderWatch.StartAsync(p, MarkerOf(text))));
        var postedAt = DateTimeOffset.UtcNow.ToUnixTimeMilliseconds();
        var clock = Stopwatch.StartNew();
        using var response = await http.PostAsJsonAsync("/api/chat/message", new PostMessageRequest(threadId, text), ct);
        var ack = clock.Elapsed;
        response.EnsureSuccessStatusCode();
        var seenAt = await Task.WhenAll(watches.Select(async w =>
        {
            try
            {
                return await w.SeenAtAsync(RenderTimeout);
            }
            catch (TimeoutException)
            {
                return (long?)null;
            }
        }));
        return ([.. seenAt.Select(t => t - postedAt)], ack);
    }

    /// <summary>How long a page may take to show a post before it counts as never shown.</summary>
    private static readonly TimeSpan RenderTimeout = TimeSpan.FromSeconds(15);

    /// <summary>The unique end of the text (the markers have no Markdown in them, so they render as typed).</summary>
    private static string MarkerOf(string text) => text[(text.LastIndexOf(' ') + 1)..];

    private static string Tag() => Guid.NewGuid().ToString("N")[..8];
}
