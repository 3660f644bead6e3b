using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;

namespace QanDu.Dashboard.Bench.Hosting;

/// <summary>What the model server did for one streamed answer, in <see cref="Stopwatch"/> timestamps.</summary>
public sealed record ServedStream(int Tag, long Arrived, long Received, long FirstTokenSent, long Ended, int Tokens);

/// <summary>
/// The bench's handle on a <see cref="FakeOpenAiProcess"/> child: starts it (on its own core where taskset allows),
/// reads its address and its per-answer reports, and kills it on dispose, whatever happened.
/// </summary>
public sealed class FakeOpenAiChild : IDisposable
{
    private readonly Process _process;
    private readonly TaskCompletionSource<string> _root = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly ConcurrentQueue<string> _errors = new();

    private FakeOpenAiChild(Process process) => _process = process;

    /// <summary>The server's OpenAI endpoint, e.g. <c>http://127.0.0.1:41234/v1</c>.</summary>
    public string Endpoint { get; private set; } = "";

    /// <summary>Which core the server is pinned to, or null when it shares all of them.</summary>
    public int? PinnedCore { get; private set; }

    public ConcurrentDictionary<int, ServedStream> Served { get; } = new();

    public static async Task<FakeOpenAiChild> StartAsync(FakeOpenAiSettings settings, int? pinToCore, CancellationToken ct)
    {
        var benchDll = Path.Combine(AppContext.BaseDirectory, "QanDu.Dashboard.Bench.dll");
        var start = ChildProcess.Dotnet(benchDll, settings.ToArgs(), pinToCore);
        start.Info.RedirectStandardInput = true; // closed when we go: the server then exits by itself
        var child = new FakeOpenAiChild(Process.Start(start.Info) ?? throw new InvalidOperationException("Could not start the model server."))
        {
            PinnedCore = start.PinnedCore,
        };
        try
        {
            child._process.OutputDataReceived += (_, e) => child.OnLine(e.Data);
            child._process.ErrorDataReceived += (_, e) =>
            {
                if (e.Data is { Length: > 0 } line)
                    child._errors.Enqueue(line);
            };
            child._process.BeginOutputReadLine();
            child._process.BeginErrorReadLine();
            var root = await child._root.Task.WaitAsync(TimeSpan.FromSeconds(30), ct);
            child.Endpoint = $"{root}/v1";
            return child;
        }
        catch
        {
            child.Dispose();
            throw;
        }
    }

    /// <summary>The first lines the server wrote to stderr, for an error message.</summary>
    public string Errors => string.Join(" / ", _errors.Take(5));

    private void OnLine(string? line)
    {
        if (line is null)
        {
            _root.TrySetException(new InvalidOperationException($"The model server exited before it listened. {Errors}"));
            return;
        }
        var parts = line.Split(' ');
        switch (parts)
        {
            case ["listening", var root, var frequency]:
                if (long.Parse(frequency, CultureInfo.InvariantCulture) != Stopwatch.Frequency)
                    _root.TrySetException(new InvalidOperationException("The model server's clock differs from ours; its timestamps cannot be compared."));
                _root.TrySetResult(root);
                break;
            case ["stream", var tag, var arrived, var received, var first, var ended, var tokens] when int.TryParse(tag, out var id):
                Served[id] = new ServedStream(id, Long(arrived), Long(received), Long(first), Long(ended), int.Parse(tokens, CultureInfo.InvariantCulture));
                break;
        }
    }

    private static long Long(string text) => long.Parse(text, CultureInfo.InvariantCulture);

    public void Dispose() => ChildProcess.Kill(_process);
}
