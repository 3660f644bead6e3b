using System.Collections.Concurrent;
using System.Collections.Immutable;
using System.Threading.Channels;

namespace QanDu.Dashboard.Realtime;

/// <summary>
/// Fan-out to subscribers, each with its own bounded queue and pump, so a slow circuit never stalls the
/// publisher or the others: when its queue is full, it drops events and later gets one <see cref="ResyncRequired"/>.
/// </summary>
public sealed class InProcessChatEvents(ILogger<InProcessChatEvents> logger) : IChatEvents
{
    // Holds several full writer batches (Chat:WriterMaxBatch, 512 by default), so a burst from one group commit
    // does not push a healthy subscriber into a resync; only one that really falls behind gets one.
    internal const int QueueCapacity = 4096;
    private readonly ConcurrentDictionary<long, ImmutableArray<Subscription>> _byThread = new();
    private ImmutableArray<Subscription> _all = [];

    public void Publish(ChatEvent chatEvent)
    {
        if (!chatEvent.ThreadSubscribersOnly)
            foreach (var subscription in _all)
                subscription.Offer(chatEvent);
        if (_byThread.TryGetValue(chatEvent.ThreadId, out var subscribers))
            foreach (var subscription in subscribers)
                subscription.Offer(chatEvent);
    }

    public IDisposable Subscribe(long? threadId, Func<ChatEvent, Task> handler)
    {
        var subscription = new Subscription(this, threadId, handler, logger);
        if (threadId is { } id)
            _byThread.AddOrUpdate(id, _ => [subscription], (_, list) => list.Add(subscription));
        else
            ImmutableInterlocked.Update(ref _all, list => list.Add(subscription));
        return subscription;
    }

    private void Remove(Subscription subscription)
    {
        if (subscription.ThreadId is not { } id)
        {
            ImmutableInterlocked.Update(ref _all, list => list.Remove(subscription));
            return;
        }
        while (_byThread.TryGetValue(id, out var list))
        {
            var updated = list.Remove(subscription);
            if (updated.IsEmpty ? _byThread.TryRemove(new(id, list)) : _byThread.TryUpdate(id, updated, list))
                return;
        }
    }

    private sealed class Subscription : IDisposable
    {
        private readonly InProcessChatEvents _owner;
        private readonly Func<ChatEvent, Task> _handler;
        private readonly ILogger _logger;
        private readonly Channel<ChatEvent> _queue = Channel.CreateBounded<ChatEvent>(
            new BoundedChannelOptions(QueueCapacity) { SingleReader = true, FullMode = BoundedChannelFullMode.Wait });
        private int _overflowed;
        private volatile bool _disposed;

        public Subscription(InProcessChatEvents owner, long? threadId, Func<ChatEvent, Task> handler, ILogger logger)
        {
            _owner = owner;
            ThreadId = threadId;
            _handler = handler;
            _logger = logger;
            _ = Task.Run(PumpAsync);
        }

        public long? ThreadId { get; }

        public void Offer(ChatEvent chatEvent)
        {
            if (!_queue.Writer.TryWrite(chatEvent))
                Interlocked.Exchange(ref _overflowed, 1);
        }

        private async Task PumpAsync()
        {
            var reader = _queue.Reader;
            while (await reader.WaitToReadAsync())
            {
                while (reader.TryRead(out var chatEvent))
                    await DeliverAsync(chatEvent);
                if (Interlocked.Exchange(ref _overflowed, 0) == 1)
                    await DeliverAsync(new ResyncRequired());
            }
        }

        private async Task DeliverAsync(ChatEvent chatEvent)
        {
            // Events still queued when the subscriber left are dropped: its handler may touch a disposed component.
            if (_disposed)
                return;
            try
            {
                await _handler(chatEvent);
            }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                _logger.LogWarning(ex, "A chat event subscriber failed on {Event}", chatEvent.GetType().Name);
            }
            catch (OperationCanceledException)
            {
                // The subscriber is going away (circuit closed); nothing to report.
            }
        }

        public void Dispose()
        {
            _disposed = true;
            _owner.Remove(this);
            _queue.Writer.TryComplete();
        }
    }
}
