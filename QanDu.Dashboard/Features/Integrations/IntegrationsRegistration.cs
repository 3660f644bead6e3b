namespace QanDu.Dashboard.Features.Integrations;

internal static class IntegrationsRegistration
{
    /// <summary>The services behind <c>/hubs/chat</c>; SignalR itself and the hub's route are set up in Hosting.</summary>
    public static WebApplicationBuilder AddIntegrations(this WebApplicationBuilder builder)
    {
        builder.Services.AddSingleton<ThreadFeed>();
        builder.Services.AddSingleton<IntegrationConnections>();
        builder.Services.AddSingleton<IntegrationHubErrors>();
        return builder;
    }
}
