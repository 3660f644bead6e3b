using System.Text.Json;

namespace QanDu.Dashboard.Tests.Hosting;

/// <summary>
/// The collector the app ships with is a choice measured in docs/operations.md ("Memory and garbage collection"):
/// workstation GC, concurrent. The runtime reads it from the app's runtimeconfig.json, which the build writes beside
/// the app; the Web SDK's own default (server GC) would come back silently if the project setting were dropped.
/// </summary>
public sealed class GarbageCollectorSettingTests
{
    [Fact]
    public void AppRuntimeConfig_ChoosesWorkstationConcurrentCollector()
    {
        var path = Path.Combine(AppContext.BaseDirectory, "QanDu.Dashboard.runtimeconfig.json");
        File.Exists(path).Should().BeTrue($"the build copies the app's runtimeconfig.json beside the tests ({path})");

        using var config = JsonDocument.Parse(File.ReadAllText(path));
        var properties = config.RootElement.GetProperty("runtimeOptions").GetProperty("configProperties");

        properties.GetProperty("System.GC.Server").GetBoolean().Should().BeFalse("the app ships with the workstation collector");
        properties.GetProperty("System.GC.Concurrent").GetBoolean().Should().BeTrue("background collections keep pauses short");
    }
}
