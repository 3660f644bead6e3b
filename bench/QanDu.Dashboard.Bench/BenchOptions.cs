namespace QanDu.Dashboard.Bench;

/// <summary>What one run of the tool measures, read from its command line.</summary>
public sealed record BenchOptions
{
    /// <summary>Every scenario at small sizes, in seconds: CI runs this so the scenarios never rot.</summary>
    public bool Quick { get; init; }

    /// <summary>The seed of every generated data set and load pattern, so two runs measure the same work.</summary>
    public int Seed { get; init; } = 20261124;

    /// <summary>Run only scenarios whose name contains one of these (case-insensitive); empty: all.</summary>
    public IReadOnlyList<string> Only { get; init; } = [];

    /// <summary>Where generated large data sets are kept between runs (they take minutes to make).</summary>
    public string CacheDirectory { get; init; } = DefaultCacheDirectory();

    /// <summary>Messages in the reports scenario's workspace instead of its size (1,000,000; quick: 20,000), for a shorter run.</summary>
    public int? ReportsMessages { get; init; }

    /// <summary>Also write the table as Markdown to this file.</summary>
    public string? OutputFile { get; init; }

    public bool Runs(Scenario scenario) =>
        Only.Count == 0 || Only.Any(o => scenario.Name.Contains(o, StringComparison.OrdinalIgnoreCase));

    /// <summary>Picks the quick or the full size of something.</summary>
    public T Size<T>(T quick, T full) => Quick ? quick : full;

    public const string Usage = """
        QanDu Chat Dashboard benchmarks: starts the real app on 127.0.0.1 with fresh or generated data, drives it,
        and prints a table of figures beside their targets.

        usage: dotnet run -c Release --project bench/QanDu.Dashboard.Bench -- [options]

          --quick            every scenario at small sizes, in seconds (what CI runs; figures are not comparable)
          --only NAME[,NAME] only the scenarios whose name contains one of these
          --seed N           seed of the generated data and load (default 20261124)
          --cache DIR        where generated large data sets are kept (default: bench/.cache beside the tool)
          --out FILE         also write the table to FILE as Markdown
          --reports-messages N  size of the reports workspace (default 1,000,000; 20 messages per conversation)
          --list             list the scenarios and their targets
        """;

    public static BenchOptions Parse(IReadOnlyList<string> args)
    {
        var options = new BenchOptions();
        for (var i = 0; i < args.Count; i++)
        {
            string Value() => i + 1 < args.Count
                ? args[++i]
                : throw new BenchUsageException($"{args[i]} needs a value.");
            options = args[i] switch
            {
                "--quick" => options with { Quick = true },
                "--only" => options with { Only = [.. Value().Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)] },
                "--seed" => options with { Seed = int.TryParse(Value(), out var seed) ? seed : throw new BenchUsageException("--seed needs a whole number.") },
                "--cache" => options with { CacheDirectory = Path.GetFullPath(Value()) },
                "--reports-messages" => options with { ReportsMessages = int.TryParse(Value(), out var size) && size >= 2_000 ? size : throw new BenchUsageException("--reports-messages needs a whole number of at least 2000.") },
                "--out" => options with { OutputFile = Path.GetFullPath(Value()) },
                var unknown => throw new BenchUsageException($"Unknown option '{unknown}'."),
            };
        }
        return options;
    }

    private static string DefaultCacheDirectory()
    {
        // bench/.cache when run from the repository (found by walking up to the solution), else the temp folder.
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "QanDu.Dashboard.sln")))
                return Path.Combine(dir.FullName, "bench", ".cache");
        }
        return Path.Combine(Path.GetTempPath(), "qandu-bench-cache");
    }
}

public sealed class BenchUsageException(string message) : Exception(message);
