namespace QanDu.Dashboard.Bench;

/// <summary>
/// One measured situation. It starts what it needs (usually the real app on loopback with its own data folder),
/// drives it for a bounded count and time, and reports rows for the table. Scenarios are found by reflection and
/// run in <see cref="Order"/>.
/// </summary>
public abstract class Scenario
{
    /// <summary>Short and stable: used by --only and in the table.</summary>
    public abstract string Name { get; }

    public abstract int Order { get; }

    /// <summary>The targets, for --list.</summary>
    public abstract string Targets { get; }

    public abstract Task<IReadOnlyList<ResultRow>> RunAsync(BenchOptions options, BenchLog log, CancellationToken ct);

    public static IReadOnlyList<Scenario> All() =>
        [.. typeof(Scenario).Assembly.GetTypes()
            .Where(t => t.IsSubclassOf(typeof(Scenario)) && !t.IsAbstract)
            .Select(t => (Scenario)Activator.CreateInstance(t)!)
            .OrderBy(s => s.Order)];
}

/// <summary>
/// One line of the table. <see cref="Met"/> is null where there is no target (a figure shown for context).
/// A scenario that could not run reports <see cref="Error"/> instead of figures.
/// </summary>
public sealed record ResultRow(string Scenario, string Size, string Figures, string Target, bool? Met)
{
    public string? Error { get; init; }

    public static ResultRow Failed(string scenario, string error) => new(scenario, "", "", "", null) { Error = error };
}

/// <summary>Progress lines while a scenario runs (stderr, so the table on stdout stays clean).</summary>
public sealed class BenchLog(TextWriter writer)
{
    private readonly System.Diagnostics.Stopwatch _clock = System.Diagnostics.Stopwatch.StartNew();

    public void Info(string line)
    {
        lock (writer)
            writer.WriteLine($"[{_clock.Elapsed:mm\\:ss}] {line}");
    }
}
