using QanDu.Dashboard.Bench;
using QanDu.Dashboard.Bench.Reporting;
using Xunit.Abstractions;

namespace QanDu.Dashboard.Tests.Bench;

/// <summary>
/// The benchmark tool's quick mode, run by every `dotnet test` (and so by CI) so the scenarios never rot. It checks
/// that every scenario runs and reports figures, not how fast they are: these machines are shared and noisy.
/// </summary>
[Collection(BenchCollection.Name)]
public sealed class BenchQuickModeTests(ITestOutputHelper output)
{
    [Fact]
    public async Task QuickMode_EveryScenarioRunsAndReportsFiguresBesideItsTarget()
    {
        var options = new BenchOptions { Quick = true };
        var log = new StringWriter();
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(8));

        var rows = await BenchProgram.RunAsync(options, new BenchLog(log), timeout.Token);

        output.WriteLine(ResultTable.ToMarkdown(rows, options));
        output.WriteLine(log.ToString());
        rows.Where(r => r.Error is not null).Should().BeEmpty("every scenario should run in quick mode");
        var scenarios = Scenario.All().Select(s => s.Name).ToList();
        scenarios.Should().Contain(["service-posts", "rest-posts", "fan-out"]);
        // A scenario may report several rows, named after it ("search (by relevance)", "service-posts (SQLite floor)").
        scenarios.Should().AllSatisfy(name =>
            rows.Should().Contain(r => r.Scenario == name || r.Scenario.StartsWith(name + " ("), $"scenario {name} reports at least one row"));
        rows.Should().AllSatisfy(r => scenarios.Should().Contain(name => r.Scenario == name || r.Scenario.StartsWith(name + " (")));
        rows.Should().AllSatisfy(r =>
        {
            r.Figures.Should().NotBeNullOrWhiteSpace();
            r.Size.Should().NotBeNullOrWhiteSpace();
            r.Target.Should().NotBeNullOrWhiteSpace();
        });
        rows.Where(r => r.Met is not null).Should().AllSatisfy(r => r.Figures.Should().MatchRegex(@"\d", "a row with a target carries measured figures"));
    }
}

/// <summary>The quick run measures memory and CPU of this process: it runs alone, not beside other test classes.</summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class BenchCollection
{
    public const string Name = "Benchmarks";
}
