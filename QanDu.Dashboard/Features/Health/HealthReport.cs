using System.Diagnostics;
using System.Reflection;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Options;
using QanDu.Dashboard.Data;
using QanDu.Dashboard.Features.Access;
using QanDu.Dashboard.Features.Analysis;
using QanDu.Dashboard.Features.Assistant.Providers;
using QanDu.Dashboard.Features.Messages;
using QanDu.Dashboard.Features.Operations;

namespace QanDu.Dashboard.Features.Health;

/// <summary>
/// Gathers every component's state and figure for the health page, <c>/health/details</c> (admins) and <c>/health</c>
/// (anonymous: the overall state only). The database is probed with a real write (<see cref="DatabaseProbe"/>); the rest
/// is read from the services that own each figure.
/// </summary>
internal sealed class HealthReport(
    DatabaseProbe probe,
    StorageSpace space,
    IOptions<DatabaseOptions> database,
    StorageHealth writes,
    MessageWriter writer,
    AnalysisWorker analysis,
    IOptions<AnalysisOptions> analysisOptions,
    AiHealthCheck ai,
    WebhookState webhooks,
    BackupState backups,
    ConnectionCounts connections,
    RecentErrors errors,
    IOptionsMonitor<HealthOptions> options,
    TimeProvider clock)
{
    private static readonly DateTimeOffset StartedAt = Process.GetCurrentProcess().StartTime.ToUniversalTime();

    public static string Version { get; } =
        typeof(HealthReport).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion ?? "unknown";

    /// <summary>Every component, for admins only (the figures name paths, providers and errors).</summary>
    public Task<HealthSnapshot> DetailsAsync(ChatCaller caller, CancellationToken ct)
    {
        if (!caller.IsAdmin)
            throw new ChatForbiddenException("The health details are for admins.");
        return GatherAsync(ct);
    }

    /// <summary>The overall state alone, for anyone (<c>/health</c>).</summary>
    public async Task<HealthState> StatusAsync(CancellationToken ct) => (await GatherAsync(ct)).Status;

    private async Task<HealthSnapshot> GatherAsync(CancellationToken ct)
    {
        var aiCheck = ai.CheckHealthAsync(new HealthCheckContext(), ct);
        var written = await probe.RunAsync(ct);
        var aiResult = await aiCheck;
        var now = clock.GetUtcNow();
        var recent = errors.Snapshot();
        var memory = GC.GetGCMemoryInfo();
        HealthComponent[] components =
        [
            HealthRules.Database(written, writes.LastFailure is { } f && f.At > written.At ? f.Reason : null, DatabaseBytes()),
            Disk(),
            HealthRules.WriterQueue(writer.QueueLength, writer.MessagesWritten, writer.CommitCount),
            HealthRules.Analysis(analysisOptions.Value.Enabled, analysis.Waiting, analysisOptions.Value.QueueCapacity, analysis.CatchingUp),
            HealthRules.Ai(Map(aiResult.Status), aiResult.Description),
            HealthRules.Webhooks(webhooks.Current, now),
            HealthRules.Backup(backups.Current, now),
            HealthRules.Connections(connections.Circuits, connections.StaffHubConnections, connections.VisitorHubConnections),
            HealthRules.Memory(Environment.WorkingSet, GC.GetTotalMemory(forceFullCollection: false), memory.TotalAvailableMemoryBytes),
            HealthRules.Errors(errors.Total, recent.Count > 0 ? recent[0] : null, now),
        ];
        return new HealthSnapshot(components.Max(c => c.State), now, Version, StartedAt, components, errors.Total, recent);
    }

    private HealthComponent Disk()
    {
        try
        {
            var drive = new DriveInfo(space.DataPath);
            return HealthRules.Disk(space.DataPath, drive.AvailableFreeSpace, drive.TotalSize, space.MinFreeBytes, options.CurrentValue);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException or ArgumentException)
        {
            return new("disk", "Disk space", HealthState.Unhealthy, $"The free space of {space.DataPath} cannot be read: {ex.Message}",
                "Check that the data folder exists and the app's user may read it.");
        }
    }

    /// <summary>The database file and its write-ahead log.</summary>
    private long DatabaseBytes()
    {
        var file = Path.Combine(space.DataPath, database.Value.DatabaseFile);
        return new[] { file, file + "-wal" }.Select(f => new FileInfo(f)).Where(f => f.Exists).Sum(f => f.Length);
    }

    private static HealthState Map(HealthStatus status) => status switch
    {
        HealthStatus.Healthy => HealthState.Healthy,
        HealthStatus.Degraded => HealthState.Degraded,
        _ => HealthState.Unhealthy,
    };
}
