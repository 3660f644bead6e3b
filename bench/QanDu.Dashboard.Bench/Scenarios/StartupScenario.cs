using QanDu.Dashboard.Bench.Hosting;
using QanDu.Dashboard.Bench.Reporting;

namespace QanDu.Dashboard.Bench.Scenarios;

/// <summary>
/// The app started as an admin starts it (<c>dotnet QanDu.Dashboard.dll</c>, a child process with default settings) on
/// an empty data folder: migrations and the demo seed of a real first run, until <c>/health</c> is Healthy. Then a
/// second start on the same folder. After each, the process idles and its resident memory (VmRSS) is read.
/// </summary>
public sealed class StartupScenario : Scenario
{
    public override string Name => "startup";
    public override int Order => 90;
    public override string Targets => "start-up on an empty data folder until /health is Healthy ≤ 3 s; memory when idle ≤ 200 MB";

    private sealed record Start(TimeSpan Healthy, TimeSpan Cpu, IReadOnlyDictionary<string, long> Memory);

    public override async Task<IReadOnlyList<ResultRow>> RunAsync(BenchOptions options, BenchLog log, CancellationToken ct)
    {
        var runs = options.Size(1, 3);
        var idle = TimeSpan.FromSeconds(options.Size(1, 10));
        AppChild.AppDll(); // fails early and clearly when the app is not beside the bench
        var first = new List<Start>();
        var second = new List<Start>();
        int? pinned = null;
        for (var run = 1; run <= runs; run++)
        {
            var folder = Directory.CreateTempSubdirectory("qandu-bench-startup-").FullName;
            try
            {
                var (cold, core) = await StartOnceAsync(folder, idle, log, $"run {run}, empty folder", ct);
                first.Add(cold);
                if (!options.Quick) // the same code path again; quick mode keeps CI short
                    second.Add((await StartOnceAsync(folder, idle, log, $"run {run}, same folder again", ct)).Start);
                pinned = core;
            }
            finally
            {
                BenchApp.DeleteFolder(folder);
            }
        }

        var where = pinned is { } c ? $"app pinned to core {c} (taskset)" : "app not pinned";
        var coldTimes = Times(first, s => s.Healthy);
        var coldCpu = Times(first, s => s.Cpu);
        var rss = new Latencies();
        rss.AddRange(first.Concat(second).Select(s => (double)s.Memory.GetValueOrDefault("VmRSS")));
        var rows = new List<ResultRow>
        {
            new(Name, $"empty data folder, {runs} runs",
                $"healthy after median {Seconds(coldTimes.Median)} · max {Seconds(coldTimes.Max)}, using median {Seconds(coldCpu.Median)} CPU " +
                $"(migrations + demo seed; {where})",
                "≤ 3 s (median)", coldTimes.Median <= 3000),
        };
        if (second.Count > 0)
        {
            var warmTimes = Times(second, s => s.Healthy);
            var warmCpu = Times(second, s => s.Cpu);
            rows.Add(new(Name, $"second start on the same folder, {runs} runs",
                $"healthy after median {Seconds(warmTimes.Median)} · max {Seconds(warmTimes.Max)}, using median {Seconds(warmCpu.Median)} CPU ({where})",
                "– (for context)", null));
        }
        rows.Add(new(Name, $"idle {idle.TotalSeconds:0} s after start",
            $"VmRSS after the first start {MemoryText(first)}" + (second.Count > 0 ? $"; after the second start {MemoryText(second)}" : ""),
            "≤ 200 MB", rss.Max <= 200 * 1024 * 1024));
        return rows;
    }

    private static async Task<(Start Start, int? Core)> StartOnceAsync(string folder, TimeSpan idle, BenchLog log, string what, CancellationToken ct)
    {
        using var app = AppChild.Start(folder, pinToCore: 0);
        var healthy = await app.WaitUntilHealthyAsync(TimeSpan.FromSeconds(60), ct);
        var cpu = app.CpuTime();
        log.Info($"startup: {what}: healthy after {healthy.TotalMilliseconds:N0} ms, {cpu.TotalMilliseconds:N0} ms CPU; {Milestones(app)}");
        await Task.Delay(idle, ct);
        var memory = app.Memory();
        log.Info($"startup: {what}: idle {idle.TotalSeconds:0} s: VmRSS {Mb(memory, "VmRSS")} (anonymous {Mb(memory, "RssAnon")}, " +
                 $"file-backed {Mb(memory, "RssFile")}), peak VmHWM {Mb(memory, "VmHWM")}");
        return (new Start(healthy, cpu, memory), app.PinnedCore);
    }

    /// <summary>When the app logged its start-up steps: the first line, migrations, the demo seed, listening.</summary>
    private static string Milestones(AppChild app)
    {
        var marks = new (string Name, string Contains)[]
        {
            ("first log line", ""), ("migrations", "Applying"), ("demo seeded", "Seeded the demo workspace"),
            ("listening", "Now listening on"), ("banner", "is running at"),
        };
        var seen = marks.Select(m => (m.Name, Line: app.Lines.FirstOrDefault(l => l.Text.Contains(m.Contains, StringComparison.Ordinal))))
            .Where(m => m.Line is not null)
            .Select(m => $"{m.Name} at {m.Line!.At.TotalMilliseconds:N0} ms");
        var seed = app.Lines.FirstOrDefault(l => l.Text.Contains("Seeded the demo workspace", StringComparison.Ordinal));
        return string.Join(", ", seen) + (seed is null ? "" : $" ({seed.Text})");
    }

    private static Latencies Times(IEnumerable<Start> starts, Func<Start, TimeSpan> time)
    {
        var times = new Latencies();
        times.AddRange(starts.Select(s => time(s).TotalMilliseconds));
        return times;
    }

    private static string MemoryText(IReadOnlyList<Start> starts)
    {
        var rss = new Latencies();
        rss.AddRange(starts.Select(s => (double)s.Memory.GetValueOrDefault("VmRSS")));
        var anon = new Latencies();
        anon.AddRange(starts.Select(s => (double)s.Memory.GetValueOrDefault("RssAnon")));
        return $"median {Figures.Bytes(rss.Median)} · max {Figures.Bytes(rss.Max)} (anonymous median {Figures.Bytes(anon.Median)})";
    }

    private static string Seconds(double milliseconds) => $"{milliseconds / 1000:0.00} s";

    private static string Mb(IReadOnlyDictionary<string, long> memory, string key) =>
        memory.TryGetValue(key, out var bytes) ? Figures.Bytes(bytes) : "?";
}
