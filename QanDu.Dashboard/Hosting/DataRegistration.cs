using QanDu.Dashboard.Features.Activity;
using QanDu.Dashboard.Features.Webhooks;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using QanDu.Dashboard.Data;
using QanDu.Dashboard.Hosting.Backups;

namespace QanDu.Dashboard.Hosting;

internal static class DataRegistration
{
    public static WebApplicationBuilder AddChatDatabase(this WebApplicationBuilder builder)
    {
        builder.Services.AddOptions<DatabaseOptions>().BindConfiguration(DatabaseOptions.Section)
            .ValidateDataAnnotations().ValidateOnStart();
        var options = builder.Configuration.GetSection(DatabaseOptions.Section).Get<DatabaseOptions>() ?? new DatabaseOptions();
        var folder = DataFolder.From(options, builder.Environment.ContentRootPath);
        Directory.CreateDirectory(folder.Path);
        builder.Services.AddSingleton(folder);
        builder.Services.AddSingleton<DataFolderLock>();
        builder.Services.AddSingleton<BackupCommand>();
        builder.Services.AddSingleton<RestoreCommand>();

        builder.Services.AddSingleton<SqlitePragmaInterceptor>(sp =>
            new SqlitePragmaInterceptor(sp.GetRequiredService<IOptions<DatabaseOptions>>().Value));
        builder.Services.AddSingleton<StorageHealth>();
        builder.Services.AddSingleton<StorageHealthInterceptor>();
        builder.Services.AddSingleton<StorageSpace>();
        builder.Services.AddSingleton<ConversationActivityRecorder>();
        // Pooled: every post, read and event handler takes a short-lived context, and building one from scratch
        // (service lookups, change tracker) was a measurable share of a post's CPU (BENCHMARKS.md).
        builder.Services.AddPooledDbContextFactory<ChatDbContext>((sp, db) => db
            .UseSqlite(options.ConnectionString(builder.Environment.ContentRootPath))
            .AddInterceptors(sp.GetRequiredService<SqlitePragmaInterceptor>(), sp.GetRequiredService<StorageHealthInterceptor>(),
                sp.GetRequiredService<ConversationActivityRecorder>(), sp.GetRequiredService<WebhookOutbox>()));

        // Sign-in cookies stay valid across restarts because the keys that protect them live beside the database.
        builder.Services.AddDataProtection()
            .SetApplicationName("QanDu.Dashboard")
            .PersistKeysToFileSystem(new DirectoryInfo(folder.Keys));
        return builder;
    }

    /// <summary>
    /// Holds the data folder's shared lock for as long as the app (or a command) runs, so restore can tell it is in
    /// use; false, saying why, while a restore holds it.
    /// </summary>
    public static bool TryHoldDataFolder(this WebApplication app)
    {
        var folderLock = app.Services.GetRequiredService<DataFolderLock>();
        if (folderLock.TryShare())
            return true;
        Console.Error.WriteLine(
            $"The data folder {app.Services.GetRequiredService<DataFolder>().Path} is being restored ({folderLock.Path} is held by the " +
            "restore command). Start the app again when the restore has finished.");
        return false;
    }
}
