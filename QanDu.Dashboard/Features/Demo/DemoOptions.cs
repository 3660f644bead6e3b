namespace QanDu.Dashboard.Features.Demo;

/// <summary>Demo workspace, bound from the <c>Demo</c> section (README: Configuration).</summary>
public sealed class DemoOptions
{
    public const string Section = "Demo";

    /// <summary>Create demo users and conversations when the database has no users yet. Turn off for real installs.</summary>
    public bool SeedOnEmptyDatabase { get; set; } = true;

    /// <summary>The password every demo user signs in with.</summary>
    public string Password { get; set; } = "Demo!2026";
}
