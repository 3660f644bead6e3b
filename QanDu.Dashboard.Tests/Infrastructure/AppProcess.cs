using System.Diagnostics;
using System.Text;

namespace QanDu.Dashboard.Tests.Infrastructure;

/// <summary>How a run of the app in its own process ended: its exit code (null: it was still running at the timeout and was killed).</summary>
public sealed record AppRun(int? ExitCode, string Output, string Error)
{
    public override string ToString() =>
        $"exit code {(ExitCode is { } code ? code : "none: still running at the timeout, killed")}; stdout: {Output.Trim()}; stderr: {Error.Trim()}";
}

/// <summary>
/// The app as an admin runs it, <c>dotnet QanDu.Dashboard.dll [command]</c>, in a process of its own (the dll and its
/// runtimeconfig are built beside the tests), on a given data folder and a free loopback port.
/// </summary>
public static class AppProcess
{
    public static async Task<AppRun> RunAsync(string dataFolder, IEnumerable<string> args, TimeSpan timeout,
        IReadOnlyDictionary<string, string>? environment = null)
    {
        var dll = Path.Combine(AppContext.BaseDirectory, "QanDu.Dashboard.dll");
        var info = new ProcessStartInfo("dotnet")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            WorkingDirectory = AppContext.BaseDirectory,
        };
        info.ArgumentList.Add(dll);
        foreach (var arg in args)
            info.ArgumentList.Add(arg);
        info.Environment["Storage__DataDirectory"] = dataFolder;
        info.Environment["Urls"] = "http://127.0.0.1:0"; // if it ever starts a server, on loopback and a free port
        info.Environment["Logging__LogLevel__Default"] = "Warning";
        info.Environment["Logging__LogLevel__Microsoft.AspNetCore.DataProtection"] = "Error";
        foreach (var (name, value) in environment ?? new Dictionary<string, string>())
            info.Environment[name] = value;

        using var process = Process.Start(info) ?? throw new InvalidOperationException("Could not start dotnet.");
        var output = new StringBuilder();
        var error = new StringBuilder();
        process.OutputDataReceived += (_, e) => Append(output, e.Data);
        process.ErrorDataReceived += (_, e) => Append(error, e.Data);
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        using var cancel = new CancellationTokenSource(timeout);
        int? exitCode;
        try
        {
            await process.WaitForExitAsync(cancel.Token);
            process.WaitForExit(); // flushes the redirected output
            exitCode = process.ExitCode;
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            await process.WaitForExitAsync(CancellationToken.None);
            exitCode = null;
        }
        lock (output)
        lock (error)
            return new AppRun(exitCode, output.ToString(), error.ToString());
    }

    private static void Append(StringBuilder text, string? line)
    {
        if (line is null)
            return;
        lock (text)
            text.AppendLine(line);
    }
}
