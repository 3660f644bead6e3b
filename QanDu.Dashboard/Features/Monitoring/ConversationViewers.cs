using QanDu.Dashboard.Realtime;

namespace QanDu.Dashboard.Features.Monitoring;

/// <summary>
/// Who has which conversation open right now, and who is writing a reply in it: shown in the conversation's header
/// and on the live board, so two agents do not answer the same customer. In memory (it is about open tabs); every
/// change is published as <see cref="ViewersChanged"/> with the full set. A person with two tabs on the same
/// conversation counts once, until both have left.
/// </summary>
public sealed class ConversationViewers(IChatEvents events)
{
    private readonly Lock _gate = new();
    private readonly Dictionary<long, Dictionary<string, Viewing>> _threads = [];

    /// <summary>The people viewing <paramref name="threadId"/> now, in the order they came.</summary>
    public IReadOnlyList<ConversationViewer> Get(long threadId)
    {
        lock (_gate)
            return _threads.TryGetValue(threadId, out var viewers) ? Snapshot(viewers) : [];
    }

    /// <summary>Every conversation someone is viewing now, with its viewers (the board's first load).</summary>
    public IReadOnlyDictionary<long, IReadOnlyList<ConversationViewer>> All()
    {
        lock (_gate)
            return _threads.ToDictionary(t => t.Key, t => Snapshot(t.Value));
    }

    /// <summary>A tab of <paramref name="userId"/> opened the conversation; dispose the result when it closes or moves on.</summary>
    public IDisposable Enter(long threadId, string userId, string name, bool lookingOn = false)
    {
        lock (_gate)
        {
            if (!_threads.TryGetValue(threadId, out var viewers))
                _threads[threadId] = viewers = [];
            if (viewers.TryGetValue(userId, out var viewing))
                viewing.Tabs++;
            else
                viewers[userId] = new Viewing(name, lookingOn, viewers.Count == 0 ? 0 : viewers.Values.Max(v => v.Order) + 1);
            Publish(threadId, viewers);
        }
        return new Leave(this, threadId, userId);
    }

    /// <summary>The person started or stopped writing a reply in the conversation (their draft has text or not).</summary>
    public void SetComposing(long threadId, string userId, bool composing)
    {
        lock (_gate)
        {
            if (!_threads.TryGetValue(threadId, out var viewers) || !viewers.TryGetValue(userId, out var viewing) || viewing.Composing == composing)
                return;
            viewing.Composing = composing;
            Publish(threadId, viewers);
        }
    }

    private void Exit(long threadId, string userId)
    {
        lock (_gate)
        {
            if (!_threads.TryGetValue(threadId, out var viewers) || !viewers.TryGetValue(userId, out var viewing))
                return;
            if (--viewing.Tabs > 0)
                return;
            viewers.Remove(userId);
            if (viewers.Count == 0)
                _threads.Remove(threadId);
            Publish(threadId, viewers);
        }
    }

    private void Publish(long threadId, Dictionary<string, Viewing> viewers) => events.Publish(new ViewersChanged(threadId, Snapshot(viewers)));

    private static IReadOnlyList<ConversationViewer> Snapshot(Dictionary<string, Viewing> viewers) =>
        [.. viewers.OrderBy(v => v.Value.Order).Select(v => new ConversationViewer(v.Key, v.Value.Name, v.Value.Composing, v.Value.LookingOn))];

    private sealed class Viewing(string name, bool lookingOn, int order)
    {
        public string Name { get; } = name;
        public bool LookingOn { get; } = lookingOn;
        public int Order { get; } = order;
        public int Tabs { get; set; } = 1;
        public bool Composing { get; set; }
    }

    private sealed class Leave(ConversationViewers owner, long threadId, string userId) : IDisposable
    {
        private int _disposed;

        public void Dispose()
        {
            if (Interlocked.Exchange(ref _disposed, 1) == 0)
                owner.Exit(threadId, userId);
        }
    }
}
