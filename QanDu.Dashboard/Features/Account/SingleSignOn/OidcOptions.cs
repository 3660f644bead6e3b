using System.Net;

namespace QanDu.Dashboard.Features.Account.SingleSignOn;

/// <summary>Who may sign in by single sign-on without an account here.</summary>
public enum UnknownPeoplePolicy
{
    /// <summary>Refused with a page saying an admin must invite them (the default).</summary>
    Refuse,

    /// <summary>Given a new account with the Agent role, named from the provider's <c>name</c> claim.</summary>
    CreateAgent,
}

/// <summary>Whether the sign-in form takes passwords.</summary>
public enum PasswordSignInPolicy
{
    /// <summary>Everyone may sign in with a password as well as by single sign-on (the default).</summary>
    Enabled,

    /// <summary>Only <see cref="OidcOptions.BreakGlassEmail"/> may; everyone else signs in by single sign-on.</summary>
    BreakGlassOnly,
}

/// <summary>
/// Single sign-on with an OpenID Connect provider (Keycloak, Entra ID, Google Workspace, Authentik…), bound from the
/// <c>Auth:Oidc</c> section (docs/configuration.md). On when <see cref="Authority"/> is set, unless <see cref="Enabled"/>
/// is false. <see cref="ClientSecret"/> comes from the environment or user-secrets, never from appsettings.json.
/// </summary>
public sealed class OidcOptions
{
    public const string Section = "Auth:Oidc";

    /// <summary>The authentication scheme's name, also the login provider stored with each linked account.</summary>
    public const string Scheme = "oidc";

    /// <summary>Where the provider sends the browser back; register <c>https://your-host/signin-oidc</c> with it.</summary>
    public const string CallbackPath = "/signin-oidc";

    /// <summary>Turns single sign-on on or off; unset: on exactly when <see cref="Authority"/> is set.</summary>
    public bool? Enabled { get; set; }

    /// <summary>The provider's issuer URL; its discovery document is at <c>{Authority}/.well-known/openid-configuration</c>.</summary>
    public string? Authority { get; set; }

    /// <summary>The client (application) id registered with the provider.</summary>
    public string? ClientId { get; set; }

    /// <summary>The client secret, from the environment (<c>Auth__Oidc__ClientSecret</c>) or user-secrets only.</summary>
    public string? ClientSecret { get; set; }

    /// <summary>The provider's name on the sign-in button: "Sign in with {DisplayName}".</summary>
    public string DisplayName { get; set; } = "single sign-on";

    /// <summary>The scopes asked for; <c>openid</c> is required, <c>email</c> carries the address people are matched by.</summary>
    public string[] Scopes { get; set; } = ["openid", "profile", "email"];

    /// <summary>The claim that says the provider verified the email address (Entra ID: <c>xms_edov</c>).</summary>
    public string EmailVerifiedClaim { get; set; } = "email_verified";

    /// <summary>What happens to a verified email that belongs to no account here.</summary>
    public UnknownPeoplePolicy UnknownPeople { get; set; } = UnknownPeoplePolicy.Refuse;

    /// <summary>Fetch the provider's metadata over https only. May be false only for a provider on loopback (tests).</summary>
    public bool RequireHttpsMetadata { get; set; } = true;

    /// <summary>Whether the sign-in form takes passwords from everyone, or only from <see cref="BreakGlassEmail"/>.</summary>
    public PasswordSignInPolicy PasswordSignIn { get; set; } = PasswordSignInPolicy.Enabled;

    /// <summary>The one admin who may still sign in with a password when <see cref="PasswordSignIn"/> is BreakGlassOnly.</summary>
    public string? BreakGlassEmail { get; set; }

    public bool IsEnabled => Enabled ?? !string.IsNullOrWhiteSpace(Authority);

    public bool IsBreakGlassOnly => IsEnabled && PasswordSignIn == PasswordSignInPolicy.BreakGlassOnly;

    /// <summary>Every problem with these settings, each naming its key; empty when they are usable.</summary>
    public IEnumerable<string> Problems()
    {
        const string Docs = " (docs/configuration.md, single sign-on)";
        if (PasswordSignIn == PasswordSignInPolicy.BreakGlassOnly && string.IsNullOrWhiteSpace(BreakGlassEmail))
            yield return "Auth:Oidc:BreakGlassEmail must name the admin who may still sign in with a password when Auth:Oidc:PasswordSignIn is BreakGlassOnly" + Docs;
        if (!IsEnabled)
        {
            if (PasswordSignIn == PasswordSignInPolicy.BreakGlassOnly)
                yield return "Auth:Oidc:PasswordSignIn is BreakGlassOnly but single sign-on is off (set Auth:Oidc:Authority): nobody but one admin could sign in" + Docs;
            yield break;
        }
        if (!Uri.TryCreate(Authority, UriKind.Absolute, out var authority) || authority.Scheme is not ("https" or "http"))
        {
            yield return "Auth:Oidc:Authority must be the provider's issuer URL, e.g. https://keycloak.example.com/realms/support" + Docs;
        }
        else if (authority.Scheme == "http" && (RequireHttpsMetadata || !IsLoopback(authority)))
        {
            yield return RequireHttpsMetadata
                ? "Auth:Oidc:Authority must use https (Auth:Oidc:RequireHttpsMetadata is true)" + Docs
                : "Auth:Oidc:RequireHttpsMetadata may be false only for a provider on this machine (127.0.0.1, ::1, localhost); use https for " + authority.Host + Docs;
        }
        if (string.IsNullOrWhiteSpace(ClientId))
            yield return "Auth:Oidc:ClientId is required: the client (application) id registered with the provider" + Docs;
        if (string.IsNullOrWhiteSpace(ClientSecret))
            yield return "Auth:Oidc:ClientSecret is required: set it in the environment (Auth__Oidc__ClientSecret) or user-secrets, never in appsettings.json" + Docs;
        if (!Scopes.Contains("openid", StringComparer.Ordinal))
            yield return "Auth:Oidc:Scopes must include openid" + Docs;
        if (string.IsNullOrWhiteSpace(DisplayName))
            yield return "Auth:Oidc:DisplayName must not be empty: it is the sign-in button's text, e.g. Keycloak" + Docs;
        if (string.IsNullOrWhiteSpace(EmailVerifiedClaim))
            yield return "Auth:Oidc:EmailVerifiedClaim must name a claim, e.g. email_verified" + Docs;
    }

    private static bool IsLoopback(Uri uri) =>
        uri.IsLoopback || (IPAddress.TryParse(uri.Host.Trim('[', ']'), out var address) && IPAddress.IsLoopback(address));
}
