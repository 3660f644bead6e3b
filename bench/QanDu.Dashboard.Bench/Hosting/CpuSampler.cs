using System.Diagnostics;

namespace QanDu.Dashboard.Bench.Hosting;

/// <summary>
/// Samples this process's CPU time every few tens of milliseconds, so a scenario can read the CPU used between two
/// moments it only knows afterwards (for example: from the last stream's first token to the first stream's end).
/// </summary>
public sealed class CpuSampler : IAsyncDisposable
{
    private readonly List<(long At, TimeSpan Cpu)> _samples = [];
    private readonly CancellationTokenSource _stop = new();
    private readonly Task _loop;

    public CpuSampler(TimeSpan every) => _loop = Task.Run(() => SampleAsync(every));

    private async Task SampleAsync(TimeSpan every)
    {
        using var timer = new PeriodicTimer(every);
        do
        {
            var sample = (Stopwatch.GetTimestamp(), ProcessCpu.Now());
            lock (_samples)
                _samples.Add(sample);
        }
        while (await WaitAsync(timer));
    }

    private async Task<bool> WaitAsync(PeriodicTimer timer)
    {
        try
        {
            return await timer.WaitForNextTickAsync(_stop.Token);
        }
        catch (OperationCanceledException)
        {
            return false;
        }
    }

    /// <summary>The CPU time at <paramref name="timestamp"/>, interpolated between the samples around it.</summary>
    public TimeSpan CpuAt(long timestamp)
    {
        lock (_samples)
        {
            if (_samples.Count == 0)
                throw new InvalidOperationException("No CPU samples yet.");
            var after = _samples.FindIndex(s => s.At >= timestamp);
            if (after <= 0)
                return after == 0 ? _samples[0].Cpu : _samples[^1].Cpu;
            var (t0, c0) = _samples[after - 1];
            var (t1, c1) = _samples[after];
            var share = t1 == t0 ? 0 : (double)(timestamp - t0) / (t1 - t0);
            return c0 + (c1 - c0) * share;
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        await _loop;
        _stop.Dispose();
    }
}
