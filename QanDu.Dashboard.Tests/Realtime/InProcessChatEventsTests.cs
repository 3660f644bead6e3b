using System.Collections.Concurrent;
using Microsoft.Extensions.Logging.Abstractions;
using QanDu.Dashboard.Realtime;

namespace QanDu.Dashboard.Tests.Realtime;

/// <summary>A slow browser tab must never hold up the others: it loses events and is told to reload instead.</summary>
public sealed class InProcessChatEventsTests
{
    private const long ThreadId = 42;
    private const int Burst = 200;
    private const int MoreThanAQueueHolds = (InProcessChatEvents.QueueCapacity / Burst + 5) * Burst; // whole bursts
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(10);

    private readonly InProcessChatEvents _events = new(NullLogger<InProcessChatEvents>.Instance);

    [Fact]
    public async Task Publish_OneSubscriberBlocked_OthersStillReceiveEveryEvent()
    {
        var gate = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var blockedReceived = new ConcurrentQueue<ChatEvent>();
        var blockedResync = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var blockedStarted = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        using var blocked = _events.Subscribe(ThreadId, async e =>
        {
            blockedReceived.Enqueue(e);
            blockedStarted.TrySetResult();
            if (e is ResyncRequired)
                blockedResync.TrySetResult();
            await gate.Task;
        });
        var fastReceived = new ConcurrentQueue<ChatEvent>();
        var fastCount = 0;
        var fastCaughtUp = new SemaphoreSlim(0);
        using var fast = _events.Subscribe(ThreadId, e =>
        {
            fastReceived.Enqueue(e);
            if (Interlocked.Increment(ref fastCount) % Burst == 0)
                fastCaughtUp.Release();
            return Task.CompletedTask;
        });

        // Bursts that fit a subscriber's queue, as a busy day delivers them: a healthy tab keeps up with each one,
        // while the stuck tab's queue has long overflowed.
        foreach (var burst in Changes(MoreThanAQueueHolds).Chunk(Burst))
        {
            await Task.Run(() => Array.ForEach(burst, _events.Publish)).WaitAsync(Patience); // the publisher never waits
            (await fastCaughtUp.WaitAsync(Patience)).Should().BeTrue("the fast subscriber is not held up by the blocked one");
        }

        fastReceived.Should().Equal(Changes(MoreThanAQueueHolds), "the fast subscriber gets every event, in order, while the other is stuck");
        // Its delivery loop runs on the thread pool: on a busy machine it may only now be entering its first event.
        await blockedStarted.Task.WaitAsync(Patience);
        blockedReceived.Should().ContainSingle("the blocked subscriber is still inside its first event");

        gate.SetResult();
        await blockedResync.Task.WaitAsync(Patience); // once unblocked, it is told to reload rather than left stale
    }

    [Fact]
    public async Task Publish_BlockedSubscriberOverflows_GetsResyncRequiredOnceUnblocked()
    {
        var gate = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var received = new ConcurrentQueue<ChatEvent>();
        var resync = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var blocked = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        using var slow = _events.Subscribe(ThreadId, async e =>
        {
            received.Enqueue(e);
            blocked.TrySetResult();
            if (e is ResyncRequired)
                resync.TrySetResult();
            await gate.Task;
        });
        // Stuck on the first event before the flood: a pump that only starts mid-flood frees a slot and takes a later
        // event after a gap (correct, the resync follows) but then "the oldest events, with no gaps" would not hold.
        var flood = Changes(MoreThanAQueueHolds).ToList();
        _events.Publish(flood[0]);
        await blocked.Task.WaitAsync(Patience);
        foreach (var change in flood.Skip(1))
            _events.Publish(change);

        gate.SetResult();
        await resync.Task.WaitAsync(Patience);

        await Task.Delay(100); // nothing more is coming after the resync
        var events = received.ToList();
        events[^1].Should().BeOfType<ResyncRequired>("it comes after what was still queued, so the reload shows the latest");
        events.OfType<ResyncRequired>().Should().ContainSingle();
        var delivered = events[..^1];
        delivered.Should().HaveCountLessThan(MoreThanAQueueHolds, "events beyond its queue were dropped")
            .And.Equal(Changes(delivered.Count), "what it did get is the oldest events, in order, with no gaps");
    }

    [Fact]
    public async Task Dispose_Subscriber_ReceivesNoLaterEvents()
    {
        var received = new ConcurrentQueue<ChatEvent>();
        var first = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var subscription = _events.Subscribe(ThreadId, e =>
        {
            received.Enqueue(e);
            first.TrySetResult();
            return Task.CompletedTask;
        });
        _events.Publish(new ThreadChanged(ThreadId));
        await first.Task.WaitAsync(Patience);

        subscription.Dispose();
        PublishChanges(10);
        await Task.Delay(300);

        received.Should().ContainSingle();
    }

    [Fact]
    public async Task Dispose_WhileEventsAreQueued_DeliversNoneOfThem()
    {
        var gate = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var started = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var received = new ConcurrentQueue<ChatEvent>();
        var subscription = _events.Subscribe(ThreadId, async e =>
        {
            received.Enqueue(e);
            started.TrySetResult();
            await gate.Task;
        });
        _events.Publish(new ThreadChanged(ThreadId));
        await started.Task.WaitAsync(Patience);
        PublishChanges(10); // queued behind the event being handled

        subscription.Dispose(); // a closed tab: its handler must not run again
        gate.SetResult();
        await Task.Delay(300);

        received.Should().ContainSingle("only the event already being handled when it unsubscribed");
    }

    [Fact]
    public async Task Publish_OtherThread_NotDeliveredToThreadSubscriber()
    {
        var threadEvents = new ConcurrentQueue<ChatEvent>();
        var allEvents = new ConcurrentQueue<ChatEvent>();
        var allGotBoth = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        using var threadSubscription = _events.Subscribe(ThreadId, e =>
        {
            threadEvents.Enqueue(e);
            return Task.CompletedTask;
        });
        using var everything = _events.Subscribe(null, e =>
        {
            allEvents.Enqueue(e);
            if (allEvents.Count == 2)
                allGotBoth.SetResult();
            return Task.CompletedTask;
        });

        _events.Publish(new ThreadChanged(7));
        _events.Publish(new ThreadChanged(ThreadId));
        await allGotBoth.Task.WaitAsync(Patience);
        await Task.Delay(100);

        allEvents.Should().Equal(new ThreadChanged(7), new ThreadChanged(ThreadId));
        threadEvents.Should().Equal(new ThreadChanged(ThreadId));
    }

    private void PublishChanges(int count)
    {
        foreach (var change in Changes(count))
            _events.Publish(change);
    }

    /// <summary>Distinct events of one thread (a record per number), so order and loss are visible.</summary>
    private static IEnumerable<ChatEvent> Changes(int count) =>
        Enumerable.Range(1, count).Select(i => new ReadStateChanged(ThreadId, "reader", i));
}
