namespace QanDu.Dashboard.Features.Health;

internal static class HealthRegistration
{
    public static WebApplicationBuilder AddHealth(this WebApplicationBuilder builder)
    {
        return builder;
    }
}
