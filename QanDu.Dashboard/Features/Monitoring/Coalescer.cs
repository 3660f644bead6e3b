using Stopwatch = System.Diagnostics.Stopwatch;

namespace QanDu.Dashboard.Features.Monitoring;

/// <summary>
/// Runs some work at most once per interval however often it is asked for (in real time, so a frozen test clock never
/// freezes it): a request while a run is scheduled joins that run; a run failing is logged and the next request tries again.
/// </summary>
internal sealed class Coalescer(TimeSpan interval, Func<CancellationToken, Task> work, ILogger logger, string what, CancellationToken stopping)
{
    private int _scheduled;
    private long _lastRun;

    /// <summary>Counts a run done outside (e.g. the first load), so the next one waits its interval from now.</summary>
    public void MarkRun() => Volatile.Write(ref _lastRun, Stopwatch.GetTimestamp());

    public void Request()
    {
        if (Interlocked.Exchange(ref _scheduled, 1) == 1)
            return;
        _ = Task.Run(async () =>
        {
            try
            {
                var wait = interval - Stopwatch.GetElapsedTime(Volatile.Read(ref _lastRun));
                if (wait > TimeSpan.Zero)
                    await Task.Delay(wait, stopping);
                Volatile.Write(ref _scheduled, 0); // a request from here on schedules the next run
                MarkRun();
                await work(stopping);
            }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                Volatile.Write(ref _scheduled, 0);
                logger.LogError(ex, "The live board failed to {What}", what);
            }
        });
    }
}
