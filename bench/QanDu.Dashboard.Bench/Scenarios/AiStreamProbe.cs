using System.Diagnostics;
using QanDu.Dashboard.Data.Entities;
using QanDu.Dashboard.Features.Access;
using QanDu.Dashboard.Realtime;

namespace QanDu.Dashboard.Bench.Scenarios;

/// <summary>
/// Watches one AI thread as an open thread view would: the AI message's updates with content (each is one render of
/// ThreadView), when the first one came, when the last one came, and when the reply was finished.
/// </summary>
internal sealed class AiStreamProbe(int tag, long threadId)
{
    private readonly TaskCompletionSource _finished = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly TaskCompletionSource _shown = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly List<long> _renderTimes = [];
    private long _firstSeen;
    private long _lastSeen;
    private int _renders;

    public int Tag { get; } = tag;
    public long ThreadId { get; } = threadId;

    /// <summary>The agent who asks in this thread.</summary>
    public ChatCaller? Asker { get; init; }

    /// <summary>When the question was handed to the conversation service.</summary>
    public long Posted { get; set; }

    /// <summary>When the question's MessagePosted arrived (it was committed).</summary>
    public long QuestionCommitted { get; private set; }

    /// <summary>When the AI message's MessagePosted arrived (the empty reply in status sending was committed).</summary>
    public long AiMessageCreated { get; private set; }

    public long FirstSeen => Volatile.Read(ref _firstSeen);
    public long LastSeen => Volatile.Read(ref _lastSeen);
    public int Renders => Volatile.Read(ref _renders);
    public MessageStatus? FinalStatus { get; private set; }
    public int FinalLength { get; private set; }

    /// <summary>Events this subscriber lost (the bus told it to resync): its counts would be too low.</summary>
    public bool Resynced { get; private set; }

    public Task Finished => _finished.Task;

    /// <summary>Completes when the first text of the reply was shown.</summary>
    public Task Shown => _shown.Task;

    public Task OnEventAsync(ChatEvent chatEvent)
    {
        var now = Stopwatch.GetTimestamp();
        switch (chatEvent)
        {
            case MessagePosted { Message.SenderType: SenderType.User }:
                QuestionCommitted = now;
                break;
            case MessagePosted { Message: { SenderType: SenderType.Ai } message }:
                AiMessageCreated = now;
                if (message.Content.Length > 0)
                    Seen(now, message.Status, message.Content.Length);
                break;
            case MessageUpdated { Message: { SenderType: SenderType.Ai } message } when message.Content.Length > 0 || message.Status != MessageStatus.Sending:
                Seen(now, message.Status, message.Content.Length);
                break;
            case ResyncRequired:
                Resynced = true;
                break;
        }
        return Task.CompletedTask;
    }

    private void Seen(long now, MessageStatus status, int length)
    {
        if (length > 0)
        {
            Interlocked.CompareExchange(ref _firstSeen, now, 0);
            Volatile.Write(ref _lastSeen, now);
            Interlocked.Increment(ref _renders);
            lock (_renderTimes)
                _renderTimes.Add(now);
            _shown.TrySetResult();
        }
        if (status == MessageStatus.Sending)
            return;
        FinalStatus = status;
        FinalLength = length;
        _finished.TrySetResult();
    }

    /// <summary>Updates per second on average, from the first text shown until the reply was finished.</summary>
    public double RendersPerSecond
    {
        get
        {
            var seconds = Stopwatch.GetElapsedTime(FirstSeen, LastSeen).TotalSeconds;
            return seconds > 0 ? (Renders - 1) / seconds : double.NaN;
        }
    }

    /// <summary>The most updates within any one second of the reply (what a viewer would see at the busiest moment).</summary>
    public int PeakRendersInOneSecond
    {
        get
        {
            long[] times;
            lock (_renderTimes)
                times = [.. _renderTimes];
            Array.Sort(times);
            var peak = 0;
            for (int first = 0, last = 0; last < times.Length; last++)
            {
                while (times[last] - times[first] >= Stopwatch.Frequency)
                    first++;
                peak = Math.Max(peak, last - first + 1);
            }
            return peak;
        }
    }
}
