using System.Diagnostics;

namespace QanDu.Dashboard.Bench.Hosting;

/// <summary>CPU time used by this process between two points, and the memory figures a scenario reports.</summary>
public static class ProcessCpu
{
    public static TimeSpan Now()
    {
        using var process = Process.GetCurrentProcess();
        return process.TotalProcessorTime;
    }

    /// <summary>The managed heap after a full, blocking, compacting collection: what live objects really hold.</summary>
    public static long HeapAfterFullGc()
    {
        for (var i = 0; i < 3; i++)
        {
            GC.Collect(GC.MaxGeneration, GCCollectionMode.Forced, blocking: true, compacting: true);
            GC.WaitForPendingFinalizers();
        }
        return GC.GetTotalMemory(forceFullCollection: true);
    }
}
