using System.Diagnostics;
using System.Text.Json;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.DependencyInjection;
using QanDu.Dashboard.Features.Access;
using QanDu.Dashboard.Features.Analysis;

namespace QanDu.Dashboard.Bench.Hosting;

/// <summary>
/// The large generated workspace (full: 1,000,000 messages, 5,000 threads, one of 100,000 messages; quick: 20,000
/// with a 2,000-message thread), made by the tool from the seed and cached under
/// <c>CacheDirectory/large-&lt;seed&gt;-&lt;count&gt;/</c>. <see cref="MarkerFile"/> is written last, so a folder without it
/// (an interrupted generation) is thrown away and made again. Scenarios open it read-only in spirit: they start the
/// app on it with the settings in <see cref="ReadOnlySettings"/> and never post.
/// </summary>
public sealed record LargeDataSet
{
    public const string MarkerFile = "dataset.json";
    private static readonly SemaphoreSlim Gate = new(1, 1);

    public required string Folder { get; init; }
    public required int Seed { get; init; }
    public required int Messages { get; init; }
    public required int Threads { get; init; }
    public required int Users { get; init; }
    public required long BigThreadId { get; init; }
    public required int BigThreadMessages { get; init; }
    public required double GenerationSeconds { get; init; }

    /// <summary>CPU time the generating process used (the bulk load is single-threaded; on a shared machine wall time is longer).</summary>
    public double? GenerationCpuSeconds { get; init; }
    public required long DatabaseBytes { get; init; }

    /// <summary>A supervisor: sees every thread.</summary>
    public required BenchUser Supervisor { get; init; }

    /// <summary>An agent taking part in the big thread, who opens it.</summary>
    public required BenchUser BigThreadAgent { get; init; }

    /// <summary>True when this run found it in the cache instead of generating it.</summary>
    public bool Reused { get; init; }

    /// <summary>
    /// App settings for a scenario that only reads the data set: the analysis worker's start-up catch-up would
    /// otherwise write analysis to messages (every message already has it; this keeps start-up from scanning for more).
    /// </summary>
    public static IReadOnlyDictionary<string, string?> ReadOnlySettings { get; } = new Dictionary<string, string?>
    {
        ["Analysis:Enabled"] = "false",
    };

    public static Task<LargeDataSet> GetOrCreateAsync(BenchOptions options, BenchLog log, CancellationToken ct) =>
        GetOrCreateAsync(options, options.Size(20_000, 1_000_000), log, ct);

    /// <summary>A generated workspace of another size (the same shape, scaled), cached beside the standard one.</summary>
    public static async Task<LargeDataSet> GetOrCreateAsync(BenchOptions options, int messages, BenchLog log, CancellationToken ct)
    {
        var folder = Path.Combine(options.CacheDirectory, $"large-{options.Seed}-{messages}");
        await Gate.WaitAsync(ct);
        try
        {
            var marker = Path.Combine(folder, MarkerFile);
            if (File.Exists(marker))
            {
                var cached = JsonSerializer.Deserialize<LargeDataSet>(await File.ReadAllTextAsync(marker, ct))!;
                return cached with { Folder = folder, Reused = true };
            }
            if (Directory.Exists(folder))
            {
                log.Info($"generate: {folder} has no marker (an interrupted generation); making it again");
                BenchApp.DeleteFolder(folder);
            }
            var created = await GenerateAsync(options, folder, messages, log, ct);
            var temporary = marker + ".tmp";
            await File.WriteAllTextAsync(temporary, JsonSerializer.Serialize(created with { Folder = "" }), ct);
            File.Move(temporary, marker); // last: the folder counts as complete only now
            return created;
        }
        finally
        {
            Gate.Release();
        }
    }

    private static async Task<LargeDataSet> GenerateAsync(BenchOptions options, string folder, int messages, BenchLog log, CancellationToken ct)
    {
        Directory.CreateDirectory(folder);
        var clock = Stopwatch.StartNew();
        var cpuBefore = ProcessCpu.Now();
        var plan = options.Quick
            ? LargeDataPlan.Create(options.Seed, messages, bigThread: 2_000, threadCount: 200, staff: 20, supervisors: 2)
            : LargeDataPlan.Create(options.Seed, messages, bigThread: messages / 10, threadCount: Math.Min(5_000, messages / 200), staff: 200, supervisors: 5);
        log.Info($"generate: {plan.Users.Count} users, {plan.Threads.Count} threads, {messages:N0} messages into {folder}");

        // The app makes the schema (migrations run at start), the roles and its settings row; its analyzer is borrowed.
        MessageAnalyzer analyzer;
        await using (var app = BenchApp.StartOn(folder, LargeDataSet.ReadOnlySettings))
        {
            analyzer = app.Services.GetRequiredService<MessageAnalyzer>();
            log.Info($"generate: schema made in {clock.Elapsed.TotalSeconds:0.0} s");
            await analyzer.IntentsAsync.WaitAsync(TimeSpan.FromMinutes(2), ct);
            log.Info($"generate: the analyzer's intent model is trained at {clock.Elapsed.TotalSeconds:0.0} s");
        }
        SqliteConnection.ClearAllPools();
        var database = Path.Combine(folder, "qandu.db");
        await using (var connection = new SqliteConnection($"Data Source={database};Pooling=False"))
        {
            await connection.OpenAsync(ct);
            await new LargeDataWriter(connection, plan, analyzer, log).WriteAsync(ct);
        }
        var elapsed = clock.Elapsed;
        var big = plan.BigThread;
        var supervisor = plan.Users.First(u => u.Role == Roles.Supervisor);
        var agent = plan.Users[big.Participants.First(p => plan.Users[p].Role == Roles.Agent)];
        log.Info($"generate: done in {elapsed.TotalSeconds:0.0} s");
        return new LargeDataSet
        {
            Folder = folder,
            Seed = options.Seed,
            Messages = messages,
            Threads = plan.Threads.Count,
            Users = plan.Users.Count,
            BigThreadId = LargeDataWriter.ThreadId(big),
            BigThreadMessages = big.Count,
            GenerationSeconds = elapsed.TotalSeconds,
            GenerationCpuSeconds = (ProcessCpu.Now() - cpuBefore).TotalSeconds,
            DatabaseBytes = new FileInfo(database).Length,
            Supervisor = new BenchUser(supervisor.Id, supervisor.Name, supervisor.Email, supervisor.Role!),
            BigThreadAgent = new BenchUser(agent.Id, agent.Name, agent.Email, agent.Role!),
        };
    }
}

/// <summary>A generated staff member a scenario acts as.</summary>
public sealed record BenchUser(string Id, string Name, string Email, string Role)
{
    [System.Text.Json.Serialization.JsonIgnore]
    public ChatCaller Caller => new(Id, Name, Role is Roles.Supervisor or Roles.Admin, Role == Roles.Admin);
}
