namespace QanDu.Dashboard.Features.Monitoring;

/// <summary>Registers live supervision: who is viewing which conversation, whispers, and the live board (called once from <c>Hosting</c>).</summary>
public static class MonitoringRegistration
{
    public static WebApplicationBuilder AddMonitoring(this WebApplicationBuilder builder)
    {
        builder.Services.AddSingleton<ConversationViewers>();
        builder.Services.AddSingleton<Whispers>();
        return builder;
    }
}
