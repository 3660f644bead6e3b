using System.Collections.Concurrent;
using System.Threading.Channels;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using QanDu.Dashboard.Data;
using QanDu.Dashboard.Data.Entities;
using QanDu.Dashboard.Features.Access;
using QanDu.Dashboard.Features.Messages;
using QanDu.Dashboard.Features.Presence;
using QanDu.Dashboard.Features.Threads;
using QanDu.Dashboard.Realtime;

namespace QanDu.Dashboard.Features.Channels.Routing;

/// <summary>
/// Routes new customer conversations (<see cref="ConversationStarted"/>), and those the assistant answered first once it
/// hands them to a person (<see cref="ConversationHandedOff"/>; until then they wait on the assistant, Pending): into their channel's team queue (or
/// Unassigned), then, when the channel auto-assigns, to the next available agent by round robin (<see cref="AgentPicker"/>).
/// A background check returns auto-assigned conversations to the queue when their agent has been offline longer than
/// the channel allows, and routes them again. Every decision is a system message in the conversation. The bus handler
/// only queues the work: routing runs on its own loop, one conversation at a time, so the cursor advances in order.
/// </summary>
public sealed class ConversationRouter(
    IChatEvents events,
    IDbContextFactory<ChatDbContext> dbFactory,
    ThreadService threads,
    MessageService messages,
    ChannelService channels,
    AgentPicker picker,
    PresenceService presence,
    IOptions<RoutingOptions> options,
    TimeProvider clock,
    ILogger<ConversationRouter> logger) : BackgroundService
{
    internal const string SystemType = "routing";
    private static readonly ChatCaller Router = ChatCaller.System("Routing");

    private readonly Channel<long> _toRoute = Channel.CreateUnbounded<long>(new UnboundedChannelOptions { SingleReader = true });
    private readonly ConcurrentDictionary<string, DateTimeOffset> _offlineSince = new(StringComparer.Ordinal);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var subscription = events.Subscribe(null, OnEventAsync);
        await Task.WhenAll(RouteLoopAsync(stoppingToken), ReassignLoopAsync(stoppingToken));
    }

    private Task OnEventAsync(ChatEvent e)
    {
        switch (e)
        {
            case ConversationStarted started:
                _toRoute.Writer.TryWrite(started.ThreadId);
                break;
            case ConversationHandedOff handedOff:
                _toRoute.Writer.TryWrite(handedOff.ThreadId);
                break;
            case PresenceChanged { Presence: PresenceStatus.Offline } offline:
                _offlineSince.TryAdd(offline.UserId, clock.GetUtcNow());
                break;
            case PresenceChanged back:
                _offlineSince.TryRemove(back.UserId, out _);
                break;
        }
        return Task.CompletedTask;
    }

    private async Task RouteLoopAsync(CancellationToken ct)
    {
        await foreach (var threadId in _toRoute.Reader.ReadAllAsync(ct))
        {
            try
            {
                await RouteAsync(threadId, ct);
            }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                logger.LogError(ex, "Could not route conversation {ThreadId}; it stays where it is", threadId);
            }
        }
    }

    /// <summary>Queue first (the channel's team), then an agent when the channel auto-assigns; each decision said in the conversation.</summary>
    private async Task RouteAsync(long threadId, CancellationToken ct)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var thread = await db.Threads.AsNoTracking().Where(t => t.Id == threadId)
            .Select(t => new { t.ChannelId, t.ContactId, t.TeamId, t.AssigneeId, t.Status, t.HandedOffAt }).FirstOrDefaultAsync(ct);
        if (thread is not { ContactId: not null, ChannelId: { } channelId, AssigneeId: null, Status: ThreadStatus.Active or ThreadStatus.Pending })
            return; // not a customer conversation, already taken, or closed meanwhile
        var channel = await db.Channels.AsNoTracking().FirstOrDefaultAsync(c => c.Id == channelId, ct);
        if (channel is null)
            return;
        if (channel.AssistantFirstReply && thread is { Status: ThreadStatus.Pending, HandedOffAt: null })
            return; // the assistant answers first; routed when it hands off (ConversationHandedOff)
        var teamId = thread.TeamId;
        if (teamId is null && channel.TeamId is { } channelTeam)
        {
            await threads.UpdateThreadAsync(Router, threadId, new UpdateThreadRequest(TeamId: channelTeam), ct);
            teamId = channelTeam;
        }
        var queue = await QueueNameAsync(db, teamId, ct);
        if (!channel.AutoAssign)
        {
            await SayAsync(threadId, $"Waiting in {queue}.", "queued", null, ct);
            return;
        }
        var pick = await picker.PickAsync(db, channel, teamId, ct);
        if (pick.Chosen is not { } agent)
        {
            var why = (pick.Offline, pick.AtCapacity) switch
            {
                (0, 0) => "nobody can take this queue's conversations",
                (_, 0) => "everyone is away or offline",
                (0, _) => "everyone online is at their maximum of open conversations",
                _ => "everyone is away, offline or at their maximum of open conversations",
            };
            await SayAsync(threadId, $"No agent available ({why}) — waiting in {queue}.", "unavailable", null, ct);
            return;
        }
        await threads.UpdateThreadAsync(Router, threadId, new UpdateThreadRequest(AssigneeId: agent.UserId), ct);
        await channels.SetLastAssignedAsync(channel.Id, agent.UserId, ct);
        await SayAsync(threadId, $"Assigned to {agent.DisplayName} by round robin.", "assigned", agent.UserId, ct);
    }

    private async Task ReassignLoopAsync(CancellationToken ct)
    {
        using var timer = new PeriodicTimer(options.Value.CheckInterval, clock);
        while (await timer.WaitForNextTickAsync(ct))
        {
            try
            {
                await ReassignAsync(ct);
            }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                logger.LogError(ex, "Could not check for conversations of agents who went offline");
            }
        }
    }

    /// <summary>
    /// Auto-assigned open conversations whose agent has been offline longer than their channel's setting go back to the
    /// queue and are routed again. Offline is counted from when this server saw them go (or first saw them offline).
    /// </summary>
    internal async Task ReassignAsync(CancellationToken ct)
    {
        var now = clock.GetUtcNow();
        foreach (var user in _offlineSince.Keys.Where(u => presence.Get(u) != PresenceStatus.Offline).ToList())
            _offlineSince.TryRemove(user, out _);
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var limits = await db.Channels.AsNoTracking().Where(c => c.AutoAssign && c.ReassignAfterOfflineMinutes > 0)
            .ToDictionaryAsync(c => c.Id, c => TimeSpan.FromMinutes(c.ReassignAfterOfflineMinutes), ct);
        if (limits.Count == 0)
            return;
        var channelIds = limits.Keys.ToList();
        var assigned = await db.Threads.AsNoTracking()
            .Where(t => t.ContactId != null && t.ChannelId != null && channelIds.Contains(t.ChannelId.Value) && t.AssigneeId != null
                        && (t.Status == ThreadStatus.Active || t.Status == ThreadStatus.Pending))
            .Select(t => new { t.Id, ChannelId = t.ChannelId!.Value, AssigneeId = t.AssigneeId!, Assignee = t.Assignee!.DisplayName })
            .ToListAsync(ct);
        foreach (var thread in assigned)
        {
            if (presence.Get(thread.AssigneeId) != PresenceStatus.Offline)
                continue;
            var since = _offlineSince.GetOrAdd(thread.AssigneeId, now);
            if (now - since < limits[thread.ChannelId] || !await AutoAssignedToAsync(db, thread.Id, thread.AssigneeId, ct))
                continue;
            await threads.UpdateThreadAsync(Router, thread.Id, new UpdateThreadRequest(AssigneeId: ""), ct);
            await SayAsync(thread.Id, $"{thread.Assignee} went offline — returned to the queue.", "returned", thread.AssigneeId, ct);
            _toRoute.Writer.TryWrite(thread.Id);
        }
    }

    /// <summary>Whether routing's latest decision in the conversation was to assign it to this person (a person's own choice since is kept).</summary>
    private static async Task<bool> AutoAssignedToAsync(ChatDbContext db, long threadId, string userId, CancellationToken ct)
    {
        var notes = await db.Messages.AsNoTracking()
            .Where(m => m.ThreadId == threadId && m.Type == MessageType.System && m.SenderType == SenderType.System)
            .OrderByDescending(m => m.Id).Take(20).Select(m => m.Metadata).ToListAsync(ct);
        var last = notes.Select(m => m?.System).FirstOrDefault(s => s?.Type == SystemType);
        return last is { Action: "assigned" } && last.UserId == userId;
    }

    private static async Task<string> QueueNameAsync(ChatDbContext db, long? teamId, CancellationToken ct) =>
        teamId is { } id && await db.Teams.Where(t => t.Id == id).Select(t => t.Name).FirstOrDefaultAsync(ct) is { } name
            ? $"the {name} queue"
            : "Unassigned";

    private Task SayAsync(long threadId, string text, string action, string? userId, CancellationToken ct) =>
        messages.PostSystemAsync(threadId, text, new SystemMetadata(SystemType, action) { UserId = userId }, ct);
}
