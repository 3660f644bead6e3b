using Microsoft.Extensions.Options;
using QanDu.Dashboard.Features.Presence;
using QanDu.Dashboard.Realtime;

namespace QanDu.Dashboard.Features.Monitoring;

/// <summary>Registers live supervision: who is viewing which conversation, whispers, and the live board (called once from <c>Hosting</c>).</summary>
public static class MonitoringRegistration
{
    public static WebApplicationBuilder AddMonitoring(this WebApplicationBuilder builder)
    {
        builder.Services.AddOptions<MonitoringOptions>().BindConfiguration(MonitoringOptions.Section)
            .ValidateDataAnnotations()
            .Validate(o => MonitoringOptions.IsKnownZone(o.TimeZone),
                "Monitoring:TimeZone must name a time zone this server knows, such as UTC or Europe/Berlin (docs/configuration.md, Live board).")
            .ValidateOnStart();
        builder.Services.AddSingleton<ConversationViewers>();
        builder.Services.AddSingleton<Whispers>();
        builder.Services.AddSingleton<BoardReader>();
        builder.Services.AddSingleton<BoardTodayReader>();
        // Its constructor takes the board's internal readers, so it is built here rather than by reflection.
        builder.Services.AddSingleton(sp => new LiveBoard(sp.GetRequiredService<IChatEvents>(), sp.GetRequiredService<BoardReader>(),
            sp.GetRequiredService<BoardTodayReader>(), sp.GetRequiredService<PresenceService>(), sp.GetRequiredService<ConversationViewers>(),
            sp.GetRequiredService<IOptions<MonitoringOptions>>(), sp.GetRequiredService<TimeProvider>(), sp.GetRequiredService<ILogger<LiveBoard>>()));
        return builder;
    }
}
