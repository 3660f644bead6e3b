using Microsoft.Extensions.Options;

namespace QanDu.Dashboard.Features.Analysis;

/// <summary>
/// What the analysis could not take as it arrived: posts from the smallest id dropped (found again in the database by
/// their missing analysis), edits by id (their old analysis hides them there; at most a queue's worth is remembered),
/// and events the bus could not deliver. Logs a count at most once per <see cref="AnalysisOptions.BehindLogInterval"/>,
/// never one line per message; what is not logged yet goes into the next line. It logs as the worker, whose lines these
/// are. Thread-safe: drops are reported from the posting side, the work is taken by the worker.
/// </summary>
internal sealed class AnalysisBacklog(IOptions<AnalysisOptions> options, TimeProvider clock, ILogger<AnalysisWorker> logger)
{
    private readonly Lock _lock = new();
    private readonly HashSet<long> _edits = [];
    private long? _postsFrom;
    private int _postsPutAside;
    private int _unlogged;
    private int _editsForgotten;
    private int _gaps;
    private DateTimeOffset _nextLogAt = DateTimeOffset.MinValue;
    private long _floor;

    public bool HasWork
    {
        get
        {
            lock (_lock)
                return _postsFrom is not null || _edits.Count > 0;
        }
    }

    /// <summary>Messages put aside and not yet taken up by a catch-up pass (posts counted as dropped, edits by id).</summary>
    public int Waiting
    {
        get
        {
            lock (_lock)
                return _postsPutAside + _edits.Count;
        }
    }

    /// <summary>A message the full queue let go: found again when the load falls.</summary>
    public void Dropped(long messageId, bool edit)
    {
        lock (_lock)
        {
            if (!edit)
            {
                _postsFrom = Math.Min(_postsFrom ?? long.MaxValue, messageId);
                _postsPutAside++;
            }
            else if (_edits.Count < options.Value.QueueCapacity)
                _edits.Add(messageId);
            else
                _editsForgotten++;
            _unlogged++;
        }
        ReportIfDue();
    }

    /// <summary>Messages up to this id were there before the analysis started listening (the start-up catch-up takes them).</summary>
    public void Started(long latestId) => Interlocked.Exchange(ref _floor, latestId);

    /// <summary>
    /// The bus dropped events for the analysis (its subscription overflowed): every post after the previous such point
    /// is looked at again. Safe because the bus's queue was empty at that point, so all it dropped since came later.
    /// </summary>
    public void Missed(long lastSeenId)
    {
        lock (_lock)
        {
            _postsFrom = Math.Min(_postsFrom ?? long.MaxValue, Interlocked.Exchange(ref _floor, lastSeenId) + 1);
            _gaps++;
        }
        ReportIfDue();
    }

    /// <summary>Takes the work for one catch-up pass (the load fell); the count is logged when its interval is due.</summary>
    public (long? PostsFrom, IReadOnlyList<long> Edits) Take()
    {
        (long?, IReadOnlyList<long>) work;
        lock (_lock)
        {
            work = (_postsFrom, [.. _edits.Order()]);
            _postsFrom = null;
            _postsPutAside = 0;
            _edits.Clear();
        }
        ReportIfDue();
        return work;
    }

    /// <summary>How long until the drops not logged yet may be logged; null when there are none.</summary>
    public TimeSpan? LogDueIn()
    {
        lock (_lock)
            return _unlogged == 0 && _gaps == 0 ? null : TimeSpan.FromTicks(Math.Max(0, (_nextLogAt - clock.GetUtcNow()).Ticks));
    }

    /// <summary>Logs the count of what did not fit when a line is due (at most one per interval).</summary>
    public void ReportIfDue()
    {
        Unlogged counts;
        lock (_lock)
        {
            var now = clock.GetUtcNow();
            if (now < _nextLogAt || (_unlogged == 0 && _gaps == 0))
                return;
            _nextLogAt = now + options.Value.BehindLogInterval;
            counts = TakeCounts();
        }
        Log(counts);
    }

    // Call under the lock.
    private Unlogged TakeCounts()
    {
        var counts = new Unlogged(_unlogged, _editsForgotten, _gaps);
        (_unlogged, _editsForgotten, _gaps) = (0, 0, 0);
        return counts;
    }

    private void Log(Unlogged counts) =>
        logger.LogWarning(
            "Analysis fell behind: {Count} {Messages} did not fit in its queue (Analysis:QueueCapacity {Capacity}) and will be analysed when the load falls" +
            " (edits keeping their earlier analysis: {Forgotten}; gaps in the event feed, checked again: {Gaps})",
            counts.Messages, counts.Messages == 1 ? "message" : "messages", options.Value.QueueCapacity, counts.EditsForgotten, counts.Gaps);

    private readonly record struct Unlogged(int Messages, int EditsForgotten, int Gaps);
}
