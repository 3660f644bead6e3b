using System.Net;
using System.Net.Sockets;
using Microsoft.Extensions.AI;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using QanDu.Dashboard.Data.Entities;
using QanDu.Dashboard.Features.Assistant.Context;
using QanDu.Dashboard.Features.Assistant.Providers;
using QanDu.Dashboard.Features.Operations;

namespace QanDu.Dashboard.Tests.Features.Assistant.Providers;

/// <summary>Settings pointing either provider at the fake server, and the client the app's own registration builds from them.</summary>
internal static class AiTestSettings
{
    public const string Key = "test-key";

    public static Dictionary<string, string?> For(string provider, string serverRoot, string? key = Key)
    {
        var settings = new Dictionary<string, string?>
        {
            ["Ai:Provider"] = provider,
            ["Ai:FirstTokenTimeout"] = "00:00:10",
            ["Ai:RetryBaseDelay"] = "00:00:00.050",
        };
        if (provider == "AzureOpenAI")
        {
            settings["Ai:AzureOpenAI:Endpoint"] = serverRoot;
            settings["Ai:AzureOpenAI:Deployment"] = "test-deployment";
            settings["Ai:AzureOpenAI:ApiKey"] = key;
        }
        else
        {
            settings["Ai:OpenAI:Endpoint"] = $"{serverRoot}/v1";
            settings["Ai:OpenAI:Model"] = "test-model";
            settings["Ai:OpenAI:ApiKey"] = key;
        }
        return settings;
    }

    public static ServiceProvider Services(Dictionary<string, string?> settings)
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(settings).Build();
        var services = new ServiceCollection();
        services.AddLogging();
        services.AddSingleton(TimeProvider.System);
        services.AddSingleton<IConfiguration>(configuration);
        AddMetering(services);
        services.AddAiProvider(configuration);
        return services.BuildServiceProvider(new ServiceProviderOptions { ValidateOnBuild = true });
    }

    /// <summary>What the provider's metering layer needs, as the app registers it (the qandu.* meter and the token counter).</summary>
    public static void AddMetering(IServiceCollection services)
    {
        services.AddMetrics();
        services.AddSingleton<BackupState>();
        services.AddSingleton<WebhookState>();
        services.AddSingleton<RecentErrors>();
        services.AddSingleton<ConnectionCounts>();
        services.AddSingleton<QanduMetrics>();
        services.AddSingleton<TokenCounter>();
    }

    public static IChatClient Client(ServiceProvider services) => services.GetRequiredService<IChatClient>();

    /// <summary>A loopback address where nothing listens: a port just released.</summary>
    public static string ClosedPortRoot()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var port = ((IPEndPoint)listener.LocalEndpoint).Port;
        listener.Stop();
        return $"http://127.0.0.1:{port}";
    }
}
