using System.Diagnostics;
using Microsoft.Extensions.DependencyInjection;
using QanDu.Dashboard.Bench.Hosting;
using QanDu.Dashboard.Bench.Reporting;
using QanDu.Dashboard.Features.Access;
using QanDu.Dashboard.Features.Search;

namespace QanDu.Dashboard.Bench.Scenarios;

/// <summary>
/// Searches the large data set through the app's <see cref="SearchService"/> (a page of 20 hits with snippets, as the
/// search panel asks for), as a supervisor who sees every thread, with queries made of the generated vocabulary:
/// common and rare words, two words, phrases, prefixes; partial words are pieces of 4+ letters from inside words,
/// which only the trigram index finds. A context row repeats the newest-first set as an agent who sees only their threads.
/// </summary>
public sealed class SearchScenario : Scenario
{
    public override string Name => "search";
    public override int Order => 70;
    public override string Targets => "search over 1,000,000 messages: newest matches p95 ≤ 10 ms, by relevance ≤ 50 ms, partial word ≤ 100 ms";

    // Whole words (3+ letters go through the trigram index as substrings, as the parser decides), rare words, pairs, phrases, prefixes.
    private static readonly string[] WordQueries =
    [
        "refund", "invoice", "order", "password", "webhook", "integration", "subscription", "discount", "export", "delivery",
        "account", "escalated", "timeout", "attachment", "courier", "Kraków", "Pipedrive", "Kowalski", "Utrecht", "ENG-4821",
        "refund order", "password reset", "export csv", "webhook timeout", "invoice corrected", "plan upgrade",
        "\"double charge\"", "\"gateway timeout\"", "\"single sign-on\"", "\"spam folder\"", "\"known bug\"", "\"delivery address\"",
        "refund*", "escal*", "integr*", "sub*",
    ];

    private static readonly string[] PartialQueries =
    [
        "efun", "nvoic", "ubscri", "ebhoo", "ntegra", "ddres", "asswor", "xpor", "ccoun", "ttachm", "imeou", "iscoun", "ourie", "scalat",
    ];

    public override async Task<IReadOnlyList<ResultRow>> RunAsync(BenchOptions options, BenchLog log, CancellationToken ct)
    {
        var set = await LargeDataSet.GetOrCreateAsync(options, log, ct);
        await using var app = BenchApp.StartOn(set.Folder, LargeDataSet.ReadOnlySettings);
        var search = app.Services.GetRequiredService<SearchService>();
        var runs = options.Size(15, 300);
        var limit = TimeSpan.FromSeconds(options.Size(5, 90));
        var supervisor = set.Supervisor.Caller;
        var size = $"{Figures.Count(set.Messages)} messages";

        async Task<ResultRow> Row(string kind, ChatCaller caller, string[] queries, SearchSort sort, double target, bool context = false)
        {
            log.Info($"{Name}: {kind}");
            var (latencies, hits) = await TimeAsync(search, caller, queries, sort, runs, limit, options.Seed, ct);
            var who = caller.SeesAllThreads ? "a supervisor (all threads)" : "an agent (own threads only)";
            return new ResultRow($"{Name} ({kind})", size,
                $"{Figures.Count(latencies.Count)} searches from {queries.Length} queries, as {who}, first page of 20 with snippets, {hits:0.0} hits per page on average: {latencies.Summary()}",
                $"p95 ≤ {target:0} ms", context ? null : latencies.P95 <= target);
        }

        return
        [
            await Row("newest matches", supervisor, WordQueries, SearchSort.Newest, 10),
            await Row("by relevance", supervisor, WordQueries, SearchSort.Relevance, 50),
            await Row("partial word", supervisor, PartialQueries, SearchSort.Newest, 100),
            await Row("newest matches, agent", set.BigThreadAgent.Caller, WordQueries, SearchSort.Newest, 10, context: true),
        ];
    }

    private static async Task<(Latencies Latencies, double Hits)> TimeAsync(SearchService search, ChatCaller caller, string[] queries, SearchSort sort,
        int runs, TimeSpan limit, int seed, CancellationToken ct)
    {
        var latencies = new Latencies();
        var random = new Random(seed);
        var hits = 0;
        foreach (var query in queries.Take(3))
            await search.SearchAsync(caller, query, sort, ct: ct); // warm-up: the query shapes compile, the pages are read
        var clock = Stopwatch.StartNew();
        for (var i = 0; i < runs && (i < queries.Length || clock.Elapsed < limit); i++)
        {
            var query = i < queries.Length ? queries[i] : queries[random.Next(queries.Length)]; // each query at least once
            var started = Stopwatch.GetTimestamp();
            var results = await search.SearchAsync(caller, query, sort, ct: ct);
            latencies.Add(Stopwatch.GetElapsedTime(started));
            hits += results.Hits.Count;
        }
        return (latencies, hits / (double)latencies.Count);
    }
}
