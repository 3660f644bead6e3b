using System.Collections.Immutable;
using Microsoft.Extensions.Options;
using QanDu.Dashboard.Data.Entities;
using QanDu.Dashboard.Features.Access;
using QanDu.Dashboard.Features.Presence;
using QanDu.Dashboard.Realtime;

namespace QanDu.Dashboard.Features.Monitoring;

/// <summary>
/// The live board's state, computed once and shared by every supervisor's circuit: loaded from Threads and the activity
/// log on first use, then kept up to date from the event bus (one subscription to every thread; at most one small read
/// of one conversation per event). Subscribers get immutable snapshots, coalesced to a few per second; a timer from
/// <see cref="TimeProvider"/> re-evaluates SLA warnings, breaches and long waits as time passes.
/// </summary>
public sealed class LiveBoard : IDisposable
{
    /// <summary>How many rows each list of a snapshot carries (counts are always complete).</summary>
    public const int RowsPerList = 50;

    /// <summary>At most one snapshot per this interval (real time, so a frozen test clock never freezes the board).</summary>
    public static readonly TimeSpan CoalesceInterval = TimeSpan.FromMilliseconds(250);

    /// <summary>"Today so far" is read again at most this often after a change that moves it.</summary>
    public static readonly TimeSpan TodayInterval = TimeSpan.FromSeconds(5);

    private readonly IChatEvents _events;
    private readonly BoardReader _reader;
    private readonly BoardTodayReader _todayReader;
    private readonly PresenceService _presence;
    private readonly ConversationViewers _viewers;
    private readonly MonitoringOptions _options;
    private readonly TimeProvider _clock;
    private readonly ILogger<LiveBoard> _logger;
    private readonly Lock _gate = new();
    private readonly Dictionary<long, BoardEntry> _entries = [];
    private readonly HashSet<long> _notCustomer = [];
    private readonly Dictionary<long, IReadOnlyList<ConversationViewer>> _viewing = [];
    private readonly CancellationTokenSource _stopping = new();
    private BoardReference _reference = new([], new Dictionary<long, BoardChannel>(), new Dictionary<long, string>(), []);
    private BoardDay _day = new(BoardToday.Empty, new Dictionary<string, AgentDay>());
    private DateOnly _dayOf;
    private ImmutableArray<Func<BoardSnapshot, Task>> _subscribers = [];
    private BoardSnapshot _current = BoardSnapshot.Empty;
    private Task? _started;
    private IDisposable? _subscription;
    private ITimer? _ticker;
    private long _version;
    private int _loads;
    private readonly Coalescer _publishing;
    private readonly Coalescer _todayReading;

    internal LiveBoard(IChatEvents events, BoardReader reader, BoardTodayReader todayReader, PresenceService presence,
        ConversationViewers viewers, IOptions<MonitoringOptions> options, TimeProvider clock, ILogger<LiveBoard> logger)
    {
        _events = events;
        _reader = reader;
        _todayReader = todayReader;
        _presence = presence;
        _viewers = viewers;
        _options = options.Value;
        _clock = clock;
        _logger = logger;
        _publishing = new Coalescer(CoalesceInterval, _ =>
        {
            lock (_gate)
                Publish();
            return Task.CompletedTask;
        }, logger, "publish a snapshot", _stopping.Token);
        _todayReading = new Coalescer(TodayInterval, async ct =>
        {
            var day = await _todayReader.ReadAsync(Now(), _options.Zone, ct);
            lock (_gate)
                _day = day;
            SchedulePublish();
        }, logger, "read today's figures", _stopping.Token);
    }

    /// <summary>The latest snapshot (empty until the first load finished).</summary>
    public BoardSnapshot Current => Volatile.Read(ref _current);

    /// <summary>How many times the whole board was read from the database (once, unless the bus asked for a resync).</summary>
    public int Loads => Volatile.Read(ref _loads);

    /// <summary>
    /// Starts the board if needed and calls <paramref name="onChange"/> with each new snapshot until the result is disposed.
    /// Supervisors and admins only.
    /// </summary>
    public async Task<IDisposable> SubscribeAsync(ChatCaller caller, Func<BoardSnapshot, Task> onChange, CancellationToken ct = default)
    {
        RequireViewer(caller);
        await EnsureStartedAsync().WaitAsync(ct);
        ImmutableInterlocked.Update(ref _subscribers, list => list.Add(onChange));
        return new Unsubscribe(this, onChange);
    }

    /// <summary>The board now, for a supervisor or admin (starts it on first use).</summary>
    public async Task<BoardSnapshot> GetAsync(ChatCaller caller, CancellationToken ct = default)
    {
        RequireViewer(caller);
        await EnsureStartedAsync().WaitAsync(ct);
        return Current;
    }

    public static void RequireViewer(ChatCaller caller)
    {
        if (!caller.IsStaff || !caller.SeesAllThreads)
            throw new ChatForbiddenException("The live board is for supervisors and admins.");
    }

    private Task EnsureStartedAsync()
    {
        lock (_gate)
            return _started ??= StartAsync();
    }

    private async Task StartAsync()
    {
        // Subscribe before loading, so nothing committed during the load is missed; events wait for the load to finish.
        var loaded = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        _subscription = _events.Subscribe(null, async e =>
        {
            await loaded.Task;
            await ApplyAsync(e, _stopping.Token);
        });
        try
        {
            await LoadAllAsync(_stopping.Token);
            loaded.SetResult();
        }
        catch (Exception ex)
        {
            loaded.TrySetException(ex);
            lock (_gate)
                _started = null; // the next subscriber tries again
            _subscription.Dispose();
            throw;
        }
        _ticker = _clock.CreateTimer(_ => Tick(), null, TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(1));
    }

    private async Task LoadAllAsync(CancellationToken ct)
    {
        var reference = await _reader.LoadReferenceAsync(ct);
        var entries = await _reader.LoadOpenAsync(ct);
        var now = Now();
        var day = await _todayReader.ReadAsync(now, _options.Zone, ct);
        var viewing = _viewers.All();
        lock (_gate)
        {
            _reference = reference;
            _entries.Clear();
            foreach (var entry in entries)
            {
                Recompute(entry, now);
                _entries[entry.ThreadId] = entry;
            }
            _viewing.Clear();
            foreach (var (threadId, viewers) in viewing)
                _viewing[threadId] = viewers;
            _day = day;
            _dayOf = Today(now);
            _todayReading.MarkRun();
            Interlocked.Increment(ref _loads);
            Publish();
        }
    }

    private async Task ApplyAsync(ChatEvent chatEvent, CancellationToken ct)
    {
        switch (chatEvent)
        {
            case MessagePosted posted:
                await ApplyMessageAsync(posted.Message, ct);
                break;
            case MessageUpdated updated:
                ApplyAnalysis(updated.Message);
                break;
            case ThreadChanged or ConversationStarted or ConversationHandedOff:
                await ReloadAsync(chatEvent.ThreadId, ct);
                ScheduleToday();
                break;
            case ViewersChanged viewers:
                lock (_gate)
                {
                    if (viewers.Viewers.Count == 0)
                        _viewing.Remove(viewers.ThreadId);
                    else
                        _viewing[viewers.ThreadId] = viewers.Viewers;
                }
                SchedulePublish();
                break;
            case PresenceChanged or SlaBreached:
                SchedulePublish();
                break;
            case SlaPoliciesChanged or ChannelsChanged or TeamsChanged or AccessChanged:
                await ReloadReferenceAsync(ct);
                break;
            case ResyncRequired:
                await LoadAllAsync(ct);
                break;
        }
    }

    private async Task ApplyMessageAsync(MessageSnapshot message, CancellationToken ct)
    {
        bool known;
        lock (_gate)
        {
            if (_notCustomer.Contains(message.ThreadId))
                return;
            known = _entries.TryGetValue(message.ThreadId, out var entry);
            if (known && entry is not null)
            {
                if (message.IsPrivate || message.Type == MessageType.System || KindOf(entry, message) is not { } kind)
                    return;
                var fact = new ConversationActivity
                {
                    ThreadId = message.ThreadId, Kind = kind, At = message.Timestamp, MessageId = message.Id,
                    UserId = kind == ActivityKind.CustomerMessage ? null : message.SenderId, ChannelId = entry.ChannelId, TeamId = entry.TeamId,
                };
                if (!entry.AddFact(fact))
                    return;
                if (kind == ActivityKind.CustomerMessage)
                    entry.SetAnalysis(message.Id, message.Metadata?.Analysis);
                Recompute(entry, Now());
            }
        }
        if (!known)
            await ReloadAsync(message.ThreadId, ct); // a conversation the board does not hold yet (or not a customer's)
        else
            ScheduleToday();
        SchedulePublish();
    }

    private static ActivityKind? KindOf(BoardEntry entry, MessageSnapshot message) => message.SenderType switch
    {
        SenderType.Ai => ActivityKind.AssistantReply,
        SenderType.User when message.SenderId != null && message.SenderId == entry.CustomerUserId => ActivityKind.CustomerMessage,
        SenderType.User => ActivityKind.AgentReply,
        _ => null,
    };

    private void ApplyAnalysis(MessageSnapshot message)
    {
        lock (_gate)
        {
            if (!_entries.TryGetValue(message.ThreadId, out var entry) || message.SenderId != entry.CustomerUserId
                || !entry.SetAnalysis(message.Id, message.Metadata?.Analysis))
                return;
        }
        SchedulePublish();
    }

    private async Task ReloadAsync(long threadId, CancellationToken ct)
    {
        var (entry, isCustomer) = await _reader.LoadOneAsync(threadId, ct);
        lock (_gate)
        {
            if (!isCustomer)
                _notCustomer.Add(threadId);
            else if (entry is null)
                _entries.Remove(threadId); // resolved
            else
            {
                Recompute(entry, Now());
                _entries[threadId] = entry;
            }
        }
        SchedulePublish();
    }

    private async Task ReloadReferenceAsync(CancellationToken ct)
    {
        var reference = await _reader.LoadReferenceAsync(ct);
        lock (_gate)
        {
            _reference = reference;
            var now = Now();
            foreach (var entry in _entries.Values)
                Recompute(entry, now);
        }
        SchedulePublish();
    }

    private void Recompute(BoardEntry entry, DateTime now) =>
        entry.Recompute(_reference.Policies, HoursOf, now, TimeSpan.FromMinutes(_options.SlaWarningMinutes), TimeSpan.FromMinutes(_options.LongWaitMinutes));

    private (IReadOnlyList<BusinessHoursSlot>, TimeZoneInfo) HoursOf(long? channelId) =>
        channelId is { } id && _reference.Channels.TryGetValue(id, out var channel) ? (channel.Hours, channel.Zone) : ([], TimeZoneInfo.Utc);

    /// <summary>Each second (of the app's clock): did time alone move anything (a warning, a breach, a long wait, a new day)?</summary>
    private void Tick()
    {
        try
        {
            var now = Now();
            var changed = false;
            lock (_gate)
            {
                var warning = TimeSpan.FromMinutes(_options.SlaWarningMinutes);
                var longWait = TimeSpan.FromMinutes(_options.LongWaitMinutes);
                foreach (var entry in _entries.Values)
                    if (now >= entry.NextChangeAt)
                    {
                        entry.UpdateNextChange(now, warning, longWait);
                        changed = true;
                    }
                if (Today(now) != _dayOf)
                {
                    _dayOf = Today(now);
                    ScheduleToday();
                }
            }
            if (changed)
                SchedulePublish();
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            _logger.LogError(ex, "The live board's clock tick failed");
        }
    }

    private void SchedulePublish() => _publishing.Request();

    private void ScheduleToday() => _todayReading.Request();

    /// <summary>Builds the snapshot and hands it to every subscriber (under the lock, so snapshots go out in order).</summary>
    private void Publish()
    {
        var snapshot = BoardSnapshotBuilder.Build(++_version, Now(), _entries.Values, _reference, _viewing, _day, _presence, _options, RowsPerList);
        Volatile.Write(ref _current, snapshot);
        _publishing.MarkRun();
        foreach (var subscriber in _subscribers)
            _ = Deliver(subscriber, snapshot);
    }

    private async Task Deliver(Func<BoardSnapshot, Task> subscriber, BoardSnapshot snapshot)
    {
        try
        {
            await subscriber(snapshot);
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            _logger.LogWarning(ex, "A live board subscriber failed");
        }
    }

    private DateTime Now() => _clock.GetUtcNow().UtcDateTime;

    private DateOnly Today(DateTime now) => DateOnly.FromDateTime(TimeZoneInfo.ConvertTimeFromUtc(now, _options.Zone));

    public void Dispose()
    {
        _stopping.Cancel();
        _ticker?.Dispose();
        _subscription?.Dispose();
    }

    private sealed class Unsubscribe(LiveBoard board, Func<BoardSnapshot, Task> handler) : IDisposable
    {
        public void Dispose() => ImmutableInterlocked.Update(ref board._subscribers, list => list.Remove(handler));
    }
}
