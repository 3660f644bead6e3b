using Microsoft.AspNetCore.DataProtection;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using QanDu.Dashboard.Data;

namespace QanDu.Dashboard.Hosting;

internal static class DataRegistration
{
    public static WebApplicationBuilder AddChatDatabase(this WebApplicationBuilder builder)
    {
        builder.Services.AddOptions<DatabaseOptions>().BindConfiguration(DatabaseOptions.Section)
            .ValidateDataAnnotations().ValidateOnStart();
        var options = builder.Configuration.GetSection(DatabaseOptions.Section).Get<DatabaseOptions>() ?? new DatabaseOptions();
        var dataPath = options.DataPath(builder.Environment.ContentRootPath);
        Directory.CreateDirectory(dataPath);

        builder.Services.AddSingleton<SqlitePragmaInterceptor>(sp =>
            new SqlitePragmaInterceptor(sp.GetRequiredService<IOptions<DatabaseOptions>>().Value));
        // Pooled: every post, read and event handler takes a short-lived context, and building one from scratch
        // (service lookups, change tracker) was a measurable share of a post's CPU (BENCHMARKS.md).
        builder.Services.AddPooledDbContextFactory<ChatDbContext>((sp, db) => db
            .UseSqlite(options.ConnectionString(builder.Environment.ContentRootPath))
            .AddInterceptors(sp.GetRequiredService<SqlitePragmaInterceptor>()));

        // Sign-in cookies stay valid across restarts because the keys that protect them live beside the database.
        builder.Services.AddDataProtection()
            .SetApplicationName("QanDu.Dashboard")
            .PersistKeysToFileSystem(new DirectoryInfo(Path.Combine(dataPath, "keys")));
        return builder;
    }
}
