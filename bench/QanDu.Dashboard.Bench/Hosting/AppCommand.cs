using System.Diagnostics;

namespace QanDu.Dashboard.Bench.Hosting;

/// <summary>How a command of the app ended, and how long its process ran (including .NET's start).</summary>
public sealed record CommandRun(int ExitCode, string Output, TimeSpan Elapsed)
{
    public override string ToString() => $"exit code {ExitCode} after {Elapsed.TotalSeconds:0.0} s: {Output.Trim()}";
}

/// <summary>A command of the app (<c>dotnet QanDu.Dashboard.dll backup …</c>) in its own process, as an admin runs it.</summary>
public static class AppCommand
{
    public static async Task<CommandRun> RunAsync(string dataFolder, IEnumerable<string> args, TimeSpan timeout, CancellationToken ct)
    {
        var (info, _) = ChildProcess.Dotnet(AppChild.AppDll(), args, pinToCore: null);
        info.Environment["Storage__DataDirectory"] = dataFolder;
        info.Environment["Logging__LogLevel__Default"] = "Warning";
        info.Environment["ASPNETCORE_ENVIRONMENT"] = "Production";
        info.Environment.Remove("DOTNET_ENVIRONMENT");
        var clock = Stopwatch.StartNew();
        using var process = Process.Start(info) ?? throw new InvalidOperationException("Could not start the app's command.");
        var output = process.StandardOutput.ReadToEndAsync(ct);
        var error = process.StandardError.ReadToEndAsync(ct);
        using var bounded = CancellationTokenSource.CreateLinkedTokenSource(ct);
        bounded.CancelAfter(timeout);
        try
        {
            await process.WaitForExitAsync(bounded.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"{string.Join(' ', args)} did not finish within {timeout.TotalSeconds:0} s.");
        }
        return new CommandRun(process.ExitCode, await output + await error, clock.Elapsed);
    }
}
