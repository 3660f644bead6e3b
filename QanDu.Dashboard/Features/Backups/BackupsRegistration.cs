using Microsoft.Extensions.Options;

namespace QanDu.Dashboard.Features.Backups;

/// <summary>Registers scheduled and run-now backups, their records and the admins' page and API (called once from <c>Hosting</c>).</summary>
internal static class BackupsRegistration
{
    public static WebApplicationBuilder AddBackups(this WebApplicationBuilder builder)
    {
        var services = builder.Services;
        services.AddOptions<BackupOptions>().BindConfiguration(BackupOptions.Section).ValidateOnStart();
        services.AddSingleton<IValidateOptions<BackupOptions>, BackupOptionsValidator>();
        services.AddSingleton<BackupRunner>();
        services.AddSingleton<BackupCatalog>();
        services.AddHostedService<BackupScheduler>();
        return builder;
    }
}
