using Microsoft.Data.Sqlite;
using Microsoft.Playwright;
using QanDu.Dashboard.Bench.Hosting;
using QanDu.Dashboard.Bench.Reporting;
using QanDu.Dashboard.Features.Demo;

namespace QanDu.Dashboard.Bench.Scenarios;

/// <summary>
/// What a burst of tabs leaves behind in the server's resident memory, under each garbage collector setting: the app
/// as an admin runs it (its own process, demo data), waves of real Chromium tabs each showing a demo thread, then
/// every tab navigated away (so Blazor ends its circuit at once, as closing a tab does) and closed; VmRSS is read with
/// the tabs open, shortly after, and once Blazor's 3-minute retention of disconnected circuits has surely passed.
/// </summary>
public sealed class CircuitBurstScenario : Scenario
{
    public override string Name => "circuit-burst";
    public override int Order => 52;
    public override string Targets => "resident memory after a burst of circuits closes: back near idle (for context; compares GC settings)";

    /// <summary>The collectors compared, each forced by environment whatever the app's runtimeconfig says; quick mode runs the app as built.</summary>
    private static readonly (string Name, Dictionary<string, string> Environment)[] Settings =
    [
        ("Server GC, DATAS: the Web SDK default", new() { ["DOTNET_gcServer"] = "1" }),
        ("Workstation GC, concurrent", new() { ["DOTNET_gcServer"] = "0", ["DOTNET_gcConcurrent"] = "1" }),
    ];

    public override async Task<IReadOnlyList<ResultRow>> RunAsync(BenchOptions options, BenchLog log, CancellationToken ct)
    {
        var tabs = options.Size(3, 100);
        var waves = options.Size(1, 2);
        var shortly = TimeSpan.FromSeconds(options.Size(2, 30));
        var later = TimeSpan.FromSeconds(options.Size(2, 200)); // after `shortly`: past Blazor's 3-minute retention in total
        var size = $"{waves} waves of {tabs} tabs of demo agents, each showing a demo thread";
        if (BenchBrowser.SkipReason() is { } skipped)
            return [new ResultRow(Name, size, skipped, "(for context)", null)];
        var rows = new List<ResultRow>();
        foreach (var (setting, environment) in options.Quick ? [("as built", [])] : Settings)
        {
            ct.ThrowIfCancellationRequested();
            var folder = Directory.CreateTempSubdirectory("qandu-bench-burst-").FullName;
            try
            {
                var figures = await BurstAsync(folder, environment, tabs, waves, shortly, later, log, $"{Name} ({setting})", ct);
                rows.Add(new ResultRow($"{Name} ({setting})", size, figures, "(for context)", null));
            }
            finally
            {
                BenchApp.DeleteFolder(folder);
            }
        }
        return rows;
    }

    private static async Task<string> BurstAsync(
        string folder, Dictionary<string, string> environment, int tabs, int waves, TimeSpan shortly, TimeSpan later, BenchLog log, string what, CancellationToken ct)
    {
        using var app = AppChild.Start(folder, pinToCore: null, environment);
        await app.WaitUntilHealthyAsync(TimeSpan.FromSeconds(120), ct);
        var agents = DemoSeeder.DemoPeople.Where(p => p.Role == "Agent").Select(p => p.Email).Take(Math.Min(tabs, 5)).ToList();
        var threads = agents.ToDictionary(a => a, a => ThreadOf(folder, a));
        await using var browser = await BenchBrowser.LaunchAsync(app.Root);
        foreach (var agent in agents)
            await browser.SignInAsync(agent, new DemoOptions().Password);
        await Task.Delay(TimeSpan.FromSeconds(tabs < 10 ? 1 : 5), ct);
        var idle = Rss(app);
        log.Info($"{what}: {app.Collector()}; idle after start {Figures.Bytes(idle)}");

        var open = new List<long>();
        var closed = new List<long>();
        for (var wave = 1; wave <= waves; wave++)
        {
            var pages = await Task.WhenAll(Enumerable.Range(0, tabs).Select(i => browser.OpenBlankAsync(agents[i % agents.Count])));
            for (var start = 0; start < pages.Length; start += 10)
                await Task.WhenAll(pages.Skip(start).Take(10).Select(p => BenchBrowser.ShowThreadAsync(p, threads[Email(p, pages, agents)])));
            open.Add(Rss(app));
            // Navigating away fires pagehide, where Blazor tells the server to end the circuit, as closing a real tab does.
            await Task.WhenAll(pages.Select(p => p.GotoAsync("about:blank")));
            await browser.CloseAllPagesAsync();
            await Task.Delay(shortly, ct);
            closed.Add(Rss(app));
            log.Info($"{what}: wave {wave}: {Figures.Bytes(open[^1])} with {tabs} tabs open, {Figures.Bytes(closed[^1])} {shortly.TotalSeconds:0} s after closing");
        }
        await Task.Delay(later, ct);
        var settled = Rss(app);
        var peak = app.Memory().GetValueOrDefault("VmHWM");
        log.Info($"{what}: {Figures.Bytes(settled)} {(shortly + later).TotalSeconds:0} s after the last wave closed; peak {Figures.Bytes(peak)}");
        return $"{app.Collector()}: VmRSS idle {Figures.Bytes(idle)}; with {tabs} tabs open {string.Join(" / ", open.Select(b => Figures.Bytes(b)))} " +
               $"(wave 1 / 2); {shortly.TotalSeconds:0} s after closing {string.Join(" / ", closed.Select(b => Figures.Bytes(b)))}; " +
               $"{(shortly + later).TotalSeconds:0} s after the last closed {Figures.Bytes(settled)}; peak (VmHWM) {Figures.Bytes(peak)}";
    }

    // Tabs are opened round-robin over the agents, so a page's index says whose it is.
    private static string Email(IPage page, IPage[] pages, List<string> agents) => agents[Array.IndexOf(pages, page) % agents.Count];

    private static long Rss(AppChild app) => app.Memory().GetValueOrDefault("VmRSS");

    /// <summary>The demo thread with the most messages that <paramref name="email"/> takes part in (read from the app's database).</summary>
    private static long ThreadOf(string folder, string email)
    {
        using var connection = new SqliteConnection($"Data Source={Path.Combine(folder, "qandu.db")};Mode=ReadOnly;Pooling=False");
        connection.Open();
        using var command = connection.CreateCommand();
        command.CommandText = """
            SELECT p.ThreadId FROM Participants p JOIN AspNetUsers u ON u.Id = p.UserId
            WHERE u.Email = $email
            ORDER BY (SELECT count(*) FROM Messages m WHERE m.ThreadId = p.ThreadId) DESC LIMIT 1;
            """;
        command.Parameters.AddWithValue("$email", email);
        return command.ExecuteScalar() is long id ? id : throw new InvalidOperationException($"The demo agent {email} takes part in no thread.");
    }
}
