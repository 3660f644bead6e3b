using Microsoft.EntityFrameworkCore;
using QanDu.Dashboard.Data;
using QanDu.Dashboard.Data.Entities;
using QanDu.Dashboard.Features.Channels;
using QanDu.Dashboard.Realtime;

namespace QanDu.Dashboard.Features.Sla;

/// <summary>A breach the monitor recorded in the activity log: which target, and the due time it missed.</summary>
public sealed record SlaRecordedBreach(SlaMetric Metric, long PolicyId, DateTime DueAt);

/// <summary>
/// The SLA of one open customer conversation: the policy that applies and every target it sets (met, running or stopped),
/// with the breaches already recorded.
/// </summary>
public sealed record SlaStatus(long ThreadId, long PolicyId, string PolicyName, IReadOnlyList<SlaTarget> Targets, IReadOnlyList<SlaRecordedBreach> Recorded)
{
    /// <summary>The running target due first (the one the inbox shows); null when none runs.</summary>
    public SlaTarget? Next => Targets.Where(t => t.Running).OrderBy(t => t.DueAt).FirstOrDefault();

    /// <summary>Whether a breach of <paramref name="target"/> is recorded: one of its metric due at or after the target started.</summary>
    public bool IsRecorded(SlaTarget target) => Recorded.Any(r => r.Metric == target.Metric && r.DueAt >= target.StartedAt);
}

/// <summary>
/// Reads the SLA of open customer conversations from the activity log: the policies and the channels' hours are cached
/// (dropped on <see cref="SlaPoliciesChanged"/>, <see cref="LabelsChanged"/>, <see cref="ChannelsChanged"/>), and each call
/// costs two queries however many conversations it asks about (their threads, then their facts).
/// </summary>
public sealed class SlaBook : IDisposable
{
    private static readonly ActivityKind[] ClockKinds =
    [
        ActivityKind.Created, ActivityKind.CustomerMessage, ActivityKind.AgentReply, ActivityKind.Resolved, ActivityKind.Reopened,
        ActivityKind.HandedOff, ActivityKind.SlaBreached,
    ];

    private readonly IDbContextFactory<ChatDbContext> _dbFactory;
    private readonly IDisposable _subscription;
    private Task<IReadOnlyList<SlaPolicy>>? _policies;
    private Task<IReadOnlyDictionary<long, ChannelClock>>? _channels;

    private sealed record ChannelClock(IReadOnlyList<BusinessHoursSlot> Hours, TimeZoneInfo Zone);

    private sealed record OpenThread(long Id, PriorityLevel Priority, long? ChannelId, bool WithAssistant, List<long> LabelIds);

    public SlaBook(IDbContextFactory<ChatDbContext> dbFactory, IChatEvents events)
    {
        _dbFactory = dbFactory;
        _subscription = events.Subscribe(null, e =>
        {
            if (e is SlaPoliciesChanged or LabelsChanged or ChannelsChanged)
                Volatile.Write(ref _policies, null); // deleting a label or channel deletes its policies with it
            if (e is ChannelsChanged)
                Volatile.Write(ref _channels, null);
            return Task.CompletedTask;
        });
    }

    /// <summary>Drops the cached policies: called by <see cref="SlaPolicyService"/> before it announces a change, so whoever hears
    /// <see cref="SlaPoliciesChanged"/> first reads the new ones.</summary>
    public void Forget() => Volatile.Write(ref _policies, null);

    /// <summary>Every policy, enabled or not (cached).</summary>
    public async Task<IReadOnlyList<SlaPolicy>> PoliciesAsync(CancellationToken ct = default) =>
        await Cached(ref _policies, LoadPoliciesAsync).WaitAsync(ct);

    /// <summary>
    /// The SLA of each of <paramref name="threadIds"/> that is an open customer conversation with a policy and a running human
    /// clock (a conversation still with the assistant has none); the others are left out.
    /// </summary>
    public async Task<IReadOnlyDictionary<long, SlaStatus>> StatusAsync(IReadOnlyList<long> threadIds, CancellationToken ct = default)
    {
        if (threadIds.Count == 0)
            return new Dictionary<long, SlaStatus>();
        var ids = threadIds.Distinct().ToList();
        var statuses = await ReadAsync(threads => threads.Where(t => ids.Contains(t.Id)), ct);
        return statuses.ToDictionary(s => s.ThreadId);
    }

    /// <summary>The SLA of every open customer conversation with a policy (the monitor's round, the board's first load).</summary>
    public Task<IReadOnlyList<SlaStatus>> OpenAsync(CancellationToken ct = default) => ReadAsync(threads => threads, ct);

    private async Task<IReadOnlyList<SlaStatus>> ReadAsync(Func<IQueryable<ChatThread>, IQueryable<ChatThread>> scope, CancellationToken ct)
    {
        var policies = (await PoliciesAsync(ct)).Where(p => p.Enabled).ToList();
        if (policies.Count == 0)
            return [];
        var channels = await Cached(ref _channels, LoadChannelsAsync).WaitAsync(ct);
        await using var db = await _dbFactory.CreateDbContextAsync(ct);
        var threads = await scope(db.Threads.AsNoTracking())
            .Where(t => t.ContactId != null && t.Status != ThreadStatus.Archived)
            .Select(t => new OpenThread(t.Id, t.Priority, t.ChannelId, t.Status == ThreadStatus.Pending && t.HandedOffAt == null,
                t.Labels.Select(l => l.LabelId).ToList()))
            .ToListAsync(ct);
        var matched = threads
            .Select(t => (Thread: t, Policy: SlaClock.Match(policies, t.Priority, t.LabelIds, t.ChannelId)))
            .Where(m => m.Policy is not null)
            .ToList();
        if (matched.Count == 0)
            return [];
        var matchedIds = matched.Select(m => m.Thread.Id).ToList();
        var facts = (await db.ConversationActivity.AsNoTracking()
                .Where(a => matchedIds.Contains(a.ThreadId) && ClockKinds.Contains(a.Kind))
                .ToListAsync(ct))
            .ToLookup(a => a.ThreadId);
        var statuses = new List<SlaStatus>(matched.Count);
        foreach (var (thread, policy) in matched)
        {
            var own = facts[thread.Id].ToList();
            var times = ConversationTimes.From(own, thread.WithAssistant);
            var clock = thread.ChannelId is { } channelId && channels.TryGetValue(channelId, out var found) ? found : null;
            var targets = SlaClock.Targets(policy!, times, clock?.Hours ?? [], clock?.Zone ?? TimeZoneInfo.Utc);
            if (targets.Count == 0)
                continue;
            statuses.Add(new SlaStatus(thread.Id, policy!.Id, policy.Name, targets, [.. own.Where(f => f.Kind == ActivityKind.SlaBreached).Select(Recorded)]));
        }
        return statuses;
    }

    private static SlaRecordedBreach Recorded(ConversationActivity fact) => new(fact.Detail switch
    {
        "first-response" => SlaMetric.FirstResponse,
        "next-response" => SlaMetric.NextResponse,
        _ => SlaMetric.Resolution,
    }, fact.Value ?? 0, fact.At);

    /// <summary>
    /// The cached load, started once; a change drops it (the event comes after the commit, so a load started later sees it),
    /// and a failed load is dropped so the next call tries again.
    /// </summary>
    private static Task<T> Cached<T>(ref Task<T>? cache, Func<Task<T>> load) where T : class
    {
        var current = Volatile.Read(ref cache);
        if (current is { IsFaulted: false, IsCanceled: false })
            return current;
        var fresh = load();
        Interlocked.CompareExchange(ref cache, fresh, current);
        return fresh;
    }

    private async Task<IReadOnlyList<SlaPolicy>> LoadPoliciesAsync()
    {
        await using var db = await _dbFactory.CreateDbContextAsync();
        return await db.SlaPolicies.AsNoTracking().OrderBy(p => p.Id).ToListAsync();
    }

    private async Task<IReadOnlyDictionary<long, ChannelClock>> LoadChannelsAsync()
    {
        await using var db = await _dbFactory.CreateDbContextAsync();
        var channels = await db.Channels.AsNoTracking().ToListAsync();
        return channels.ToDictionary(c => c.Id, c => new ChannelClock(c.BusinessHours, ChannelHours.ZoneOf(c)));
    }

    public void Dispose() => _subscription.Dispose();
}
