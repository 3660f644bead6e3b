namespace QanDu.Dashboard.Tests.Browser;

/// <summary>The people the demo seeding creates (Demo:SeedOnEmptyDatabase), all with the demo password.</summary>
internal static class DemoUsers
{
    public const string Password = "Demo!2026";
    public const string Maya = "agent@qandu.local";
    public const string Tom = "agent2@qandu.local";
    public const string Supervisor = "supervisor@qandu.local";
    public const string Admin = "admin@qandu.local";
}
