using Microsoft.Extensions.Options;
using QanDu.Dashboard.Tests.Infrastructure;

namespace QanDu.Dashboard.Tests.Features.Backups;

/// <summary>Backup settings that cannot work stop the app at start with a message naming the setting.</summary>
public sealed class BackupOptionsTests
{
    [Theory]
    [InlineData("Backup:Schedule", "every night at 3", "*Backup:Schedule 'every night at 3' is not a cron expression*0 3 * * **docs/operations.md*")]
    [InlineData("Backup:Schedule", "0 25 * * *", "*Backup:Schedule '0 25 * * *' is not a cron expression*")]
    [InlineData("Backup:KeepDaily", "-1", "*Backup:KeepDaily must be 0 or more (it is -1)*")]
    [InlineData("Backup:KeepWeekly", "-3", "*Backup:KeepWeekly must be 0 or more (it is -3)*")]
    [InlineData("Backup:TimeZone", "Mars/Olympus", "*Backup:TimeZone 'Mars/Olympus' is not a time zone*")]
    public void Start_BadSetting_RefusesNamingIt(string key, string value, string message)
    {
        using var app = new DashboardFactory { Settings = new() { [key] = value } };

        var start = () => app.CreateClient();

        start.Should().Throw<OptionsValidationException>().WithMessage(message);
    }

    [Fact]
    public void Start_FolderInsideTheDataFolder_RefusesNamingTheSettingAndBothFolders()
    {
        using var folder = new TempDataFolder();
        var inside = Path.Combine(folder.Path, "backups");
        using var app = DashboardFactory.OnFolder(folder);
        app.Settings["Backup:Folder"] = inside;

        var start = () => app.CreateClient();

        start.Should().Throw<OptionsValidationException>()
            .WithMessage($"*Backup:Folder ({inside}) is inside the data folder {folder.Path} (Storage:DataDirectory)*");
    }

    [Fact]
    public void Start_FolderIsTheDataFolder_Refuses()
    {
        using var folder = new TempDataFolder();
        using var app = DashboardFactory.OnFolder(folder);
        app.Settings["Backup:Folder"] = folder.Path;

        var start = () => app.CreateClient();

        start.Should().Throw<OptionsValidationException>().WithMessage("*Backup:Folder*is inside the data folder*");
    }
}
