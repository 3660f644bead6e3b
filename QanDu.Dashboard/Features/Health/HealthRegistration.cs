namespace QanDu.Dashboard.Features.Health;

internal static class HealthRegistration
{
    /// <summary>The health report behind <c>/admin/health</c>, <c>/health</c> and <c>/health/details</c>.</summary>
    public static WebApplicationBuilder AddHealth(this WebApplicationBuilder builder)
    {
        var services = builder.Services;
        services.AddOptions<HealthOptions>().BindConfiguration(HealthOptions.Section).ValidateDataAnnotations().ValidateOnStart();
        services.AddSingleton<DatabaseProbe>();
        services.AddSingleton<HealthReport>();
        return builder;
    }
}
