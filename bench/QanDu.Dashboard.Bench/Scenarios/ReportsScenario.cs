using System.Diagnostics;
using Microsoft.Extensions.DependencyInjection;
using QanDu.Dashboard.Bench.Hosting;
using QanDu.Dashboard.Bench.Reporting;
using QanDu.Dashboard.Features.Reports;

namespace QanDu.Dashboard.Bench.Scenarios;

/// <summary>
/// Runs every registered report (<see cref="ReportService.All"/>, through <see cref="ReportService.RunAsync"/> as a
/// supervisor, the path the pages and <c>/api/reports/{name}</c> take) on the reports workspace (<see cref="ReportsDataSet"/>)
/// for the last 30 days and the last year of its history, after a warm-up run of each, and reports p50/p95 per report
/// and range. Whatever reports the app registers are measured, so new ones are picked up without a change here.
/// </summary>
public sealed class ReportsScenario : Scenario
{
    public override string Name => "reports";
    public override int Order => 75;
    public override string Targets => "every report over 1,000,000 messages / 50,000 conversations: 30 days p95 ≤ 300 ms, 1 year p95 ≤ 1 s";

    public override async Task<IReadOnlyList<ResultRow>> RunAsync(BenchOptions options, BenchLog log, CancellationToken ct)
    {
        var set = await ReportsDataSet.GetOrCreateAsync(options, log, ct);
        await using var app = BenchApp.StartOn(set.Folder, LargeDataSet.ReadOnlySettings);
        var reports = app.Services.GetRequiredService<ReportService>();
        var caller = set.Supervisor.Caller;
        var last = DateOnly.FromDateTime(ReportsDataSet.HistoryEnd.AddDays(-1));
        var size = $"{Figures.Count(set.Messages)} messages, {Figures.Count(set.Conversations)} conversations, {Figures.Count(set.Facts)} activity rows";
        var ranges = new (string Label, ReportQuery Query, int Runs, double Target, string TargetText)[]
        {
            ("30 days", new ReportQuery(last.AddDays(-29), last), options.Size(3, 20), 300, "p95 ≤ 300 ms"),
            ("1 year", new ReportQuery(last.AddDays(-364), last), options.Size(2, 5), 1000, "p95 ≤ 1 s"),
        };
        var how = set.Reused ? "reused from the cache; generated" : "generated";
        var rows = new List<ResultRow>
        {
            new($"{Name} (workspace)", size,
                $"{how} in {set.GenerationSeconds:0} s ({set.GenerationCpuSeconds:0} s CPU): {Figures.Count(set.Customers)} customers, {set.Agents} agents, "
                + $"{set.Teams} teams, {set.Channels} channels, {set.SlaPolicies} SLA policies; activity rows by kind: "
                + string.Join(", ", set.FactsByKind.OrderByDescending(k => k.Value).Select(k => $"{k.Key} {Figures.Count(k.Value)}"))
                + $"; database {Figures.Bytes(set.DatabaseBytes)}; seed {set.Seed}",
                "(context)", null),
        };
        log.Info($"{Name}: {reports.All.Count} reports registered: {string.Join(", ", reports.All.Select(r => r.Name))}");
        foreach (var report in reports.All)
        {
            foreach (var (label, query, runs, target, targetText) in ranges)
            {
                await reports.RunAsync(caller, report.Name, query, ct); // warm-up: query shapes compile, pages are read
                var latencies = new Latencies();
                ReportResult? result = null;
                for (var i = 0; i < runs; i++)
                {
                    var started = Stopwatch.GetTimestamp();
                    result = await reports.RunAsync(caller, report.Name, query, ct);
                    latencies.Add(Stopwatch.GetElapsedTime(started));
                }
                var shape = $"{result!.Figures.Count} figures, {result.Tables.Count} tables, {result.Tables.Sum(t => t.Rows.Count)} rows";
                rows.Add(new ResultRow($"{Name} ({report.Name}, {label})", size,
                    $"{runs} runs after a warm-up ({shape}): p50 {Latencies.Ms(latencies.Median)} · p95 {Latencies.Ms(latencies.P95)} · max {Latencies.Ms(latencies.Max)}",
                    targetText, latencies.P95 <= target));
            }
        }
        return rows;
    }
}
