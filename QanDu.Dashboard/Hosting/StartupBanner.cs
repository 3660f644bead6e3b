using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.Options;
using QanDu.Dashboard.Data;
using QanDu.Dashboard.Data.Entities;
using QanDu.Dashboard.Features.Assistant.Providers;
using QanDu.Dashboard.Features.Demo;

namespace QanDu.Dashboard.Hosting;

/// <summary>Tells the person who started the server where it is, where its data is, and how to sign in.</summary>
internal static class StartupBanner
{
    public static async Task PrintWhenStartedAsync(this WebApplication app)
    {
        await using var scope = app.Services.CreateAsyncScope();
        var users = scope.ServiceProvider.GetRequiredService<UserManager<AppUser>>();
        var demo = app.Services.GetRequiredService<IOptions<DemoOptions>>().Value;
        var demoAccounts = new List<string>();
        foreach (var person in DemoSeeder.DemoPeople.Where(p => p.Role is not null))
            if (await users.FindByEmailAsync(person.Email) is not null)
                demoAccounts.Add($"{person.Email} ({person.Role})");
        var anyUser = users.Users.Any();
        var database = app.Services.GetRequiredService<IOptions<DatabaseOptions>>().Value;
        var dataPath = database.DataPath(app.Environment.ContentRootPath);
        var ai = app.Services.GetRequiredService<AiProviderInfo>();

        app.Lifetime.ApplicationStarted.Register(() =>
        {
            var addresses = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()?.Addresses ?? [];
            Console.WriteLine();
            Console.WriteLine($"  QanDu Chat Dashboard is running at {string.Join(", ", addresses)}");
            Console.WriteLine($"  Data: {Path.Combine(dataPath, database.DatabaseFile)}");
            Console.WriteLine(ai.IsLocal ? $"  AI: {ai.Name} (Ai:Provider=Local)" : $"  AI: {ai.Name}, {ai.Model} at {ai.Endpoint} (see /health)");
            if (demoAccounts.Count > 0)
            {
                Console.WriteLine($"  Sign in with a demo account, password {demo.Password}:");
                foreach (var account in demoAccounts)
                    Console.WriteLine($"    {account}");
            }
            else if (!anyUser)
            {
                Console.WriteLine("  No users yet. Create the first admin:");
                Console.WriteLine("    dotnet run --project QanDu.Dashboard -- create-admin --email you@example.com --password '<password>'");
            }
            Console.WriteLine("  Press Ctrl+C to stop.");
            Console.WriteLine();
        });
    }
}
