using System.Diagnostics;
using Microsoft.Playwright;
using QanDu.Dashboard.Bench.Hosting;
using QanDu.Dashboard.Bench.Reporting;
using QanDu.Dashboard.Features.Messages;

namespace QanDu.Dashboard.Bench.Scenarios;

/// <summary>
/// What one open tab costs the server: the app's managed heap after a full GC before and after N real Chromium
/// pages each open a 50-message thread (every circuit interactive and connected, counted by ASP.NET Core's own
/// circuit metrics and proven live by a message they all render), divided by N. Before that, a few pages on an
/// empty thread give the cost of a circuit without the history, and so the cost per rendered message.
/// </summary>
public sealed class CircuitMemoryScenario : Scenario
{
    private const double TargetBytes = 400 * 1024;
    private const string Target = "≤ 400 KB per circuit";

    public override string Name => "circuit-memory";
    public override int Order => 50;
    public override string Targets => "100 real browser pages, each with a 50-message thread open, after a full GC: ≤ 400 KB per circuit";

    public override async Task<IReadOnlyList<ResultRow>> RunAsync(BenchOptions options, BenchLog log, CancellationToken ct)
    {
        var pageCount = options.Size(3, 100);
        var emptyPageCount = options.Size(2, 25);
        var viewers = options.Size(1, 5);
        var history = options.Size(10, 50); // quick: a short thread, so CI spends its seconds on the browser
        var size = $"{pageCount} pages ({viewers} agents × {pageCount / viewers} tabs), {history}-message thread";
        if (BenchBrowser.SkipReason() is { } skipped)
            return [new ResultRow(Name, size, skipped, Target, null)];

        using var bounded = CancellationTokenSource.CreateLinkedTokenSource(ct);
        bounded.CancelAfter(options.Size(TimeSpan.FromSeconds(120), TimeSpan.FromMinutes(20)));
        ct = bounded.Token;

        using var circuits = new CircuitCounter(); // before the app: its counters only count changes
        await using var app = BenchApp.StartFresh();
        var texts = new TextGenerator(options.Seed);
        var thread = await ViewedThread.CreateAsync(app, viewers, history, texts, ct);
        var empty = await app.CreateGroupThreadAsync(thread.Poster, "Empty thread", [.. thread.Viewers.Select(v => v.Caller)]);
        await using var browser = await BenchBrowser.LaunchAsync(app.BaseAddress);
        foreach (var viewer in thread.Viewers)
            await browser.SignInAsync(viewer.Email, ViewedThread.Password);

        // The warm-up tab stays open on the thread through every measurement, so it is in all of them and cancels
        // out; closing it could leave its circuit held for minutes for a reconnect, in some measurements only.
        log.Info($"{Name}: warming up with one page");
        var warmUp = await browser.OpenBlankAsync(thread.Viewers[0].Email);
        await BenchBrowser.ShowThreadAsync(warmUp, thread.ThreadId);

        // Blank tabs exist before the baseline, so Playwright's own objects for them are in every measurement too.
        var pages = new List<IPage>();
        var emptyPages = new List<IPage>();
        var blank = await Task.WhenAll(Enumerable.Range(0, pageCount + emptyPageCount)
            .Select(i => browser.OpenBlankAsync(thread.Viewers[i % viewers].Email)));
        pages.AddRange(blank.Take(pageCount));
        emptyPages.AddRange(blank.Skip(pageCount));
        var baseline = Measure();
        log.Info($"{Name}: {Figures.Bytes(baseline.Heap)} heap with the warm-up circuit; {emptyPageCount} pages on an empty thread");

        // First tabs on a thread with no messages: what a circuit costs without the history.
        var (active, connected) = (circuits.Active, circuits.Connected);
        await ShowInBatchesAsync(emptyPages, empty, ct);
        await ExpectNewCircuitsAsync(circuits, emptyPageCount, active, connected, ct);
        var withEmpty = Measure();

        log.Info($"{Name}: {Figures.Bytes(withEmpty.Heap)} heap; {pageCount} pages on the {history}-message thread");
        (active, connected) = (circuits.Active, circuits.Connected);
        await ShowInBatchesAsync(pages, thread.ThreadId, ct);
        await ExpectNewCircuitsAsync(circuits, pageCount, active, connected, ct);
        var withThread = Measure();
        var live = await CountLivePagesAsync(app, thread, pages, ct);
        log.Info($"{Name}: {Figures.Bytes(withThread.Heap)} heap with {circuits}; {live} of {pageCount} pages rendered a new message");

        var perCircuit = (withThread.Heap - withEmpty.Heap) / (double)pageCount;
        var perEmptyCircuit = (withEmpty.Heap - baseline.Heap) / (double)emptyPageCount;
        var perMessage = (perCircuit - perEmptyCircuit) / history;
        var workingSet = (withThread.WorkingSet - withEmpty.WorkingSet) / (double)pageCount;
        var figures =
            $"{Figures.Bytes(perCircuit)} managed heap per circuit after a full GC ({Figures.Bytes(withEmpty.Heap)} → {Figures.Bytes(withThread.Heap)} "
            + $"for {pageCount} more circuits, {live} of them shown live by rendering a new message); "
            + $"process working set {(workingSet >= 0 ? "+" : "")}{Figures.Bytes(workingSet)} per circuit (the whole process: app and bench, "
            + "including GC heap growth and native buffers; Chromium is another process)";
        var breakdown =
            $"{Figures.Bytes(perEmptyCircuit)} per circuit on an empty thread (app shell, inbox list, composer); "
            + $"so about {Figures.Bytes(perMessage)} per rendered message";
        return
        [
            new ResultRow(Name, size, figures, Target, live == pageCount && perCircuit <= TargetBytes),
            new ResultRow(Name, $"{emptyPageCount} pages on a thread with no messages", breakdown, "(for context)", null),
        ];
    }

    private static async Task ShowInBatchesAsync(IReadOnlyList<IPage> pages, long threadId, CancellationToken ct)
    {
        const int batch = 5;
        for (var start = 0; start < pages.Count; start += batch)
        {
            ct.ThrowIfCancellationRequested();
            await Task.WhenAll(pages.Skip(start).Take(batch).Select(p => BenchBrowser.ShowThreadAsync(p, threadId)));
        }
    }

    /// <summary>
    /// Waits (bounded) until <paramref name="count"/> more circuits exist and as many more connections came up than
    /// before. Compared as differences: the framework's counters can drift when a circuit fails to start (seen on the
    /// overloaded machine: closes counted without their opens), so their absolute values are not trusted.
    /// </summary>
    private static async Task ExpectNewCircuitsAsync(CircuitCounter circuits, int count, long activeBefore, long connectedBefore, CancellationToken ct)
    {
        if (!await circuits.WaitUntilAsync(c => c.Active - activeBefore == count && c.Connected - connectedBefore == count, TimeSpan.FromSeconds(30), ct))
            throw new InvalidOperationException(
                $"Expected {count} new connected circuits, the app has {circuits} ({activeBefore} active, {connectedBefore} connected before).");
    }

    /// <summary>Posts one message and counts the pages that render it: each of those has a live, subscribed circuit.</summary>
    private static async Task<int> CountLivePagesAsync(BenchApp app, ViewedThread thread, IReadOnlyList<IPage> pages, CancellationToken ct)
    {
        var marker = $"alive-{Guid.NewGuid():N}"[..14];
        var watches = await Task.WhenAll(pages.Select(p => RenderWatch.StartAsync(p, marker)));
        await app.Messages.PostAsync(thread.Poster, new PostMessageRequest(thread.ThreadId, $"Still there? {marker}"), ct);
        var seen = await Task.WhenAll(watches.Select(async w =>
        {
            try
            {
                await w.SeenAtAsync(TimeSpan.FromSeconds(60)); // 15 s was not enough for 100 tabs on the overloaded machine
                return 1;
            }
            catch (Exception e) when (e is TimeoutException or PlaywrightException)
            {
                return 0;
            }
        }));
        return seen.Sum();
    }

    private static (long Heap, long WorkingSet) Measure()
    {
        var heap = ProcessCpu.HeapAfterFullGc();
        using var process = Process.GetCurrentProcess();
        return (heap, process.WorkingSet64);
    }
}
