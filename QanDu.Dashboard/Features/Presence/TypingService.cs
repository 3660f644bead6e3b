using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using QanDu.Dashboard.Data;
using QanDu.Dashboard.Data.Entities;
using QanDu.Dashboard.Features.Access;
using QanDu.Dashboard.Realtime;

namespace QanDu.Dashboard.Features.Presence;


/// <summary>What a thread view gets from <see cref="TypingService.WatchAsync"/>: who types now, and the live subscription.</summary>
public sealed record TypingWatch(IReadOnlyList<Typist> Typing, IDisposable Subscription) : IDisposable
{
    public void Dispose() => Subscription.Dispose();
}

/// <summary>
/// Who is typing where: in memory only (nothing is written per keystroke), published as <see cref="TypingChanged"/>
/// to the thread's subscribers when the set changes. A typist expires after <see cref="PresenceOptions.TypingExpiry"/>
/// without a signal, and is removed at once when they stop (cleared composer) or their message is posted.
/// </summary>
public sealed class TypingService : IDisposable
{
    private readonly IChatEvents _events;
    private readonly IDbContextFactory<ChatDbContext> _dbFactory;
    private readonly TimeProvider _clock;
    private readonly TimeSpan _expiry;
    private readonly Lock _gate = new();
    private readonly Dictionary<long, List<Entry>> _threads = [];
    private readonly IDisposable _posts;

    public TypingService(IChatEvents events, IDbContextFactory<ChatDbContext> dbFactory, IOptions<PresenceOptions> options, TimeProvider clock)
    {
        _events = events;
        _dbFactory = dbFactory;
        _clock = clock;
        _expiry = options.Value.TypingExpiry;
        // A posted message ends its sender's typing, whichever way it was sent (composer, API, retry).
        _posts = events.Subscribe(null, e =>
        {
            if (e is MessagePosted { Message: { SenderId: { } sender, ThreadId: var threadId } })
                Remove(threadId, sender);
            return Task.CompletedTask;
        });
    }

    /// <summary>The caller is typing in the thread (a signal every few seconds while they type). Not-found for a thread they cannot see.</summary>
    public async Task TypingAsync(ChatCaller caller, long threadId, CancellationToken ct = default)
    {
        if (Refresh(caller.UserId, threadId))
            return; // already typing: only the expiry moves, nobody needs to hear it again
        await using (var db = await _dbFactory.CreateDbContextAsync(ct))
            await db.RequireVisibleAsync(caller, threadId, ct);
        lock (_gate)
        {
            if (Find(threadId, caller.UserId) is { } existing)
            {
                existing.ExpiresAt = _clock.GetUtcNow() + _expiry;
                existing.Timer.Change(_expiry, Timeout.InfiniteTimeSpan);
                return;
            }
            var entry = new Entry(new Typist(caller.UserId, caller.DisplayName), threadId) { ExpiresAt = _clock.GetUtcNow() + _expiry };
            entry.Timer = _clock.CreateTimer(_ => Expire(entry), null, _expiry, Timeout.InfiniteTimeSpan);
            if (!_threads.TryGetValue(threadId, out var list))
                _threads[threadId] = list = [];
            list.Add(entry);
            PublishLocked(threadId);
        }
    }

    /// <summary>The caller cleared their composer: the indicator goes away now, not when it expires.</summary>
    public void Stopped(ChatCaller caller, long threadId) => Remove(threadId, caller.UserId);

    /// <summary>Who is typing in the thread now, and every change from here on. Not-found for a thread the viewer cannot see.</summary>
    public async Task<TypingWatch> WatchAsync(ChatCaller viewer, long threadId, Func<TypingChanged, Task> handler, CancellationToken ct = default)
    {
        await using (var db = await _dbFactory.CreateDbContextAsync(ct))
            await db.RequireVisibleAsync(viewer, threadId, ct);
        // Subscribe before reading the current set: every event carries the full set, so the last one delivered is the latest.
        var subscription = _events.Subscribe(threadId, e => e is TypingChanged changed ? handler(changed) : Task.CompletedTask);
        return new TypingWatch(Current(threadId), subscription);
    }

    public IReadOnlyList<Typist> Current(long threadId)
    {
        lock (_gate)
            return _threads.TryGetValue(threadId, out var list) ? list.ConvertAll(e => e.Typist) : [];
    }

    private bool Refresh(string userId, long threadId)
    {
        lock (_gate)
        {
            if (Find(threadId, userId) is not { } entry)
                return false;
            entry.ExpiresAt = _clock.GetUtcNow() + _expiry;
            entry.Timer.Change(_expiry, Timeout.InfiniteTimeSpan);
            return true;
        }
    }

    private void Expire(Entry entry)
    {
        lock (_gate)
        {
            var left = entry.ExpiresAt - _clock.GetUtcNow();
            if (left > TimeSpan.Zero)
                entry.Timer.Change(left, Timeout.InfiniteTimeSpan); // refreshed while this callback was on its way
            else
                Remove(entry.ThreadId, entry.Typist.UserId);
        }
    }

    private void Remove(long threadId, string userId)
    {
        lock (_gate)
        {
            if (Find(threadId, userId) is not { } entry)
                return;
            entry.Timer.Dispose();
            var list = _threads[threadId];
            list.Remove(entry);
            if (list.Count == 0)
                _threads.Remove(threadId);
            PublishLocked(threadId);
        }
    }

    private Entry? Find(long threadId, string userId) =>
        _threads.TryGetValue(threadId, out var list) ? list.Find(e => e.Typist.UserId == userId) : null;

    // Under the lock, so subscribers see the changes in the order they happened.
    private void PublishLocked(long threadId) => _events.Publish(new TypingChanged(threadId, Current(threadId)));

    public void Dispose()
    {
        _posts.Dispose();
        lock (_gate)
        {
            foreach (var entry in _threads.Values.SelectMany(l => l))
                entry.Timer.Dispose();
            _threads.Clear();
        }
    }

    private sealed class Entry(Typist typist, long threadId)
    {
        public Typist Typist { get; } = typist;
        public long ThreadId { get; } = threadId;
        public DateTimeOffset ExpiresAt { get; set; }
        public ITimer Timer { get; set; } = null!;
    }
}
