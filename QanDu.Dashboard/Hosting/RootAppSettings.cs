using Microsoft.Extensions.Configuration.Json;

namespace QanDu.Dashboard.Hosting;

internal static class RootAppSettings
{
    /// <summary>
    /// The repository root's appsettings.json is the one configuration file. It is copied beside the binaries
    /// (run and publish), and loaded where the default appsettings.json would be, so environment variables,
    /// user-secrets and the command line still override it.
    /// </summary>
    public static void AddRootAppSettings(this ConfigurationManager configuration)
    {
        var path = Path.Combine(AppContext.BaseDirectory, "appsettings.root.json");
        var sources = configuration.Sources;
        var defaultIndex = sources.Select((s, i) => (s, i))
            .FirstOrDefault(x => x.s is JsonConfigurationSource { Path: "appsettings.json" }).i;
        var source = new JsonConfigurationSource { Path = path, Optional = true, ReloadOnChange = false };
        source.ResolveFileProvider();
        sources.Insert(defaultIndex, source);
    }
}
