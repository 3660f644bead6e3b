namespace QanDu.Dashboard.Features.Backups;

internal static class BackupsRegistration
{
    public static WebApplicationBuilder AddBackups(this WebApplicationBuilder builder)
    {
        return builder;
    }
}
