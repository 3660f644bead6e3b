using System.Diagnostics;
using System.Globalization;
using Microsoft.Extensions.DependencyInjection;
using QanDu.Dashboard.Bench.Hosting;
using QanDu.Dashboard.Bench.Reporting;
using QanDu.Dashboard.Data.Entities;
using QanDu.Dashboard.Features.Messages;
using QanDu.Dashboard.Features.Threads;
using QanDu.Dashboard.Realtime;

namespace QanDu.Dashboard.Bench.Scenarios;

/// <summary>
/// Many AI threads answered at once by an OpenAI-compatible server in a child process (200 ms to the first token, then
/// 100 tokens/s). Measures what the app adds to the time to first token (before the request and after the token),
/// its CPU per streamed token, and how often each open thread would re-render while its answer streams.
/// </summary>
public sealed class AiStreamingScenario : Scenario
{
    private const int WarmUpTag = 100_000;
    private const int AloneTag = 200_000;

    public override string Name => "ai-streaming";
    public override int Order => 80;
    public override string Targets =>
        "≤ 20 ms added to time to first token (p95), ≤ 20 µs server CPU per token, ≤ 20 renders/s per stream (100 streams)";

    public override async Task<IReadOnlyList<ResultRow>> RunAsync(BenchOptions options, BenchLog log, CancellationToken ct)
    {
        var streams = options.Size(5, 100);
        var server = new FakeOpenAiSettings(Port: 0, FirstTokenMs: 200, TokensPerSecond: 100, Tokens: options.Size(20, 250));
        // The model server on the second core, so its work does not land on the app's time slices where avoidable.
        using var model = await FakeOpenAiChild.StartAsync(server, pinToCore: 1, ct);
        await using var app = BenchApp.StartFresh(new Dictionary<string, string?>
        {
            ["Ai:Provider"] = "OpenAI",
            ["Ai:OpenAI:Endpoint"] = model.Endpoint,
            ["Ai:OpenAI:Model"] = FakeOpenAiSettings.Model,
            ["Ai:OpenAI:ApiKey"] = "bench-key",
        });
        var events = app.Services.GetRequiredService<IChatEvents>();
        var finishBy = TimeSpan.FromMilliseconds(server.FirstTokenMs + 1000.0 * server.Tokens / server.TokensPerSecond) + TimeSpan.FromSeconds(30);

        var subscriptions = new List<IDisposable>();
        try
        {
            // A server that has run a while: every step tiered up by the JIT (it optimizes a method after ~30 calls).
            var warmUps = options.Size(1, 40);
            log.Info($"{Name}: warming up with {warmUps} answers (model server {(model.PinnedCore is { } core ? $"pinned to core {core}" : "not pinned")})");
            var warmUp = await CreateProbesAsync(app, events, warmUps, WarmUpTag, subscriptions);
            await AskAsync(app, warmUp, ct);
            await Task.WhenAll(warmUp.Select(p => p.Finished)).WaitAsync(finishBy, ct);

            // One question at a time: what the app adds when it is not queueing behind 99 others.
            var alone = await CreateProbesAsync(app, events, options.Size(2, 10), AloneTag, subscriptions);
            foreach (var probe in alone)
            {
                await AskAsync(app, [probe], ct);
                await probe.Shown.WaitAsync(finishBy, ct);
            }
            await Task.WhenAll(alone.Select(p => p.Finished)).WaitAsync(finishBy, ct);

            var probes = await CreateProbesAsync(app, events, streams, firstTag: 0, subscriptions);
            await Task.Delay(TimeSpan.FromSeconds(options.Size(0.2, 2)), ct); // let the JIT's background tier-up settle before the baseline
            var idleCpuPerSecond = await IdleCpuPerSecondAsync(TimeSpan.FromSeconds(options.Size(0.3, 2)), ct);
            log.Info($"{Name}: {streams} questions at once, {server.Tokens} tokens each (load average {LoadAverage()})");
            await using var sampler = new CpuSampler(TimeSpan.FromMilliseconds(50));
            var cpuBefore = ProcessCpu.Now();
            var clock = Stopwatch.StartNew();
            await AskAsync(app, probes, ct);
            await Task.WhenAll(probes.Select(p => p.Finished)).WaitAsync(finishBy, ct);
            var window = clock.Elapsed;
            var cpu = ProcessCpu.Now() - cpuBefore;
            await Task.Delay(100, ct); // one more sample after the end
            await WaitForReportsAsync(model, probes.Concat(alone).Select(p => p.Tag), ct);
            LogBreakdown(log, "one at a time", alone, model);
            LogBreakdown(log, $"{streams} at once", probes, model);
            return Results(streams, server, probes, alone, model, cpu, window, idleCpuPerSecond, sampler);
        }
        finally
        {
            foreach (var subscription in subscriptions)
                subscription.Dispose();
        }
    }

    /// <summary>The 1-minute load average: how busy the machine was (other processes included) while measuring.</summary>
    private static string LoadAverage() =>
        File.Exists("/proc/loadavg") ? File.ReadAllText("/proc/loadavg").Split(' ')[0] : "unknown";

    private IReadOnlyList<ResultRow> Results(int streams, FakeOpenAiSettings server, IReadOnlyList<AiStreamProbe> probes,
        IReadOnlyList<AiStreamProbe> alone, FakeOpenAiChild model, TimeSpan cpu, TimeSpan window, TimeSpan idleCpuPerSecond, CpuSampler sampler)
    {
        var answered = probes.Where(p => p.FinalStatus == MessageStatus.Sent && p.FirstSeen != 0 && model.Served.ContainsKey(p.Tag)).ToList();
        if (answered.Count == 0)
            throw new InvalidOperationException($"No answer streamed. Model server: {model.Errors}");
        var failed = streams - answered.Count;
        var lost = probes.Count(p => p.Resynced);

        // Added = from the question to the request reaching the server, plus from the server's first token to the app's event.
        var before = new Latencies();
        var after = new Latencies();
        var added = new Latencies();
        var seen = new Latencies();
        foreach (var probe in answered)
        {
            var (toRequest, toEvent) = Added(probe, model.Served[probe.Tag]);
            before.Add(toRequest);
            after.Add(toEvent);
            added.Add(toRequest + toEvent);
            seen.Add(Stopwatch.GetElapsedTime(probe.Posted, probe.FirstSeen));
        }
        var addedAlone = new Latencies();
        addedAlone.AddRange(alone.Where(p => p.FirstSeen != 0 && model.Served.ContainsKey(p.Tag))
            .Select(p => Added(p, model.Served[p.Tag])).Select(a => a.ToRequest + a.ToEvent));

        var tokens = answered.Sum(p => model.Served[p.Tag].Tokens);
        var idle = idleCpuPerSecond * window.TotalSeconds;
        var net = cpu - idle;
        var perToken = net.TotalMicroseconds / tokens;
        var steady = SteadyStreaming(answered, model, server, sampler);
        var steadyText = steady is { } st
            ? $"{st.PerToken:0.0} µs CPU per token while all {answered.Count} streams were streaming ({Figures.Count(st.Tokens)} tokens in {st.Seconds:0.0} s, no baseline taken off)"
            : "there was no moment when all streams were streaming at once (the first ones ended before the last ones began)";
        var cpuMet = steady is { } s2 ? s2.PerToken <= 20 : perToken <= 20;

        var renders = new Latencies(); // not latencies, but the same percentile arithmetic
        renders.AddRange(answered.Select(p => p.RendersPerSecond).Where(r => !double.IsNaN(r)));
        var peaks = new Latencies();
        peaks.AddRange(answered.Select(p => (double)p.PeakRendersInOneSecond));
        var rendersPerStream = new Latencies();
        rendersPerStream.AddRange(answered.Select(p => (double)p.Renders));

        var size = $"{streams} streams × {server.Tokens} tokens";
        var problems = (failed > 0 ? $"; {failed} answers failed or missing" : "") + (lost > 0 ? $"; {lost} probes lost events" : "");
        return
        [
            new ResultRow(Name, size,
                $"added to first token: median {Latencies.Ms(added.Median)} · p95 {Latencies.Ms(added.P95)} · max {Latencies.Ms(added.Max)} " +
                $"(question → request p95 {Latencies.Ms(before.P95)}, token → event p95 {Latencies.Ms(after.P95)}); " +
                $"first token shown {Latencies.Ms(seen.Median)} median after the question (server's own wait {server.FirstTokenMs} ms); " +
                $"one question at a time: added median {Latencies.Ms(addedAlone.Median)} · max {Latencies.Ms(addedAlone.Max)}{problems}",
                "≤ 20 ms added (p95)", failed == 0 && added.P95 <= 20),
            new ResultRow(Name, size,
                $"{steadyText}; whole burst, with each answer's own work (question, context, retrieval, storing): {perToken:0.0} µs CPU per token " +
                $"({Figures.Count(tokens)} tokens in {window.TotalSeconds:0.0} s; {cpu.TotalMilliseconds:N0} ms CPU less an idle baseline of {idle.TotalMilliseconds:N0} ms; " +
                "model server in a child process)",
                "≤ 20 µs per token", failed == 0 && cpuMet),
            new ResultRow(Name, size,
                $"renders per stream: busiest second max {peaks.Max:0} · median {peaks.Median:0}; average median {Rate(renders.Median)}/s · max {Rate(renders.Max)}/s " +
                $"({rendersPerStream.Median:0} updates per answer of {server.Tokens} tokens)",
                "≤ 20 renders/s per stream", failed == 0 && lost == 0 && peaks.Max <= 20),
        ];
    }

    /// <summary>
    /// The CPU per token from the moment the last stream showed its first token until the first stream ended, when all
    /// streams were only streaming; tokens counted from the server's schedule (one every 1/rate s from its first).
    /// </summary>
    private static (double PerToken, long Tokens, double Seconds)? SteadyStreaming(IReadOnlyList<AiStreamProbe> answered,
        FakeOpenAiChild model, FakeOpenAiSettings server, CpuSampler sampler)
    {
        var from = answered.Max(p => p.FirstSeen);
        var to = answered.Min(p => p.LastSeen);
        var seconds = Stopwatch.GetElapsedTime(from, to).TotalSeconds;
        if (seconds < 0.3)
            return null;
        var interval = (double)Stopwatch.Frequency / server.TokensPerSecond;
        long tokens = 0;
        foreach (var probe in answered)
        {
            var first = model.Served[probe.Tag].FirstTokenSent;
            var lo = Math.Max(0, (long)Math.Ceiling((from - first) / interval));
            var hi = Math.Min(server.Tokens - 1, (long)Math.Floor((to - first) / interval));
            tokens += Math.Max(0, hi - lo + 1);
        }
        if (tokens == 0)
            return null;
        var cpu = sampler.CpuAt(to) - sampler.CpuAt(from);
        return (cpu.TotalMicroseconds / tokens, tokens, seconds);
    }

    /// <summary>What the app added: from the question to the request reaching the server, and from the server's first token to the app's event.</summary>
    private static (double ToRequest, double ToEvent) Added(AiStreamProbe probe, ServedStream served) =>
        (Stopwatch.GetElapsedTime(probe.Posted, served.Received).TotalMilliseconds,
         Stopwatch.GetElapsedTime(served.FirstTokenSent, probe.FirstSeen).TotalMilliseconds);

    /// <summary>Where the time before the request and after the token goes, step by step (medians and p95).</summary>
    private void LogBreakdown(BenchLog log, string what, IReadOnlyList<AiStreamProbe> probes, FakeOpenAiChild model)
    {
        var steps = new (string Name, Func<AiStreamProbe, ServedStream, (long From, long To)> Span)[]
        {
            ("question committed", (p, _) => (p.Posted, p.QuestionCommitted)),
            ("AI message created", (p, _) => (p.QuestionCommitted, p.AiMessageCreated)),
            ("request at server", (p, s) => (p.AiMessageCreated, s.Arrived)),
            ("request body read", (_, s) => (s.Arrived, s.Received)),
            ("server's own wait", (_, s) => (s.Received, s.FirstTokenSent)),
            ("token shown", (p, s) => (s.FirstTokenSent, p.FirstSeen)),
        };
        var served = probes.Where(p => p.FirstSeen != 0 && p.AiMessageCreated != 0 && model.Served.ContainsKey(p.Tag)).ToList();
        if (served.Count == 0)
            return;
        var parts = steps.Select(step =>
        {
            var times = new Latencies();
            times.AddRange(served.Select(p => step.Span(p, model.Served[p.Tag])).Select(s => Stopwatch.GetElapsedTime(s.From, s.To).TotalMilliseconds));
            return $"{step.Name} +{Latencies.Ms(times.Median)} (p95 {Latencies.Ms(times.P95)})";
        });
        log.Info($"{Name}: {what}: steps to the first token: {string.Join(", ", parts)}");
    }

    private static string Rate(double perSecond) => perSecond.ToString("0.0", CultureInfo.InvariantCulture);

    /// <summary>One agent per AI thread, each thread watched by a probe from now on.</summary>
    private static async Task<List<AiStreamProbe>> CreateProbesAsync(
        BenchApp app, IChatEvents events, int count, int firstTag, List<IDisposable> subscriptions)
    {
        var probes = new List<AiStreamProbe>();
        for (var i = 0; i < count; i++)
        {
            var agent = await app.CreateUserAsync($"Agent {firstTag + i}");
            var thread = await app.Threads.CreateThreadAsync(agent, new CreateThreadRequest(ThreadType.Ai, $"Question {firstTag + i}", null));
            var probe = new AiStreamProbe(firstTag + i, thread.Id) { Asker = agent };
            subscriptions.Add(events.Subscribe(thread.Id, probe.OnEventAsync));
            probes.Add(probe);
        }
        return probes;
    }

    /// <summary>Posts every question at once; each probe notes when its question was handed over.</summary>
    private static Task AskAsync(BenchApp app, IReadOnlyList<AiStreamProbe> probes, CancellationToken ct) =>
        Task.WhenAll(probes.Select(p => Task.Run(async () =>
        {
            p.Posted = Stopwatch.GetTimestamp();
            await app.Messages.PostAsync(p.Asker!, new PostMessageRequest(p.ThreadId,
                $"Could you check why order #{100_000 + p.Tag} was charged twice? [stream-{p.Tag}]"), ct);
        }, ct)));

    /// <summary>This process's CPU per second while nothing is asked: timers, the analysis worker, GC.</summary>
    private static async Task<TimeSpan> IdleCpuPerSecondAsync(TimeSpan length, CancellationToken ct)
    {
        var before = ProcessCpu.Now();
        var clock = Stopwatch.StartNew();
        await Task.Delay(length, ct);
        return (ProcessCpu.Now() - before) / clock.Elapsed.TotalSeconds;
    }

    /// <summary>The server reports an answer just after its last chunk; give those lines a moment to arrive.</summary>
    private static async Task WaitForReportsAsync(FakeOpenAiChild model, IEnumerable<int> tags, CancellationToken ct)
    {
        var wanted = tags.ToList();
        var until = Stopwatch.GetTimestamp() + 2 * Stopwatch.Frequency;
        while (!wanted.All(model.Served.ContainsKey) && Stopwatch.GetTimestamp() < until)
            await Task.Delay(20, ct);
    }
}
