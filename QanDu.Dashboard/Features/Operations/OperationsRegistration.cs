using Microsoft.AspNetCore.Components.Server.Circuits;
using Microsoft.AspNetCore.SignalR;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace QanDu.Dashboard.Features.Operations;

internal static class OperationsRegistration
{
    /// <summary>Shared operations state (backups, webhooks, connections, errors) and the app's meter.</summary>
    public static WebApplicationBuilder AddOperations(this WebApplicationBuilder builder)
    {
        var services = builder.Services;
        services.AddMetrics();
        services.AddSingleton<BackupState>();
        services.AddSingleton<WebhookState>();
        services.AddSingleton<RecentErrors>();
        services.AddSingleton<QanduMetrics>();
        services.AddSingleton<ConnectionCounts>();
        services.TryAddEnumerable(ServiceDescriptor.Scoped<CircuitHandler, CountingCircuitHandler>());
        services.AddSingleton<CountingHubFilter>();
        services.Configure<HubOptions>(o => o.AddFilter<CountingHubFilter>());
        return builder;
    }
}
