using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using QanDu.Dashboard.Data;
using QanDu.Dashboard.Data.Entities;
using QanDu.Dashboard.Features.Access;
using QanDu.Dashboard.Realtime;

namespace QanDu.Dashboard.Features.Presence;

/// <summary>
/// Each user's effective presence: the status they chose (stored), shown only while they have an open tab
/// (Offline once the last one has been closed for <see cref="PresenceOptions.OfflineGrace"/>), and Away instead of
/// Online after <see cref="PresenceOptions.AwayAfter"/> without activity. A change is published as <see cref="PresenceChanged"/>.
/// Tabs and activity are in memory: after a restart everyone is Offline until their browser reconnects.
/// </summary>
public sealed class PresenceService(IChatEvents events, IDbContextFactory<ChatDbContext> dbFactory, IOptions<PresenceOptions> options, TimeProvider clock)
    : IDisposable
{
    /// <summary>The statuses a user may choose, in the order the menu offers them (offline: appear offline).</summary>
    public const string AllowedValues = "online, away, busy, offline";

    private readonly PresenceOptions _options = options.Value;
    private readonly Lock _gate = new();
    private readonly Dictionary<string, UserState> _users = [];

    /// <summary>What others see of the user now.</summary>
    public PresenceStatus Get(string userId)
    {
        lock (_gate)
            return _users.TryGetValue(userId, out var state) ? Compute(state, clock.GetUtcNow()) : PresenceStatus.Offline;
    }

    /// <summary>The status the user chose (Offline: appear offline), as far as this server knows it.</summary>
    public PresenceStatus? GetChosen(string userId)
    {
        lock (_gate)
            return _users.TryGetValue(userId, out var state) ? state.Chosen : null;
    }

    /// <summary>A tab (circuit) of the user connected.</summary>
    public async Task ConnectedAsync(string userId, CancellationToken ct = default)
    {
        if (!IsKnown(userId))
        {
            var chosen = await LoadChosenAsync(userId, ct);
            lock (_gate)
                Track(userId).Chosen ??= chosen;
        }
        lock (_gate)
        {
            var state = Track(userId);
            state.Connections++;
            state.LastActivity = clock.GetUtcNow(); // opening a tab is activity
            UpdateLocked(state);
        }
    }

    /// <summary>A tab of the user disconnected; the last one leaves them Offline after the grace period.</summary>
    public void Disconnected(string userId)
    {
        lock (_gate)
        {
            if (!_users.TryGetValue(userId, out var state) || state.Connections == 0)
                return;
            if (--state.Connections == 0)
                state.LastDisconnect = clock.GetUtcNow();
            UpdateLocked(state);
        }
    }

    /// <summary>The browser saw the user move the mouse, type or come back to the tab.</summary>
    public void Active(string userId)
    {
        lock (_gate)
        {
            if (!_users.TryGetValue(userId, out var state))
                return;
            state.LastActivity = clock.GetUtcNow();
            UpdateLocked(state);
        }
    }

    /// <summary>Sets the status the user chose, from its name (online, away, busy, offline = appear offline).</summary>
    public Task SetChosenAsync(ChatCaller caller, string? status, CancellationToken ct = default) =>
        SetChosenAsync(caller, Parse(status), ct);

    public async Task SetChosenAsync(ChatCaller caller, PresenceStatus status, CancellationToken ct = default)
    {
        if (!Enum.IsDefined(status))
            throw Invalid(status.ToString());
        await using (var db = await dbFactory.CreateDbContextAsync(ct))
            await db.Users.Where(u => u.Id == caller.UserId).ExecuteUpdateAsync(s => s.SetProperty(u => u.Presence, status), ct);
        lock (_gate)
        {
            var state = Track(caller.UserId);
            state.Chosen = status;
            UpdateLocked(state);
        }
    }

    public static PresenceStatus Parse(string? status) =>
        status is not null && status.All(char.IsAsciiLetter) && Enum.TryParse<PresenceStatus>(status, ignoreCase: true, out var parsed)
            ? parsed
            : throw Invalid(status);

    private static ChatValidationException Invalid(string? status) => new("status", string.IsNullOrWhiteSpace(status)
        ? $"Status is required; allowed values: {AllowedValues}."
        : $"Unknown status '{status}'; allowed values: {AllowedValues}.");

    private bool IsKnown(string userId)
    {
        lock (_gate)
            return _users.TryGetValue(userId, out var state) && state.Chosen is not null;
    }

    private async Task<PresenceStatus> LoadChosenAsync(string userId, CancellationToken ct)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        return await db.Users.Where(u => u.Id == userId).Select(u => (PresenceStatus?)u.Presence).FirstOrDefaultAsync(ct)
            ?? PresenceStatus.Online;
    }

    private UserState Track(string userId)
    {
        if (!_users.TryGetValue(userId, out var state))
            _users[userId] = state = new UserState(userId);
        return state;
    }

    private PresenceStatus Compute(UserState state, DateTimeOffset now)
    {
        var connected = state.Connections > 0 || (state.LastDisconnect is { } left && now - left < _options.OfflineGrace);
        if (!connected)
            return PresenceStatus.Offline;
        return state.Chosen switch
        {
            PresenceStatus.Online or null when now - state.LastActivity >= _options.AwayAfter => PresenceStatus.Away,
            null => PresenceStatus.Online,
            var chosen => chosen.Value,
        };
    }

    /// <summary>Publishes a change of the effective presence, and wakes up when it would next change by itself.</summary>
    private void UpdateLocked(UserState state)
    {
        var now = clock.GetUtcNow();
        var effective = Compute(state, now);
        if (effective != state.Published)
        {
            state.Published = effective;
            events.Publish(new PresenceChanged(state.UserId, effective));
        }
        var next = NextChange(state, now);
        if (next is null)
        {
            state.Timer?.Dispose();
            state.Timer = null;
            return;
        }
        state.Timer ??= clock.CreateTimer(_ => Wake(state), null, Timeout.InfiniteTimeSpan, Timeout.InfiniteTimeSpan);
        state.Timer.Change(next.Value, Timeout.InfiniteTimeSpan);
    }

    private TimeSpan? NextChange(UserState state, DateTimeOffset now)
    {
        TimeSpan? next = null;
        if (state.Connections == 0 && state.LastDisconnect is { } left && left + _options.OfflineGrace > now)
            next = left + _options.OfflineGrace - now;
        else if (state.Connections == 0)
            return null;
        if (state.Chosen is null or PresenceStatus.Online && state.LastActivity + _options.AwayAfter > now)
        {
            var idle = state.LastActivity + _options.AwayAfter - now;
            next = next is { } n && n < idle ? n : idle;
        }
        return next;
    }

    private void Wake(UserState state)
    {
        lock (_gate)
            UpdateLocked(state);
    }

    public void Dispose()
    {
        lock (_gate)
            foreach (var state in _users.Values)
                state.Timer?.Dispose();
    }

    private sealed class UserState(string userId)
    {
        public string UserId { get; } = userId;
        public PresenceStatus? Chosen { get; set; }
        public int Connections { get; set; }
        public DateTimeOffset LastActivity { get; set; }
        public DateTimeOffset? LastDisconnect { get; set; }
        public PresenceStatus Published { get; set; } = PresenceStatus.Offline;
        public ITimer? Timer { get; set; }
    }
}
