using Cronos;
using Microsoft.Extensions.Options;
using QanDu.Dashboard.Hosting.Backups;

namespace QanDu.Dashboard.Features.Backups;

/// <summary>Scheduled backups, bound from the <c>Backup</c> section (docs/operations.md, Scheduled backups).</summary>
public sealed class BackupOptions
{
    public const string Section = "Backup";

    /// <summary>Take scheduled backups (run now works either way).</summary>
    public bool Enabled { get; set; } = true;

    /// <summary>When to take one: a cron expression (minute hour day month weekday), nightly at 03:00 by default.</summary>
    public string Schedule { get; set; } = "0 3 * * *";

    /// <summary>The time zone <see cref="Schedule"/> and the day and week of retention are read in (an IANA name such as Europe/Berlin).</summary>
    public string TimeZone { get; set; } = "UTC";

    /// <summary>Where backups are written; empty: a <c>backups</c> folder next to the data folder. Never inside the data folder.</summary>
    public string? Folder { get; set; }

    /// <summary>Keep the newest backup of each of this many most recent days.</summary>
    public int KeepDaily { get; set; } = 7;

    /// <summary>Keep the newest backup of each of this many most recent weeks (Monday to Sunday).</summary>
    public int KeepWeekly { get; set; } = 4;

    /// <summary>The backup folder as a full path: relative paths start at the app's folder.</summary>
    internal string FolderPath(DataFolder data, string contentRoot) =>
        string.IsNullOrWhiteSpace(Folder)
            ? Path.Combine(Path.GetDirectoryName(Path.TrimEndingDirectorySeparator(data.Path)) ?? data.Path, "backups")
            : Path.GetFullPath(Folder, contentRoot);
}

/// <summary>Refuses to start on a schedule that does not parse, an unknown zone, a negative keep count or a folder inside the data folder.</summary>
internal sealed class BackupOptionsValidator(DataFolder data, IHostEnvironment environment) : IValidateOptions<BackupOptions>
{
    private const string Docs = "(docs/operations.md, Scheduled backups)";

    public ValidateOptionsResult Validate(string? name, BackupOptions options)
    {
        var problems = new List<string>();
        if (!BackupSchedule.TryParse(options.Schedule, out _, out var cronError))
            problems.Add($"Backup:Schedule '{options.Schedule}' is not a cron expression: {cronError} Use five fields, minute hour day month weekday, e.g. 0 3 * * * for 03:00 every night {Docs}.");
        if (!TimeZoneInfo.TryFindSystemTimeZoneById(options.TimeZone ?? "", out _))
            problems.Add($"Backup:TimeZone '{options.TimeZone}' is not a time zone this server knows; use a name such as UTC or Europe/Berlin {Docs}.");
        if (options.KeepDaily < 0)
            problems.Add($"Backup:KeepDaily must be 0 or more (it is {options.KeepDaily}) {Docs}.");
        if (options.KeepWeekly < 0)
            problems.Add($"Backup:KeepWeekly must be 0 or more (it is {options.KeepWeekly}) {Docs}.");
        var folder = options.FolderPath(data, environment.ContentRootPath);
        if (data.Contains(folder) || Path.TrimEndingDirectorySeparator(folder) == Path.TrimEndingDirectorySeparator(Path.GetFullPath(data.Path)))
            problems.Add($"Backup:Folder ({folder}) is inside the data folder {data.Path} (Storage:DataDirectory): a backup beside the data it protects is lost with it. Choose a folder outside it, ideally on another disk {Docs}.");
        return problems.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(problems);
    }
}

/// <summary>The schedule as configured: the cron expression read in its time zone.</summary>
internal sealed class BackupSchedule(CronExpression cron, TimeZoneInfo zone)
{
    public TimeZoneInfo Zone => zone;

    public static BackupSchedule From(BackupOptions options) =>
        new(CronExpression.Parse(options.Schedule, CronFormat.Standard), TimeZoneInfo.FindSystemTimeZoneById(options.TimeZone));

    public static bool TryParse(string? expression, out CronExpression? cron, out string error)
    {
        cron = null;
        error = "";
        if (string.IsNullOrWhiteSpace(expression))
        {
            error = "it is empty.";
            return false;
        }
        try
        {
            cron = CronExpression.Parse(expression, CronFormat.Standard);
            return true;
        }
        catch (CronFormatException ex)
        {
            error = ex.Message.TrimEnd('.') + ".";
            return false;
        }
    }

    /// <summary>The first scheduled time after <paramref name="from"/> (null: the expression never fires again).</summary>
    public DateTimeOffset? Next(DateTimeOffset from) => cron.GetNextOccurrence(from, zone);

    /// <summary>The time between two runs, as seen from <paramref name="from"/>.</summary>
    public TimeSpan? Interval(DateTimeOffset from) =>
        Next(from) is { } first && Next(first) is { } second ? second - first : null;
}
