namespace QanDu.Dashboard.Features.Sla;

/// <summary>Registers SLA policies and their clock (called once from <c>Hosting</c>).</summary>
public static class SlaRegistration
{
    public static WebApplicationBuilder AddSla(this WebApplicationBuilder builder)
    {
        var services = builder.Services;
        services.AddSingleton<SlaPolicyService>();
        services.AddSingleton<SlaBook>();
        services.AddSingleton<SlaTargetRollup>();
        services.AddScoped<Components.SlaLookups>();
        services.AddSingleton<SlaMonitor>();
        services.AddHostedService(sp => sp.GetRequiredService<SlaMonitor>());
        return builder;
    }
}
