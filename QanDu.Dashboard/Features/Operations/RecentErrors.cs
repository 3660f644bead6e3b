using System.Runtime.CompilerServices;

namespace QanDu.Dashboard.Features.Operations;

/// <summary>An unhandled exception as the health page lists it.</summary>
public sealed record RecordedError(DateTimeOffset At, string Type, string Message, string? TraceId, string? Where);

/// <summary>
/// The last 100 unhandled exceptions (API requests, circuits, background loops) with their trace id, and how many there
/// were since start: the health page's error list and the <c>qandu.errors</c> counter.
/// </summary>
public sealed class RecentErrors(TimeProvider clock)
{
    public const int Capacity = 100;

    private readonly Lock _lock = new();
    private readonly Queue<RecordedError> _errors = new();
    // The same exception often reaches more than one hook (a handler records it, a logger sees it logged): once only.
    private readonly ConditionalWeakTable<Exception, RecordedError> _seen = new();
    private long _total;

    /// <summary>Unhandled exceptions since the app started.</summary>
    public long Total => Interlocked.Read(ref _total);

    public event Action<RecordedError>? Recorded;

    /// <summary>Records <paramref name="exception"/>; the same exception object again returns its first record.</summary>
    public RecordedError Record(Exception exception, string? traceId, string? where)
    {
        var error = new RecordedError(clock.GetUtcNow(), exception.GetType().Name, exception.Message, traceId, where);
        lock (_lock)
        {
            if (!_seen.TryAdd(exception, error))
                return _seen.TryGetValue(exception, out var first) ? first : error;
            _errors.Enqueue(error);
            while (_errors.Count > Capacity)
                _errors.Dequeue();
        }
        Interlocked.Increment(ref _total);
        Recorded?.Invoke(error);
        return error;
    }

    /// <summary>Newest first.</summary>
    public IReadOnlyList<RecordedError> Snapshot()
    {
        lock (_lock)
            return [.. _errors.Reverse()];
    }
}
