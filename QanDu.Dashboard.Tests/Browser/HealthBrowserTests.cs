using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using QanDu.Dashboard.Features.Health;
using QanDu.Dashboard.Tests.Infrastructure;
using static Microsoft.Playwright.Assertions;

namespace QanDu.Dashboard.Tests.Browser;

/// <summary>
/// The app with two switches: a read-only database (every connection in <c>query_only</c>, as a read-only file gives) and
/// a nearly full disk (the warning threshold raised above the disk's real free space).
/// </summary>
public sealed class HealthBrowserFixture : BrowserAppFixture
{
    private volatile bool _nearlyFull;

    public ReadOnlySwitch Database { get; } = new();

    protected override void ConfigureServices(IServiceCollection services)
    {
        Database.AddTo(services);
        services.PostConfigure<HealthOptions>(o =>
        {
            if (_nearlyFull)
                o.DiskWarningMegabytes = 1_000_000_000; // a petabyte: every real disk is "nearly full" under it
        });
    }

    public bool DiskNearlyFull
    {
        set
        {
            _nearlyFull = value;
            Services.GetRequiredService<IOptionsMonitorCache<HealthOptions>>().Clear(); // read again, through the switch
        }
    }
}

/// <summary>An admin watches /admin/health while the database stops taking writes and the disk fills, and recovers.</summary>
[Collection(BrowserCollection.Name)]
public sealed class HealthBrowserTests(HealthBrowserFixture app) : IClassFixture<HealthBrowserFixture>
{
    private static readonly Microsoft.Playwright.LocatorAssertionsToHaveAttributeOptions Live = new() { Timeout = 15_000 };

    [BrowserFact]
    public async Task HealthPage_DatabaseUnwritableAndDiskNearlyFull_ShownLiveThenRecovered()
    {
        await using var admin = await app.SignInAsync(DemoUsers.Admin, "/admin/health");
        var page = admin.Page;
        await Expect(page.Locator("[data-testid=health-page][data-interactive=true]")).ToBeVisibleAsync(new() { Timeout = 20_000 });
        await Expect(page.GetByTestId("health-component")).ToHaveCountAsync(10, new() { Timeout = 15_000 });
        var database = page.Locator("[data-testid=health-component][data-key=database]");
        var disk = page.Locator("[data-testid=health-component][data-key=disk]");
        await Expect(database).ToHaveAttributeAsync("data-state", "Healthy", Live);
        await Expect(disk).ToHaveAttributeAsync("data-state", "Healthy", Live);

        try
        {
            app.Database.ReadOnly = true;
            app.DiskNearlyFull = true;

            await Expect(database).ToHaveAttributeAsync("data-state", "Unhealthy", Live);
            await Expect(database.GetByTestId("health-state")).ToHaveTextAsync("Unhealthy");
            await Expect(database.GetByTestId("health-figure")).ToHaveTextAsync("A test write was refused: the database file is read-only.");
            await Expect(database.GetByTestId("health-action")).ToContainTextAsync("write access to the database file");
            await Expect(disk).ToHaveAttributeAsync("data-state", "Degraded", Live);
            await Expect(disk.GetByTestId("health-figure")).ToContainTextAsync("Nearly full");
            await Expect(page.GetByTestId("health-overall")).ToHaveAttributeAsync("data-state", "Unhealthy");
            await Screens.SaveAsync(page, "health-database-read-only-disk-nearly-full", fullPage: true);
        }
        finally
        {
            app.Database.ReadOnly = false;
            app.DiskNearlyFull = false;
        }

        await Expect(database).ToHaveAttributeAsync("data-state", "Healthy", Live);
        await Expect(disk).ToHaveAttributeAsync("data-state", "Healthy", Live);
        await Expect(database.GetByTestId("health-figure")).ToContainTextAsync("A test write committed in");
        await Expect(database.GetByTestId("health-action")).ToHaveCountAsync(0);
        await Screens.SaveAsync(page, "health-recovered", fullPage: true);
        admin.ShouldHaveLoadedCleanly();
    }
}
