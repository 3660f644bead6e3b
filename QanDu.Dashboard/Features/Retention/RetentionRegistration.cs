namespace QanDu.Dashboard.Features.Retention;

internal static class RetentionRegistration
{
    public static WebApplicationBuilder AddRetention(this WebApplicationBuilder builder)
    {
        builder.Services.AddSingleton<RetentionService>();
        builder.Services.AddHostedService<RetentionSchedule>();
        return builder;
    }
}
