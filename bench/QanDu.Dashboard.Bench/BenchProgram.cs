using System.Diagnostics;
using QanDu.Dashboard.Bench.Reporting;

namespace QanDu.Dashboard.Bench;

/// <summary>The entry point: parses options, runs the chosen scenarios in order, prints the table.</summary>
public static class BenchProgram
{
    public static async Task<int> Main(string[] args)
    {
        // The bench's own OpenAI-format model server, which the ai-streaming scenario starts as a child process.
        if (args is [Hosting.FakeOpenAiProcess.Verb, ..])
            return await Hosting.FakeOpenAiProcess.RunAsync(args[1..]);
        BenchOptions options;
        try
        {
            if (args.Contains("--help") || args.Contains("-h"))
            {
                Console.WriteLine(BenchOptions.Usage);
                return 0;
            }
            if (args.Contains("--list"))
            {
                foreach (var scenario in Scenario.All())
                    Console.WriteLine($"{scenario.Name,-22} {scenario.Targets}");
                return 0;
            }
            options = BenchOptions.Parse(args);
        }
        catch (BenchUsageException e)
        {
            Console.Error.WriteLine(e.Message);
            Console.Error.WriteLine(BenchOptions.Usage);
            return 2;
        }
        if (!options.Quick && Debugger.IsAttached is false && !IsOptimized())
            Console.Error.WriteLine("Warning: this is a Debug build; run with -c Release for figures worth comparing.");
        // The table alone goes to stdout; everything else (progress, the in-process app's start-up banner) to stderr.
        var table = Console.Out;
        Console.SetOut(Console.Error);
        using var cancel = new CancellationTokenSource();
        Console.CancelKeyPress += (_, e) =>
        {
            e.Cancel = true;
            cancel.Cancel();
        };
        var rows = await RunAsync(options, new BenchLog(Console.Error), cancel.Token);
        var markdown = ResultTable.ToMarkdown(rows, options);
        await table.WriteLineAsync();
        await table.WriteLineAsync(markdown);
        await table.FlushAsync();
        if (options.OutputFile is { } file)
        {
            Directory.CreateDirectory(Path.GetDirectoryName(file)!);
            await File.WriteAllTextAsync(file, markdown);
        }
        return rows.Any(r => r.Error is not null) ? 1 : 0;
    }

    /// <summary>Runs every chosen scenario; one that throws is reported as an error row and the others still run.</summary>
    public static async Task<IReadOnlyList<ResultRow>> RunAsync(BenchOptions options, BenchLog log, CancellationToken ct)
    {
        var rows = new List<ResultRow>();
        var chosen = Scenario.All().Where(options.Runs).ToList();
        if (chosen.Count == 0)
            throw new BenchUsageException($"No scenario matches --only {string.Join(",", options.Only)}.");
        log.Info($"{(options.Quick ? "Quick" : "Full")} run of {chosen.Count} scenarios, seed {options.Seed}, on {Environment.ProcessorCount} cores.");
        foreach (var scenario in chosen)
        {
            ct.ThrowIfCancellationRequested();
            log.Info($"{scenario.Name}: starting");
            var clock = Stopwatch.StartNew();
            try
            {
                var result = await scenario.RunAsync(options, log, ct);
                rows.AddRange(result);
                foreach (var row in result)
                    log.Info($"{row.Scenario} [{row.Size}] {row.Figures} (target {row.Target}: {(row.Met switch { true => "met", false => "MISSED", null => "-" })})");
            }
            catch (Exception e) when (e is not OperationCanceledException || !ct.IsCancellationRequested)
            {
                log.Info($"{scenario.Name}: failed: {e}");
                rows.Add(ResultRow.Failed(scenario.Name, $"{e.GetType().Name}: {e.Message}"));
            }
            log.Info($"{scenario.Name}: done in {clock.Elapsed.TotalSeconds:0.0} s");
        }
        return rows;
    }

    private static bool IsOptimized() =>
        typeof(BenchProgram).Assembly.GetCustomAttributes(typeof(DebuggableAttribute), false)
            .OfType<DebuggableAttribute>().All(d => !d.IsJITOptimizerDisabled);
}
