namespace QanDu.Dashboard.Features.Channels;

public static class ChannelsRegistration
{
    public static WebApplicationBuilder AddChannels(this WebApplicationBuilder builder)
    {
        builder.Services.AddSingleton<ChannelLookup>();
        return builder;
    }
}
