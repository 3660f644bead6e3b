using QanDu.Dashboard.Features.Backups;

namespace QanDu.Dashboard.Tests.Features.Backups;

/// <summary>A full backup disk is named as such, with what to do about it.</summary>
public sealed class BackupErrorsTests
{
    [Fact]
    public void Describe_NoSpaceLeft_SaysTheFolderIsFullAndWhatToDo()
    {
        // /dev/full answers every write with ENOSPC, the error a full disk gives.
        var full = Record.Exception(() => File.WriteAllBytes("/dev/full", new byte[4096]));

        var message = BackupErrors.Describe(full!, "/mnt/backups");

        full.Should().BeAssignableTo<IOException>();
        message.Should().Be("The backup folder /mnt/backups is full: its disk has no space left. Free space there (older backups, or lower " +
                            "Backup:KeepDaily and Backup:KeepWeekly) or set Backup:Folder to a disk with room.");
    }
}
