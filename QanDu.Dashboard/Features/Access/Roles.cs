namespace QanDu.Dashboard.Features.Access;

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

    /// <summary>Set on requests signed in by an API key, so the caller's kind says so.</summary>
    public const string CallerKind = "qandu:caller_kind";

    public const string ApiKeyCaller = "api-key";

    /// <summary>Set on requests signed in by an API key: which key, so the API's limits can count per key.</summary>
    public const string ApiKeyId = "qandu:api_key_id";
}
