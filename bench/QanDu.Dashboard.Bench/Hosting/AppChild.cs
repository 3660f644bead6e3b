using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;
using System.Net.Http.Json;
using System.Text.Json;

namespace QanDu.Dashboard.Bench.Hosting;

/// <summary>One line the app wrote, and when (since <see cref="Process.Start()"/>).</summary>
public sealed record AppLine(TimeSpan At, string Text);

/// <summary>
/// The app as an admin runs it: <c>dotnet QanDu.Dashboard.dll</c> in its own process (the dll and its runtimeconfig
/// are copied beside the bench's), on a given data folder and a free loopback port, default settings otherwise.
/// Times the start until <c>/health</c> answers Healthy and reads the process's memory from /proc.
/// </summary>
public sealed class AppChild : IDisposable
{
    private readonly Process _process;
    private readonly Stopwatch _clock;
    private readonly ConcurrentQueue<AppLine> _lines = new();

    private AppChild(Process process, Stopwatch clock, Uri root, int? pinnedCore)
    {
        _process = process;
        _clock = clock;
        Root = root;
        PinnedCore = pinnedCore;
    }

    public Uri Root { get; }

    public int? PinnedCore { get; }

    public IReadOnlyCollection<AppLine> Lines => _lines;

    public static string AppDll()
    {
        var dll = Path.Combine(AppContext.BaseDirectory, "QanDu.Dashboard.dll");
        if (!File.Exists(dll) || !File.Exists(Path.ChangeExtension(dll, ".runtimeconfig.json")))
            throw new InvalidOperationException($"QanDu.Dashboard.dll and its runtimeconfig.json are not beside the bench in {AppContext.BaseDirectory}.");
        return dll;
    }

    /// <param name="environment">Further variables, for example <c>DOTNET_gcServer</c> to try a garbage collector setting.</param>
    public static AppChild Start(string dataFolder, int? pinToCore, IReadOnlyDictionary<string, string>? environment = null)
    {
        var port = ChildProcess.FreePort();
        var (info, pinned) = ChildProcess.Dotnet(AppDll(), [], pinToCore);
        foreach (var (name, value) in environment ?? new Dictionary<string, string>())
            info.Environment[name] = value;
        foreach (var (name, value) in BenchApp.UnlimitedRequests)
            info.Environment[name.Replace(":", "__", StringComparison.Ordinal)] = value;
        info.Environment["Storage__DataDirectory"] = dataFolder;
        info.Environment["Urls"] = $"http://127.0.0.1:{port}";
        info.Environment["ASPNETCORE_ENVIRONMENT"] = "Production"; // what an admin runs, whatever this shell says
        info.Environment.Remove("DOTNET_ENVIRONMENT");
        var clock = Stopwatch.StartNew();
        var process = Process.Start(info) ?? throw new InvalidOperationException("Could not start the app.");
        var child = new AppChild(process, clock, new Uri($"http://127.0.0.1:{port}/"), pinned);
        process.OutputDataReceived += (_, e) => child.OnLine(e.Data);
        process.ErrorDataReceived += (_, e) => child.OnLine(e.Data);
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return child;
    }

    private void OnLine(string? line)
    {
        if (!string.IsNullOrWhiteSpace(line))
            _lines.Enqueue(new AppLine(_clock.Elapsed, line.Trim()));
    }

    /// <summary>Polls <c>/health</c> every ~20 ms; returns the time from the process start to its first 200 (Healthy or Degraded).</summary>
    public async Task<TimeSpan> WaitUntilHealthyAsync(TimeSpan timeout, CancellationToken ct)
    {
        using var http = new HttpClient { BaseAddress = Root, Timeout = TimeSpan.FromSeconds(2) };
        while (_clock.Elapsed < timeout)
        {
            ct.ThrowIfCancellationRequested();
            if (_process.HasExited)
                throw new InvalidOperationException($"The app exited with code {_process.ExitCode} before it was healthy: {Tail()}");
            try
            {
                using var response = await http.GetAsync("health", ct);
                // 200: Healthy or Degraded (e.g. a recent error in the log); 503 is Unhealthy.
                if ((int)response.StatusCode == 200)
                    return _clock.Elapsed;
            }
            catch (Exception e) when (e is HttpRequestException or TaskCanceledException && !ct.IsCancellationRequested)
            {
                // Not listening yet (or too busy to answer within the client's timeout): ask again.
            }
            await Task.Delay(20, ct);
        }
        throw new TimeoutException($"The app was not healthy within {timeout.TotalSeconds:0} s: {Tail()}");
    }

    /// <summary>Resident memory figures from /proc (kB values turned into bytes), e.g. VmRSS, VmHWM, RssAnon, RssFile.</summary>
    public IReadOnlyDictionary<string, long> Memory()
    {
        var figures = new Dictionary<string, long>();
        foreach (var line in File.ReadLines($"/proc/{_process.Id}/status"))
        {
            var parts = line.Split(':', 2);
            if (parts.Length == 2 && parts[1].Trim().Split(' ') is [var kb, "kB"])
                figures[parts[0]] = long.Parse(kb, CultureInfo.InvariantCulture) * 1024;
        }
        return figures;
    }

    /// <summary>
    /// Which garbage collector the app runs, from its threads' names: Server GC starts ".NET Server GC" threads,
    /// Workstation GC with background collection a ".NET BGC" thread.
    /// </summary>
    public string Collector()
    {
        var names = Directory.EnumerateDirectories($"/proc/{_process.Id}/task")
            .Select(task => { try { return File.ReadAllText(Path.Combine(task, "comm")).Trim(); } catch (IOException) { return ""; } })
            .ToList();
        var server = names.Count(n => n == ".NET Server GC");
        return server > 0 ? $"Server GC ({server} GC threads)" : names.Contains(".NET BGC") ? "Workstation GC, concurrent" : "Workstation GC, non-concurrent";
    }

    /// <summary>CPU time the app used so far (user and system, all its threads): less noisy than wall time on a busy machine.</summary>
    public TimeSpan CpuTime()
    {
        _process.Refresh();
        return _process.TotalProcessorTime;
    }

    /// <summary>The app's last lines, for an error message.</summary>
    public string Tail(int lines = 6) => string.Join(" / ", _lines.TakeLast(lines).Select(l => l.Text));

    public void Dispose() => ChildProcess.Kill(_process);
}
