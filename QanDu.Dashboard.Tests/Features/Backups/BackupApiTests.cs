using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using QanDu.Dashboard.Features.Access;
using QanDu.Dashboard.Features.Backups;
using QanDu.Dashboard.Hosting.Backups;
using QanDu.Dashboard.Tests.Infrastructure;

namespace QanDu.Dashboard.Tests.Features.Backups;

/// <summary>/api/admin/backups: the list and next run, run now (202, or 409 while one runs), and the download, admins only.</summary>
public sealed class BackupApiTests(DashboardFactory app) : IClassFixture<DashboardFactory>
{
    private BackupRunner Runner => app.Services.GetRequiredService<BackupRunner>();

    [Fact]
    public async Task RunNow_ThenDownload_AdminGetsTheVerifiedFileByIdAndAgentIsForbidden()
    {
        using var admin = await app.CreateClientForAsync(await app.CreateUserAsync("Backup admin", Roles.Admin));
        using var agent = await app.CreateClientForAsync(await app.CreateUserAsync("Curious agent", Roles.Agent));

        using var started = await admin.PostAsync("/api/admin/backups", null);
        started.StatusCode.Should().Be(HttpStatusCode.Accepted, await started.Content.ReadAsStringAsync());
        var id = (await started.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetInt64();
        started.Headers.Location!.ToString().Should().Be($"/api/admin/backups/{id}");
        var backup = await FinishedAsync(admin, id);
        backup.GetProperty("status").GetString().Should().Be("verified");
        backup.GetProperty("trigger").GetString().Should().Be("manual");
        backup.GetProperty("startedBy").GetString().Should().Be("Backup admin");
        backup.TryGetProperty("path", out _).Should().BeFalse("the server's paths are not shown");

        using var download = await admin.GetAsync($"/api/admin/backups/{id}/download");
        download.StatusCode.Should().Be(HttpStatusCode.OK);
        download.Content.Headers.ContentType!.MediaType.Should().Be("application/zip");
        download.Content.Headers.ContentDisposition!.DispositionType.Should().Be("attachment");
        var name = download.Content.Headers.ContentDisposition.FileNameStar ?? download.Content.Headers.ContentDisposition.FileName!.Trim('"');
        name.Should().Be(backup.GetProperty("fileName").GetString()).And.EndWith($"-{id}.zip");
        var copy = Path.Combine(app.DataFolder + "-backups", "downloaded.zip.check");
        await File.WriteAllBytesAsync(copy, await download.Content.ReadAsByteArrayAsync());
        BackupFile.Check(copy).Integrity.Should().Be("ok", "the downloaded file is the whole backup");
        File.Delete(copy);

        using var forbidden = await agent.GetAsync($"/api/admin/backups/{id}/download");
        forbidden.StatusCode.Should().Be(HttpStatusCode.Forbidden);
        forbidden.Content.Headers.ContentType!.MediaType.Should().Be("application/problem+json");
        (await app.CreateClient().GetAsync($"/api/admin/backups/{id}/download")).StatusCode.Should().Be(HttpStatusCode.Unauthorized);
        (await admin.GetAsync("/api/admin/backups/999999/download")).StatusCode.Should().Be(HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task RunNow_WhileOneIsRunning_ConflictWithAProblemSayingSo()
    {
        using var admin = await app.CreateClientForAsync(await app.CreateUserAsync("Impatient admin", Roles.Admin));
        using var copying = new SemaphoreSlim(0);
        using var release = new ManualResetEventSlim();
        void Hold()
        {
            // Runs on the backup's own thread: it stays in "copying the database" until the test lets it go on.
            if (Runner.Running?.Phase == BackupPhase.CopyingDatabase)
            {
                copying.Release();
                release.Wait(TimeSpan.FromSeconds(30));
            }
        }
        Runner.ProgressChanged += Hold;
        try
        {
            using var first = await admin.PostAsync("/api/admin/backups", null);
            first.StatusCode.Should().Be(HttpStatusCode.Accepted);
            (await copying.WaitAsync(TimeSpan.FromSeconds(30))).Should().BeTrue("the backup should be copying the database");
            var list = await admin.GetFromJsonAsync<JsonElement>("/api/admin/backups");

            using var second = await admin.PostAsync("/api/admin/backups", null);

            second.StatusCode.Should().Be(HttpStatusCode.Conflict);
            second.Content.Headers.ContentType!.MediaType.Should().Be("application/problem+json");
            var problem = await second.Content.ReadFromJsonAsync<JsonElement>();
            problem.GetProperty("title").GetString().Should().Be("A backup is already running");
            problem.GetProperty("detail").GetString().Should().Contain("wait for it to finish");
            var running = list.GetProperty("backups")[0];
            running.GetProperty("status").GetString().Should().Be("running");
            running.GetProperty("phase").GetString().Should().Be("copyingDatabase");
        }
        finally
        {
            release.Set();
            Runner.ProgressChanged -= Hold;
        }
        var id = (await admin.GetFromJsonAsync<JsonElement>("/api/admin/backups")).GetProperty("backups")[0].GetProperty("id").GetInt64();
        (await FinishedAsync(admin, id)).GetProperty("status").GetString().Should().Be("verified", "the first backup goes on");
    }

    [Fact]
    public async Task List_Admin_ShowsTheScheduleFolderAndRetention()
    {
        using var admin = await app.CreateClientForAsync(await app.CreateUserAsync("Reading admin", Roles.Admin));

        var overview = await admin.GetFromJsonAsync<JsonElement>("/api/admin/backups");

        var schedule = overview.GetProperty("schedule");
        schedule.GetProperty("enabled").GetBoolean().Should().BeTrue();
        schedule.GetProperty("schedule").GetString().Should().Be("0 3 * * *");
        schedule.GetProperty("timeZone").GetString().Should().Be("UTC");
        schedule.GetProperty("folder").GetString().Should().Be(app.DataFolder + "-backups");
        schedule.GetProperty("keepDaily").GetInt32().Should().Be(7);
        schedule.GetProperty("keepWeekly").GetInt32().Should().Be(4);
        var next = schedule.GetProperty("nextRunAt").GetDateTimeOffset();
        next.TimeOfDay.Should().Be(TimeSpan.FromHours(3));
        next.Should().BeAfter(DateTimeOffset.UtcNow).And.BeBefore(DateTimeOffset.UtcNow.AddDays(1));
    }

    private static async Task<JsonElement> FinishedAsync(HttpClient client, long id)
    {
        var waited = System.Diagnostics.Stopwatch.StartNew();
        while (true)
        {
            var backup = await client.GetFromJsonAsync<JsonElement>($"/api/admin/backups/{id}");
            if (backup.GetProperty("status").GetString() != "running")
                return backup;
            waited.Elapsed.Should().BeLessThan(TimeSpan.FromSeconds(30), "the backup should finish");
            await Task.Delay(50);
        }
    }
}
