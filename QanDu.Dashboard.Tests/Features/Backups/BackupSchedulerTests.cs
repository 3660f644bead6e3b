using QanDu.Dashboard.Data.Entities;
using QanDu.Dashboard.Features.Access;
using QanDu.Dashboard.Features.Messages;
using QanDu.Dashboard.Tests.Infrastructure;

namespace QanDu.Dashboard.Tests.Features.Backups;

/// <summary>
/// The backup schedule on a fake clock and a real data folder: a backup at the cron time, verified and recorded; a folder
/// that cannot be created or written gives a failed record an admin can act on and the next run still happens; a run the
/// app was down for shows as a problem.
/// </summary>
public sealed class BackupSchedulerTests
{
    private static DateTimeOffset At(int day, int hour, int minute = 0) => new(2026, 3, day, hour, minute, 0, TimeSpan.Zero); // 2 March 2026 is a Monday

    [Fact]
    public async Task Scheduler_AtTheCronTime_TakesAVerifiedBackupAndRecordsIt()
    {
        await using var app = new BackupTestApp(At(2, 2, 59));
        var admin = await app.Factory.CreateUserAsync("Backup admin", Roles.Admin);
        var thread = await app.Factory.CreateGroupThreadAsync(admin, "Kept", await app.Factory.CreateUserAsync("Colleague", Roles.Agent));
        await app.Factory.Messages.PostAsync(admin, new PostMessageRequest(thread, "Written before the backup"));

        (await app.NextRunAsync()).Should().Be(At(2, 3), "the default schedule is nightly at 03:00 UTC");
        (await app.RecordsAsync()).Should().BeEmpty("nothing runs before the scheduled time");
        app.Clock.Advance(TimeSpan.FromMinutes(1));

        var record = (await app.FinishedAsync(1)).Single();
        record.Should().BeEquivalentTo(new { Trigger = BackupTrigger.Scheduled, Verified = true, Error = (string?)null, StartedAt = At(2, 3).UtcDateTime },
            o => o.ExcludingMissingMembers());
        record.Path.Should().StartWith(app.Folder.BackupsPath + Path.DirectorySeparatorChar);
        record.SizeBytes.Should().Be(new FileInfo(record.Path!).Length);
        var (integrity, entries, messages) = BackupFile.Check(record.Path!);
        integrity.Should().Be("ok");
        entries.Should().BeGreaterThanOrEqualTo(2, "the database and the sign-in keys are in it, each matching its checksum");
        messages.Should().BeGreaterThanOrEqualTo(1, "the message written before the backup is in it");
        app.State.Current.LastSucceeded!.Id.Should().Be(record.Id);
        app.State.Current.NextRunAt.Should().Be(At(3, 3));
        app.State.Current.Problem.Should().BeNull();
    }

    [Fact]
    public async Task Scheduler_FolderCannotBeCreated_RecordsAReadableFailureAndTheNextRunStillHappens()
    {
        var notAFolder = Path.Combine(Path.GetTempPath(), "qandu-tests", $"not-a-folder-{Guid.NewGuid():N}");
        File.WriteAllText(notAFolder, "a file where the backup folder's parent should be");
        var folder = Path.Combine(notAFolder, "backups");
        try
        {
            await using var app = new BackupTestApp(At(2, 2, 59), new() { ["Backup:Folder"] = folder });
            await app.NextRunAsync();
            app.Clock.Advance(TimeSpan.FromMinutes(1));

            var failed = (await app.FinishedAsync(1)).Single();
            failed.Verified.Should().BeFalse();
            failed.Path.Should().BeNull();
            failed.Error.Should().Contain(folder).And.Contain("does not exist and could not be created").And.Contain("Backup:Folder");
            app.State.Current.LastFailed!.Id.Should().Be(failed.Id);
            app.State.Current.Problem.Should().Contain("The last backup failed").And.Contain(folder);

            File.Delete(notAFolder); // the admin fixes it
            app.Clock.Advance(TimeSpan.FromDays(1));

            var next = (await app.FinishedAsync(2)).Last();
            next.Should().BeEquivalentTo(new { Verified = true, StartedAt = At(3, 3).UtcDateTime }, o => o.ExcludingMissingMembers());
            app.State.Current.Problem.Should().BeNull("a verified backup is newer than the failure");
        }
        finally
        {
            if (Directory.Exists(notAFolder))
                Directory.Delete(notAFolder, recursive: true);
            File.Delete(notAFolder);
        }
    }

    [Fact]
    public async Task Scheduler_ReadOnlyFolder_RecordsAReadableFailureEveryRunUntilItIsWritable()
    {
        using var readOnly = new ReadOnlyFolder();
        await using var app = new BackupTestApp(At(2, 2, 59), new() { ["Backup:Folder"] = readOnly.Path });
        await app.NextRunAsync();
        app.Clock.Advance(TimeSpan.FromMinutes(1));
        var first = (await app.FinishedAsync(1)).Single();
        app.Clock.Advance(TimeSpan.FromDays(1));
        var second = (await app.FinishedAsync(2)).Last();

        first.Verified.Should().BeFalse();
        first.Error.Should().Contain(readOnly.Path).And.ContainAny("is read-only", "may not write");
        second.Should().BeEquivalentTo(new { Verified = false, StartedAt = At(3, 3).UtcDateTime }, o => o.ExcludingMissingMembers(),
            "the schedule goes on after a failure");
        app.State.Current.Problem.Should().Contain("The last backup failed");
        Directory.EnumerateFileSystemEntries(readOnly.Path).Should().BeEmpty();

        readOnly.MakeWritable();
        app.Clock.Advance(TimeSpan.FromDays(1));
        (await app.FinishedAsync(3)).Last().Verified.Should().BeTrue();
        app.State.Current.Problem.Should().BeNull();
    }

    [Fact]
    public async Task Start_AppWasDownAtTheScheduledTime_ShowsTheMissedRunUntilTheNextBackup()
    {
        using var folder = new TempDataFolder();
        await using (var before = new BackupTestApp(At(2, 12), folder: folder))
        {
            await before.NextRunAsync();
            (await before.Runner.RunAsync(BackupTrigger.Manual, startedById: null, CancellationToken.None)).Verified.Should().BeTrue();
            before.State.Current.Problem.Should().BeNull();
        }

        await using var after = new BackupTestApp(At(4, 12), folder: folder); // down from Monday noon to Wednesday noon
        (await after.NextRunAsync()).Should().Be(At(5, 3));

        after.State.Current.Problem.Should().Contain("The backup scheduled for 2026-03-03 03:00 UTC did not run");
        after.Clock.Advance(TimeSpan.FromHours(15));
        (await after.FinishedAsync(2)).Last().Verified.Should().BeTrue();
        after.State.Current.Problem.Should().BeNull();
    }
}
