namespace QanDu.Dashboard.Features.Telemetry;

internal static class TelemetryRegistration
{
    public static WebApplicationBuilder AddTelemetry(this WebApplicationBuilder builder)
    {
        return builder;
    }
}
