using QanDu.Dashboard.Features.Channels.Routing;

namespace QanDu.Dashboard.Features.Channels;

/// <summary>Registers website channels and routing (called once from <c>Hosting</c>).</summary>
public static class ChannelsRegistration
{
    public static WebApplicationBuilder AddChannels(this WebApplicationBuilder builder)
    {
        builder.Services.AddSingleton<ChannelLookup>();
        builder.Services.AddSingleton<ChannelService>();
        builder.Services.AddOptions<RoutingOptions>().BindConfiguration(RoutingOptions.Section).ValidateDataAnnotations().ValidateOnStart();
        builder.Services.AddSingleton<AgentPicker>();
        builder.Services.AddSingleton<ConversationRouter>();
        builder.Services.AddHostedService(sp => sp.GetRequiredService<ConversationRouter>());
        return builder;
    }
}
