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

    /// <summary>The sign-in cookie's session (<c>UserSession</c> id): ended on the server by sign-out or by an admin.</summary>
    public const string SessionId = "qandu:session";

    /// <summary>The person's <c>AccessVersion</c> when the cookie was issued: a newer one in the database refreshes it.</summary>
    public const string AccessVersion = "qandu:access_version";
}
