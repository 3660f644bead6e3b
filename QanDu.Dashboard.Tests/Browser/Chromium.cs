namespace QanDu.Dashboard.Tests.Browser;

/// <summary>The system Chromium the browser tests drive; Playwright never downloads its own.</summary>
internal static class Chromium
{
    public const string ExecutablePath = "/usr/bin/chromium";

    public const string InstallHint = "Install it with: sudo apt-get install -y chromium";

    public static bool IsInstalled => File.Exists(ExecutablePath);

    /// <summary>On CI a missing browser is a broken build, not a reason to skip.</summary>
    public static bool IsCi => string.Equals(Environment.GetEnvironmentVariable("CI"), "true", StringComparison.OrdinalIgnoreCase);

    public static bool ShouldRun => IsInstalled || IsCi;

    public static string MissingMessage => $"Chromium is not installed at {ExecutablePath}. {InstallHint}";
}
