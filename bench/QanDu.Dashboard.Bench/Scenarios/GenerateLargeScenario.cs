using QanDu.Dashboard.Bench.Hosting;
using QanDu.Dashboard.Bench.Reporting;

namespace QanDu.Dashboard.Bench.Scenarios;

/// <summary>
/// Makes (or finds in the cache) the large workspace the open-thread and search scenarios read, and reports how long
/// making it took: the issue asks for it "in minutes". A reused set reports the time its generation took.
/// </summary>
public sealed class GenerateLargeScenario : Scenario
{
    public override string Name => "generate-1m";
    public override int Order => 55;
    public override string Targets => "the 1,000,000-message workspace generated from the seed in minutes";

    public override async Task<IReadOnlyList<ResultRow>> RunAsync(BenchOptions options, BenchLog log, CancellationToken ct)
    {
        var set = await LargeDataSet.GetOrCreateAsync(options, log, ct);
        var how = set.Reused ? $"reused from the cache; generated in {Seconds(set.GenerationSeconds)}" : $"generated in {Seconds(set.GenerationSeconds)}";
        var rate = set.Messages / set.GenerationSeconds;
        var cpu = set.GenerationCpuSeconds is { } seconds ? $", {Seconds(seconds)} of CPU" : "";
        return
        [
            new ResultRow(Name, $"{Figures.Count(set.Messages)} messages, {Figures.Count(set.Threads)} threads, {Figures.Count(set.Users)} users",
                $"{how}{cpu} ({Figures.Rate(rate)} wall, FTS5 word and trigram indexes included); database {Figures.Bytes(set.DatabaseBytes)}; seed {set.Seed}",
                "minutes (≤ 10 min wall)", set.GenerationSeconds <= 600),
        ];
    }

    private static string Seconds(double seconds) => seconds < 120 ? $"{seconds:0.0} s" : $"{seconds / 60:0.0} min";
}
