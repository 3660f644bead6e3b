using System.Globalization;
using Microsoft.EntityFrameworkCore;
using QanDu.Dashboard.Data.Entities;
using QanDu.Dashboard.Features.Backups;
using QanDu.Dashboard.Tests.Infrastructure;

namespace QanDu.Dashboard.Tests.Features.Backups;

/// <summary>Retention over real backup files: the newest of each recent day and week stay, the rest are deleted and marked.</summary>
public sealed class BackupRetentionTests
{
    [Fact]
    public async Task Retention_TenNightlyBackups_KeepsTwoDailyAndTwoWeekly()
    {
        // Monday 2 March to Wednesday 11 March 2026, one backup a night at 03:00, keeping 2 daily and 2 weekly; the
        // scheduler is off so the test drives it (the day and week rules at other counts: the ToDelete tests below).
        await using var app = new BackupTestApp(new DateTimeOffset(2026, 3, 2, 3, 0, 0, TimeSpan.Zero),
            new() { ["Backup:Enabled"] = "false", ["Backup:KeepDaily"] = "2", ["Backup:KeepWeekly"] = "2" });
        for (var night = 0; night < 10; night++)
        {
            var record = await app.Runner.RunAsync(BackupTrigger.Scheduled, startedById: null, CancellationToken.None);
            record.Verified.Should().BeTrue(record.Error);
            app.Clock.Advance(TimeSpan.FromDays(1));
        }

        var records = await app.RecordsAsync();
        var kept = records.Where(r => r.DeletedAt is null).Select(r => r.StartedAt.ToString("MM-dd", CultureInfo.InvariantCulture)).ToList();
        kept.Should().BeEquivalentTo(
            ["03-08", // the newest of the week starting 2 March
             "03-10", "03-11"], // the last two days (the week starting 9 March is already kept by them)
            "2 daily and 2 weekly");
        records.Where(r => r.DeletedAt is null).Should().OnlyContain(r => File.Exists(r.Path));
        records.Where(r => r.DeletedAt is not null).Should().HaveCount(7).And.OnlyContain(r => !File.Exists(r.Path) && r.Verified);
        Directory.EnumerateFiles(app.Folder.BackupsPath).Should().HaveCount(3, "nothing but the kept backups is left in the folder");
    }

    [Fact]
    public void ToDelete_AMonthOfNightlyBackups_KeepsSevenDailyAndFourWeekly()
    {
        // Monday 2 March to Wednesday 1 April 2026, one a night at 03:00 UTC.
        var records = Enumerable.Range(0, 31)
            .Select(i => new BackupRecord { Id = i + 1, Verified = true, Path = $"/b/{i}.zip", StartedAt = new DateTime(2026, 3, 2, 3, 0, 0, DateTimeKind.Utc).AddDays(i) })
            .ToList();

        var deleted = BackupRetention.ToDelete(records, keepDaily: 7, keepWeekly: 4, TimeZoneInfo.Utc);

        records.Except(deleted).Select(r => r.StartedAt.ToString("MM-dd", CultureInfo.InvariantCulture)).Should().BeEquivalentTo(
            ["03-15", "03-22", // the newest of the weeks starting 9 and 16 March
             "03-26", "03-27", "03-28", "03-29", "03-30", "03-31", "04-01"], // the last seven days (29 March also ends its week, 1 April begins one)
            "7 daily and 4 weekly: the weeks starting 23 and 30 March are already kept by the daily ones");
    }

    [Fact]
    public void ToDelete_KeepNothing_StillKeepsTheNewest()
    {
        var records = Enumerable.Range(1, 5)
            .Select(i => new BackupRecord { Id = i, Verified = true, Path = $"/b/{i}.zip", StartedAt = new DateTime(2026, 3, i, 3, 0, 0, DateTimeKind.Utc) })
            .ToList();

        var deleted = BackupRetention.ToDelete(records, keepDaily: 0, keepWeekly: 0, TimeZoneInfo.Utc);

        deleted.Select(r => r.Id).Should().BeEquivalentTo([1L, 2L, 3L, 4L]);
    }

    [Fact]
    public void ToDelete_SeveralOnOneDay_KeepsTheNewestOfThatDayInTheConfiguredZone()
    {
        // 23:30 UTC on 2 March is already 3 March in Berlin: it is that day's backup there, not 2 March's.
        var records = new[]
        {
            new BackupRecord { Id = 1, Verified = true, Path = "/b/1.zip", StartedAt = new DateTime(2026, 3, 2, 10, 0, 0, DateTimeKind.Utc) },
            new BackupRecord { Id = 2, Verified = true, Path = "/b/2.zip", StartedAt = new DateTime(2026, 3, 2, 12, 0, 0, DateTimeKind.Utc) },
            new BackupRecord { Id = 3, Verified = true, Path = "/b/3.zip", StartedAt = new DateTime(2026, 3, 2, 23, 30, 0, DateTimeKind.Utc) },
        };

        BackupRetention.ToDelete(records, 2, 0, TimeZoneInfo.FindSystemTimeZoneById("Europe/Berlin")).Select(r => r.Id).Should().Equal(1L);
        BackupRetention.ToDelete(records, 1, 0, TimeZoneInfo.Utc).Select(r => r.Id).Should().Equal(2L, 1L);
    }
}
