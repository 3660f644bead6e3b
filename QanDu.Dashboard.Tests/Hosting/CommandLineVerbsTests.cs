using QanDu.Dashboard.Tests.Infrastructure;

namespace QanDu.Dashboard.Tests.Hosting;

/// <summary>The command line as an admin types it: <c>dotnet QanDu.Dashboard.dll &lt;command&gt;</c> in its own process.</summary>
public sealed class CommandLineVerbsTests
{
    [Fact]
    public async Task Main_MistypedCommand_PrintsTheCommandsAndExitsWithoutStartingTheServer()
    {
        using var folder = new TempDataFolder();

        var run = await AppProcess.RunAsync(folder.Path, ["create-agent", "--email", "someone@example.com"], TimeSpan.FromSeconds(30));

        run.ExitCode.Should().Be(2, $"a mistyped command must stop with an error, not start the server ({run})");
        run.Error.Should().Contain("Unknown command 'create-agent'")
            .And.ContainAll("create-admin", "create-api-key", "backup", "restore");
        Directory.EnumerateFileSystemEntries(folder.Path).Should().BeEmpty("nothing was created or seeded in the data folder");
    }
}
