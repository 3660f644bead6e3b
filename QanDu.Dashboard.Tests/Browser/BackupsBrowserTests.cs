using Microsoft.Extensions.DependencyInjection;
using QanDu.Dashboard.Features.Backups;
using QanDu.Dashboard.Features.Operations;
using QanDu.Dashboard.Hosting.Backups;
using static Microsoft.Playwright.Assertions;

namespace QanDu.Dashboard.Tests.Browser;

/// <summary>
/// An admin on /admin/backups: the empty state of a fresh install with the next run, "Run now" with its progress and then
/// the verified row with a download; a failed backup shows in the top bar, live.
/// </summary>
[Collection(BrowserCollection.Name)]
public sealed class BackupsBrowserTests(BrowserAppFixture app) : IClassFixture<BrowserAppFixture>
{
    private static readonly Microsoft.Playwright.LocatorAssertionsToBeVisibleOptions Slow = new() { Timeout = 15_000 };

    [BrowserFact]
    public async Task BackupsPage_RunNow_ShowsProgressThenTheVerifiedRowAndAFailureInTheTopBar()
    {
        var runner = app.Services.GetRequiredService<BackupRunner>();
        await using var alex = await app.SignInAsync(DemoUsers.Admin, "/admin/backups");
        var page = alex.Page;
        await Expect(page.Locator("[data-testid=backups-page][data-interactive=true]")).ToBeVisibleAsync(new() { Timeout = 20_000 });
        await Expect(page.GetByTestId("no-backups")).ToBeVisibleAsync(Slow);
        await Expect(page.GetByTestId("no-backups")).ToContainTextAsync("The first scheduled one runs");
        await Expect(page.GetByTestId("backup-folder")).ToHaveTextAsync(app.Host.BackupFolder);
        await Expect(page.GetByTestId("backup-retention")).ToContainTextAsync("each of the last 7 days and of the last 4 weeks");
        await Screens.SaveAsync(page, "backups-empty");

        using var verifying = new SemaphoreSlim(0);
        using var release = new ManualResetEventSlim();
        void Hold()
        {
            if (runner.Running?.Phase == BackupPhase.Verifying) // on the backup's thread: wait there until the page was seen
            {
                verifying.Release();
                release.Wait(TimeSpan.FromSeconds(30));
            }
        }
        runner.ProgressChanged += Hold;
        try
        {
            await page.GetByTestId("run-backup").ClickAsync();
            (await verifying.WaitAsync(TimeSpan.FromSeconds(30))).Should().BeTrue("the backup should reach its verifying phase");
            await Expect(page.GetByTestId("backup-phase")).ToHaveTextAsync("verifying every file against its checksum", new() { Timeout = 15_000 });
            await Expect(page.GetByTestId("backup-progress")).ToContainTextAsync("Step 4 of 5");
            await Expect(page.GetByTestId("run-backup")).ToBeDisabledAsync();
            await Screens.SaveAsync(page, "backups-progress");
        }
        finally
        {
            release.Set();
            runner.ProgressChanged -= Hold;
        }

        var row = page.GetByTestId("backup-row");
        await Expect(row).ToHaveCountAsync(1, new() { Timeout = 15_000 });
        await Expect(row).ToHaveAttributeAsync("data-status", "verified", new() { Timeout = 15_000 });
        await Expect(row.GetByTestId("backup-result")).ToContainTextAsync("Verified");
        await Expect(row).ToContainTextAsync("Alex");
        await Expect(row.GetByTestId("download-backup")).ToBeVisibleAsync();
        await Expect(page.GetByTestId("backup-progress")).ToHaveCountAsync(0);
        await Expect(page.GetByTestId("backup-warning")).ToHaveCountAsync(0);
        await Screens.SaveAsync(page, "backups-list");

        // What the scheduler publishes after a failed run: the admins' top bar shows it at once, on any page.
        var state = app.Services.GetRequiredService<BackupState>();
        await alex.GotoAsync("/");
        await Expect(page.Locator("body[data-alerts=attached]")).ToHaveCountAsync(1, new() { Timeout = 20_000 });
        state.Set(state.Current with { Problem = "The last backup failed (2026-03-02 03:00 UTC): The backup folder /mnt/backups is full." });
        var warning = page.GetByTestId("backup-warning");
        await Expect(warning).ToBeVisibleAsync(Slow);
        await Expect(warning).ToHaveTextAsync("Backup failed");
        await Screens.SaveAsync(page, "backups-topbar-warning");
        await warning.ClickAsync();
        await page.WaitForURLAsync("**/admin/backups");
        await Expect(page.GetByTestId("backup-problem")).ToContainTextAsync("is full", new() { Timeout = 15_000 });
        await runner.RefreshStateAsync(CancellationToken.None);
        await Expect(page.GetByTestId("backup-warning")).ToHaveCountAsync(0, new() { Timeout = 15_000 });
        alex.ShouldHaveLoadedCleanly();
    }
}
