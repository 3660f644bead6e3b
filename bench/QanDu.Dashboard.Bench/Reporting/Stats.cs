using System.Globalization;

namespace QanDu.Dashboard.Bench.Reporting;

/// <summary>Latency samples in milliseconds; thread-safe to add from many senders.</summary>
public sealed class Latencies
{
    private readonly List<double> _samples = [];

    public int Count
    {
        get { lock (_samples) return _samples.Count; }
    }

    public void Add(double milliseconds)
    {
        lock (_samples)
            _samples.Add(milliseconds);
    }

    public void Add(TimeSpan elapsed) => Add(elapsed.TotalMilliseconds);

    public void AddRange(IEnumerable<double> milliseconds)
    {
        lock (_samples)
            _samples.AddRange(milliseconds);
    }

    /// <summary>The nearest-rank percentile (p in 0..100) of the samples so far.</summary>
    public double Percentile(double p)
    {
        double[] sorted;
        lock (_samples)
            sorted = [.. _samples];
        if (sorted.Length == 0)
            throw new InvalidOperationException("No samples were recorded.");
        Array.Sort(sorted);
        var rank = (int)Math.Ceiling(p / 100 * sorted.Length);
        return sorted[Math.Clamp(rank - 1, 0, sorted.Length - 1)];
    }

    public double Median => Percentile(50);
    public double P95 => Percentile(95);
    public double P99 => Percentile(99);
    public double Max => Percentile(100);

    /// <summary>"median 1.2 ms · p95 3.4 ms · p99 5.6 ms".</summary>
    public string Summary() => $"median {Ms(Median)} · p95 {Ms(P95)} · p99 {Ms(P99)}";

    public static string Ms(double milliseconds) => milliseconds switch
    {
        < 1 => $"{milliseconds.ToString("0.00", CultureInfo.InvariantCulture)} ms",
        < 100 => $"{milliseconds.ToString("0.0", CultureInfo.InvariantCulture)} ms",
        _ => $"{milliseconds.ToString("N0", CultureInfo.InvariantCulture)} ms",
    };
}

public static class Figures
{
    public static string Count(double value) => value.ToString("N0", CultureInfo.InvariantCulture);

    public static string Rate(double perSecond, string unit = "msg/s") => $"{Count(perSecond)} {unit}";

    public static string Bytes(double bytes) => bytes switch
    {
        >= 1024 * 1024 => $"{(bytes / 1024 / 1024).ToString("0.0", CultureInfo.InvariantCulture)} MB",
        >= 1024 => $"{(bytes / 1024).ToString("0", CultureInfo.InvariantCulture)} KB",
        _ => $"{bytes:0} B",
    };
}
