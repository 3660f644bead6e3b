namespace QanDu.Dashboard.Features.Account;

public static class Roles
{
    public const string Agent = "Agent";
    public const string Supervisor = "Supervisor";
    public const string Admin = "Admin";
    public const string SupervisorOrAdmin = Supervisor + "," + Admin;

    public static readonly IReadOnlyList<string> All = [Agent, Supervisor, Admin];
}

public static class AppClaims
{
    public const string DisplayName = "qandu:display_name";
}
