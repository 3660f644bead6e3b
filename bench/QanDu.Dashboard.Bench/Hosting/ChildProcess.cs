using System.Diagnostics;
using System.Net;
using System.Net.Sockets;

namespace QanDu.Dashboard.Bench.Hosting;

/// <summary>Starting and stopping the bench's child processes (a model server, the app on its own).</summary>
public static class ChildProcess
{
    /// <summary>
    /// <c>dotnet &lt;dll&gt; args</c>, pinned to <paramref name="pinToCore"/> with <c>taskset</c> when it is installed and the
    /// core exists (taskset execs dotnet, so the process started is dotnet itself). Output is redirected: read it.
    /// </summary>
    public static (ProcessStartInfo Info, int? PinnedCore) Dotnet(string dll, IEnumerable<string> args, int? pinToCore)
    {
        var pinned = pinToCore is { } core && core < Environment.ProcessorCount && Taskset() is not null ? pinToCore : null;
        var info = new ProcessStartInfo(pinned is null ? "dotnet" : Taskset()!)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            WorkingDirectory = Path.GetDirectoryName(dll)!,
        };
        if (pinned is not null)
        {
            info.ArgumentList.Add("-c");
            info.ArgumentList.Add($"{pinned}");
            info.ArgumentList.Add("dotnet");
        }
        info.ArgumentList.Add(dll);
        foreach (var arg in args)
            info.ArgumentList.Add(arg);
        return (info, pinned);
    }

    /// <summary>Kills a child started by the bench (and anything it started), waits for it, releases it.</summary>
    public static void Kill(Process process)
    {
        try
        {
            if (!process.HasExited)
            {
                process.Kill(entireProcessTree: true);
                process.WaitForExit(5_000);
            }
        }
        catch (InvalidOperationException)
        {
            // It exited meanwhile.
        }
        finally
        {
            process.Dispose();
        }
    }

    /// <summary>A loopback port free right now (the OS picked it; it is released for the child to take).</summary>
    public static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var port = ((IPEndPoint)listener.LocalEndpoint).Port;
        listener.Stop();
        return port;
    }

    private static string? Taskset() =>
        OperatingSystem.IsLinux()
            ? (Environment.GetEnvironmentVariable("PATH") ?? "").Split(':').Select(dir => Path.Combine(dir, "taskset")).FirstOrDefault(File.Exists)
            : null;
}
