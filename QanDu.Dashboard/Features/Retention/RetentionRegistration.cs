namespace QanDu.Dashboard.Features.Retention;

internal static class RetentionRegistration
{
    public static WebApplicationBuilder AddRetention(this WebApplicationBuilder builder)
    {
        return builder;
    }
}
