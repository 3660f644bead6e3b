using System.Collections.Concurrent;
using Microsoft.EntityFrameworkCore;
using QanDu.Dashboard.Data;
using QanDu.Dashboard.Data.Entities;
using QanDu.Dashboard.Features.Channels;
using QanDu.Dashboard.Realtime;

namespace QanDu.Dashboard.Features.Sla;

/// <summary>
/// Keeps the SlaTargets table (<see cref="SlaTargetRecord"/>): every SLA target of every customer conversation as the SLA
/// clock evaluates it from the activity log, so the SLA report reads one indexed range instead of replaying the clock of
/// every conversation (1.7 s for a year of 200,000 messages before; see BENCHMARKS.md). It folds in the conversations
/// whose facts were appended since its checkpoint (the log's last id it read), the conversations whose priority or
/// labels changed (<see cref="ThreadChanged"/>), and everything again when the policies, labels or channels' hours change
/// and once at start (so a change missed while the app was down is caught). Each conversation's targets are replaced
/// together in one transaction; the checkpoint moves after all of them, so a crash redoes the same work. Met or missed is decided by the
/// reader against "now", with the rules of <see cref="SlaTarget"/>.
/// </summary>
public sealed class SlaTargetRollup : IDisposable
{
    public const string CheckpointName = "sla-targets";
    private const int ThreadsPerTransaction = 1_000;

    private static readonly ActivityKind[] ClockKinds =
    [
        ActivityKind.Created, ActivityKind.HandedOff, ActivityKind.CustomerMessage, ActivityKind.AgentReply, ActivityKind.Resolved,
        ActivityKind.Reopened, ActivityKind.Assigned,
    ];

    private readonly IDbContextFactory<ChatDbContext> _dbFactory;
    private readonly ILogger<SlaTargetRollup> _logger;
    private readonly TimeProvider _clock;
    private readonly IDisposable _subscription;
    private readonly SemaphoreSlim _gate = new(1, 1);
    private readonly ConcurrentDictionary<long, byte> _touched = new();
    private volatile bool _rebuild = true;

    public SlaTargetRollup(IDbContextFactory<ChatDbContext> dbFactory, IChatEvents events, TimeProvider clock, ILogger<SlaTargetRollup> logger)
    {
        _dbFactory = dbFactory;
        _clock = clock;
        _logger = logger;
        _subscription = events.Subscribe(null, e =>
        {
            if (e is SlaPoliciesChanged or LabelsChanged or ChannelsChanged)
                _rebuild = true;
            else if (e is ThreadChanged changed)
                _touched.TryAdd(changed.ThreadId, 0);
            return Task.CompletedTask;
        });
    }

    /// <summary>
    /// Brings the table up to date with the log and the changes heard since the last call; cheap when nothing changed (one
    /// query). The SLA report calls it before reading, the <see cref="SlaMonitor"/> on each round.
    /// </summary>
    public async Task CatchUpAsync(CancellationToken ct = default)
    {
        await _gate.WaitAsync(ct);
        var rebuild = _rebuild;
        _rebuild = false;
        var touched = _touched.Keys.ToList();
        foreach (var id in touched)
            _touched.TryRemove(id, out _);
        try
        {
            await using var db = await _dbFactory.CreateDbContextAsync(ct);
            var checkpoint = await db.RollupCheckpoints.AsNoTracking().Where(c => c.Name == CheckpointName).Select(c => (long?)c.Position).SingleOrDefaultAsync(ct) ?? 0;
            var latest = await db.ConversationActivity.MaxAsync(a => (long?)a.Id, ct) ?? 0;
            if (!rebuild && latest == checkpoint && touched.Count == 0)
                return;
            var from = rebuild ? 0 : checkpoint;
            var threads = await db.ConversationActivity.Where(a => a.Id > from && a.Id <= latest).Select(a => a.ThreadId).Distinct().ToListAsync(ct);
            var all = threads.Concat(touched).Distinct().Order().ToList();
            for (var i = 0; i < all.Count; i += ThreadsPerTransaction)
                await FoldAsync(all.GetRange(i, Math.Min(ThreadsPerTransaction, all.Count - i)), ct);
            await SaveCheckpointAsync(latest, ct);
            if (rebuild)
                _logger.LogDebug("SLA targets rebuilt for {Count} conversations", all.Count);
        }
        catch
        {
            // Whatever was not folded is folded on the next call.
            if (rebuild)
                _rebuild = true;
            foreach (var id in touched)
                _touched.TryAdd(id, 0);
            throw;
        }
        finally
        {
            _gate.Release();
        }
    }

    private sealed record Conversation(long Id, PriorityLevel Priority, long? ChannelId, bool WithAssistant, string? AssigneeId, long? TeamId, List<long> LabelIds);

    /// <summary>Replaces the targets of <paramref name="threadIds"/> in one transaction.</summary>
    private async Task FoldAsync(List<long> threadIds, CancellationToken ct)
    {
        await using var db = await _dbFactory.CreateDbContextAsync(ct);
        var policies = await db.SlaPolicies.AsNoTracking().Where(p => p.Enabled).ToListAsync(ct);
        var channels = (await db.Channels.AsNoTracking().ToListAsync(ct))
            .ToDictionary(c => c.Id, c => ((IReadOnlyList<BusinessHoursSlot>)c.BusinessHours, ChannelHours.ZoneOf(c)));
        var conversations = policies.Count == 0 ? [] : await db.Threads.AsNoTracking()
            .Where(t => threadIds.Contains(t.Id) && t.ContactId != null)
            .Select(t => new Conversation(t.Id, t.Priority, t.ChannelId, t.Status == ThreadStatus.Pending && t.HandedOffAt == null, t.AssigneeId, t.TeamId,
                t.Labels.Select(l => l.LabelId).ToList()))
            .ToListAsync(ct);
        var matched = conversations.Select(c => (Thread: c, Policy: SlaClock.Match(policies, c.Priority, c.LabelIds, c.ChannelId)))
            .Where(c => c.Policy is not null).ToList();
        var ids = matched.Select(m => m.Thread.Id).ToList();
        var facts = (await db.ConversationActivity.AsNoTracking()
                .Where(a => ids.Contains(a.ThreadId) && ClockKinds.Contains(a.Kind))
                .Select(a => new ConversationActivity { Id = a.Id, ThreadId = a.ThreadId, Kind = a.Kind, At = a.At, UserId = a.UserId, TeamId = a.TeamId })
                .ToListAsync(ct))
            .ToLookup(a => a.ThreadId);
        var records = new List<SlaTargetRecord>();
        foreach (var (thread, policy) in matched)
        {
            var log = facts[thread.Id].OrderBy(f => f.At).ThenBy(f => f.Id).ToList();
            var times = ConversationTimes.From(log, thread.WithAssistant);
            var (hours, zone) = thread.ChannelId is { } id && channels.TryGetValue(id, out var found) ? found : ([], TimeZoneInfo.Utc);
            foreach (var target in SlaClock.Targets(policy!, times, hours, zone))
            {
                // Credited to whoever had it when it was decided: when met, else at its due time (a later assignment is a
                // new fact, which folds this conversation again).
                var decidedAt = target.MetAt is { } met && met <= target.DueAt ? met : target.DueAt;
                var (agent, team) = Responsible(log, decidedAt, thread.AssigneeId, thread.TeamId);
                records.Add(new SlaTargetRecord
                {
                    ThreadId = thread.Id, PolicyId = policy!.Id, Metric = target.Metric, StartedAt = target.StartedAt, DueAt = target.DueAt,
                    MetAt = target.MetAt, StoppedAt = target.StoppedAt, AgentId = agent, TeamId = team, ChannelId = thread.ChannelId,
                });
            }
        }
        await using var transaction = await db.Database.BeginTransactionAsync(ct);
        await db.SlaTargets.Where(t => threadIds.Contains(t.ThreadId)).ExecuteDeleteAsync(ct);
        db.SlaTargets.AddRange(records);
        await db.SaveChangesAsync(ct);
        await transaction.CommitAsync(ct);
    }

    private async Task SaveCheckpointAsync(long position, CancellationToken ct)
    {
        await using var db = await _dbFactory.CreateDbContextAsync(ct);
        var now = _clock.GetUtcNow().UtcDateTime;
        var row = await db.RollupCheckpoints.FindAsync([CheckpointName], ct);
        if (row is null)
            db.RollupCheckpoints.Add(new RollupCheckpoint { Name = CheckpointName, Position = position, UpdatedAt = now });
        else
            (row.Position, row.UpdatedAt) = (position, now);
        await db.SaveChangesAsync(ct);
    }

    /// <summary>The assignee and team at <paramref name="at"/> by the log (a conversation from before the log: as now).</summary>
    private static (string? Agent, long? Team) Responsible(List<ConversationActivity> log, DateTime at, string? assigneeNow, long? teamNow)
    {
        var assigned = log.Where(f => f.Kind == ActivityKind.Assigned).ToList();
        var agent = assigned.Count == 0 ? assigneeNow : assigned.LastOrDefault(f => f.At <= at)?.UserId;
        var team = log.Count == 0 ? teamNow : (log.LastOrDefault(f => f.At <= at) ?? log[0]).TeamId;
        return (agent, team);
    }

    public void Dispose() => _subscription.Dispose();
}
