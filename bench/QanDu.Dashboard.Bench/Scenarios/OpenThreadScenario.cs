using System.Diagnostics;
using System.Text.RegularExpressions;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.DependencyInjection;
using QanDu.Dashboard.Bench.Hosting;
using QanDu.Dashboard.Bench.Reporting;
using QanDu.Dashboard.Features.Access;
using QanDu.Dashboard.Features.Inbox.Components;
using QanDu.Dashboard.Rendering;

namespace QanDu.Dashboard.Bench.Scenarios;

/// <summary>
/// Opens the 100,000-message thread of the large data set as an agent taking part in it.
/// First render: the app prerenders /threads/{id} on the server (interactive server mode with prerendering), and that
/// HTML already holds the inbox list and the thread with its newest page of messages, Markdown rendered; so the time
/// of that signed-in GET is the server's time to first render. The data loads and the Markdown are timed apart too.
/// Next page: what "load older messages" does on the server: <see cref="MessageService.GetHistoryAsync"/> with
/// the cursor, then the Markdown of that page (each new message item renders its Markdown on the server).
/// </summary>
public sealed partial class OpenThreadScenario : Scenario
{
    public override string Name => "open-thread";
    public override int Order => 60;
    public override string Targets => "thread of 100,000 messages: server time to first render ≤ 50 ms, next page of history ≤ 20 ms";

    public override async Task<IReadOnlyList<ResultRow>> RunAsync(BenchOptions options, BenchLog log, CancellationToken ct)
    {
        var set = await LargeDataSet.GetOrCreateAsync(options, log, ct);
        await using var app = BenchApp.StartOn(set.Folder, LargeDataSet.ReadOnlySettings);
        var me = set.BigThreadAgent.Caller;
        var budget = Stopwatch.StartNew();
        var limit = TimeSpan.FromSeconds(options.Size(10, 120));

        log.Info($"{Name}: first render of thread {set.BigThreadId} ({set.BigThreadMessages:N0} messages)");
        using var client = await SignedInClient.CreateAsync(app, set.BigThreadAgent.Id);
        var (page, html) = await TimePageAsync(client, set.BigThreadId, runs: options.Size(5, 60), warmUp: options.Size(2, 5), limit, ct);
        var rendered = MessageItem().Count(html);
        if (rendered < 50)
            throw new InvalidOperationException($"The prerendered thread page shows {rendered} messages, not its newest 50: it is not the first render.");
        var work = await TimeFirstPageWorkAsync(app, me, set.BigThreadId, options.Size(10, 100), ct);

        log.Info($"{Name}: next pages at random depths");
        var ids = await ThreadMessageIdsAsync(set, ct);
        var (total, query, pageMarkdown) = await TimeOlderPagesAsync(app, me, set.BigThreadId, ids, options, limit, ct);
        log.Info($"{Name}: measured in {budget.Elapsed.TotalSeconds:0} s");

        var size = $"thread of {Figures.Count(set.BigThreadMessages)} messages in {Figures.Count(set.Messages)}";
        return
        [
            new ResultRow(Name + " (first render)", size,
                $"prerendered GET /threads/{{id}} as a participating agent ({Figures.Count(page.Count)} runs; inbox list + thread header + newest {rendered} messages with Markdown; {Figures.Bytes(html.Length)} HTML): {page.Summary()}; "
                + $"the same work through the services, one by one: {work}",
                "≤ 50 ms (p95)", page.P95 <= 50),
            new ResultRow(Name + " (next page)", size,
                $"GetHistoryAsync(before: cursor) + Markdown of the 50 messages at {Figures.Count(total.Count)} random depths: {total.Summary()}; "
                + $"of which the query median {Latencies.Ms(query.Median)} · p95 {Latencies.Ms(query.P95)}, Markdown median {Latencies.Ms(pageMarkdown.Median)}",
                "≤ 20 ms (p95)", total.P95 <= 20),
        ];
    }

    private static async Task<(Latencies Page, string Html)> TimePageAsync(HttpClient client, long threadId, int runs, int warmUp, TimeSpan limit, CancellationToken ct)
    {
        var latencies = new Latencies();
        var html = "";
        var until = Stopwatch.StartNew();
        for (var i = 0; i < warmUp + runs && (i < warmUp + 3 || until.Elapsed < limit); i++)
        {
            var started = Stopwatch.GetTimestamp();
            using var response = await client.GetAsync($"/threads/{threadId}", ct);
            html = await response.Content.ReadAsStringAsync(ct);
            var elapsed = Stopwatch.GetElapsedTime(started);
            if (!response.IsSuccessStatusCode)
                throw new InvalidOperationException($"GET /threads/{threadId} answered {(int)response.StatusCode}.");
            if (i >= warmUp)
                latencies.Add(elapsed);
        }
        return (latencies, html);
    }

    /// <summary>The services the thread view calls on opening, and the Markdown of the page, each timed on its own.</summary>
    private static async Task<FirstPageWork> TimeFirstPageWorkAsync(BenchApp app, ChatCaller me, long threadId, int runs, CancellationToken ct)
    {
        var work = new FirstPageWork(new Latencies(), new Latencies(), new Latencies(), new Latencies());
        var renderer = app.Services.GetRequiredService<MarkdownRenderer>();
        for (var i = 0; i < runs + 2; i++)
        {
            var started = Stopwatch.GetTimestamp();
            await app.Threads.GetThreadAsync(me, threadId, ct);
            var summary = Stopwatch.GetTimestamp();
            var page = await app.Messages.GetHistoryAsync(me, threadId, before: null, limit: null, ct);
            var history = Stopwatch.GetTimestamp();
            await app.ReadState.GetReadersAsync(me, threadId, ct);
            var readers = Stopwatch.GetTimestamp();
            foreach (var message in page.Messages)
                renderer.ToHtml(message.Content);
            if (i < 2)
                continue; // warm-up
            work.Summary.Add(Stopwatch.GetElapsedTime(started, summary));
            work.History.Add(Stopwatch.GetElapsedTime(summary, history));
            work.Readers.Add(Stopwatch.GetElapsedTime(history, readers));
            work.Markdown.Add(Stopwatch.GetElapsedTime(readers));
        }
        return work;
    }

    private sealed record FirstPageWork(Latencies Summary, Latencies History, Latencies Readers, Latencies Markdown)
    {
        public override string ToString() =>
            $"GetThreadAsync median {Latencies.Ms(Summary.Median)}, GetHistoryAsync {Latencies.Ms(History.Median)}, "
            + $"GetReadersAsync {Latencies.Ms(Readers.Median)}, Markdown of the 50 messages {Latencies.Ms(Markdown.Median)}";
    }

    private static async Task<(Latencies Total, Latencies Query, Latencies Markdown)> TimeOlderPagesAsync(
        BenchApp app, ChatCaller me, long threadId, long[] ids, BenchOptions options, TimeSpan limit, CancellationToken ct)
    {
        var total = new Latencies();
        var query = new Latencies();
        var markdown = new Latencies();
        var renderer = app.Services.GetRequiredService<MarkdownRenderer>();
        var random = new Random(options.Seed);
        var runs = options.Size(30, 1_000);
        var until = Stopwatch.StartNew();
        for (var i = 0; i < runs + 10 && (i < 20 || until.Elapsed < limit); i++)
        {
            var cursor = ids[random.Next(50, ids.Length)]; // anywhere below the first page, down to the thread's start
            var started = Stopwatch.GetTimestamp();
            var page = await app.Messages.GetHistoryAsync(me, threadId, cursor, limit: null, ct);
            var loaded = Stopwatch.GetTimestamp();
            foreach (var message in page.Messages)
                renderer.ToHtml(message.Content);
            if (i < 10)
                continue; // warm-up
            query.Add(Stopwatch.GetElapsedTime(started, loaded));
            markdown.Add(Stopwatch.GetElapsedTime(loaded));
            total.Add(Stopwatch.GetElapsedTime(started));
        }
        return (total, query, markdown);
    }

    /// <summary>The thread's message ids, newest first, read on a connection of its own (read-only).</summary>
    private static async Task<long[]> ThreadMessageIdsAsync(LargeDataSet set, CancellationToken ct)
    {
        await using var connection = new SqliteConnection($"Data Source={Path.Combine(set.Folder, "qandu.db")};Mode=ReadOnly;Pooling=False");
        await connection.OpenAsync(ct);
        await using var command = connection.CreateCommand();
        command.CommandText = "SELECT Id FROM Messages WHERE ThreadId = @thread ORDER BY Id DESC";
        command.Parameters.AddWithValue("@thread", set.BigThreadId);
        var ids = new List<long>(set.BigThreadMessages);
        await using var reader = await command.ExecuteReaderAsync(ct);
        while (await reader.ReadAsync(ct))
            ids.Add(reader.GetInt64(0));
        return [.. ids];
    }

    [GeneratedRegex("data-testid=\"message\"")]
    private static partial Regex MessageItem();
}
