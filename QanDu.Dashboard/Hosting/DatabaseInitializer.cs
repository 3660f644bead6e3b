using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using QanDu.Dashboard.Data;
using QanDu.Dashboard.Features.Access;
using QanDu.Dashboard.Features.AiSettings;
using QanDu.Dashboard.Features.Demo;

namespace QanDu.Dashboard.Hosting;

/// <summary>Brings the database to the current schema, makes sure the roles exist, and seeds demo data on first run.</summary>
internal sealed class DatabaseInitializer(
    IDbContextFactory<ChatDbContext> dbFactory,
    RoleManager<IdentityRole> roles,
    DemoSeeder demo,
    AssistantSettingsStore assistantSettings,
    IOptions<DemoOptions> demoOptions,
    ILogger<DatabaseInitializer> logger)
{
    public async Task InitializeAsync(bool seedDemo, CancellationToken ct)
    {
        await using (var db = await dbFactory.CreateDbContextAsync(ct))
        {
            var pending = (await db.Database.GetPendingMigrationsAsync(ct)).ToList();
            if (pending.Count > 0)
            {
                logger.LogInformation("Applying {Count} database migration(s): {Names}", pending.Count, string.Join(", ", pending));
                await db.Database.MigrateAsync(ct);
            }
        }
        await assistantSettings.LoadAsync(ct);
        foreach (var role in Roles.All)
            if (!await roles.RoleExistsAsync(role))
                await roles.CreateAsync(new IdentityRole(role));

        if (seedDemo && demoOptions.Value.SeedOnEmptyDatabase)
        {
            await using var db = await dbFactory.CreateDbContextAsync(ct);
            if (!await db.Users.AnyAsync(ct))
                await demo.SeedAsync(ct);
        }
    }
}
