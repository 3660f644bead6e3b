using QanDu.Dashboard.Tests.Infrastructure;

namespace QanDu.Dashboard.Tests.Browser;

/// <summary>
/// The dashboard and Chromium of <see cref="BrowserAppFixture"/>, plus the in-process OpenID Connect provider the
/// dashboard signs in with (started first: the dashboard's settings name it). Unknown people are refused.
/// </summary>
public class SsoBrowserFixture : BrowserAppFixture
{
    public OidcTestServer Provider { get; private set; } = null!;

    /// <summary>More <c>Auth:Oidc</c> settings of this fixture's app.</summary>
    protected virtual (string Key, string Value)[] OidcSettings => [("Auth:Oidc:UnknownPeople", "Refuse")];

    protected override IReadOnlyDictionary<string, string?> Settings => Provider.DashboardSettings(OidcSettings);

    public override async Task InitializeAsync()
    {
        if (!Chromium.ShouldRun)
            return; // every test of the class skips (BrowserFactAttribute)
        Provider = await OidcTestServer.StartAsync();
        await base.InitializeAsync();
        await Provider.RegisterClientAsync(Host.BaseAddress);
        // Warm both up (first render of the sign-in page, the provider's discovery document and keys): on a busy shared
        // machine the first of each has taken longer than a test's 10 s default.
        using var warmUp = OidcTestServer.BrowserLikeClient();
        warmUp.Timeout = TimeSpan.FromSeconds(60);
        (await warmUp.GetAsync(new Uri(Host.BaseAddress, "/account/login"))).EnsureSuccessStatusCode();
        (await warmUp.GetAsync(new Uri(Host.BaseAddress, "/account/sso"))).EnsureSuccessStatusCode();
    }

    /// <summary>Clicks "Sign in with Test Provider" on the dashboard's sign-in page and signs in at the provider's own page.</summary>
    public static async Task SignInWithProviderAsync(UserSession session, string email)
    {
        await session.Page.GetByRole(Microsoft.Playwright.AriaRole.Link, new() { Name = "Sign in with Test Provider" }).ClickAsync();
        await session.Page.WaitForURLAsync(url => new Uri(url).AbsolutePath == "/connect/authorize", new() { Timeout = 20_000 });
        await session.Page.GetByLabel("Email").FillAsync(email);
        await session.Page.GetByLabel("Password").FillAsync(OidcTestServer.Password);
        await session.Page.GetByRole(Microsoft.Playwright.AriaRole.Button, new() { Name = "Continue" }).ClickAsync();
    }

    public override async Task DisposeAsync()
    {
        await base.DisposeAsync();
        if (Provider is not null)
            await Provider.DisposeAsync();
    }
}

/// <summary>Unknown people with a verified email get an Agent account; password sign-in is for the break-glass admin only.</summary>
public sealed class SsoCreateAgentBrowserFixture : SsoBrowserFixture
{
    protected override (string Key, string Value)[] OidcSettings =>
    [
        ("Auth:Oidc:UnknownPeople", "CreateAgent"),
        ("Auth:Oidc:PasswordSignIn", "BreakGlassOnly"),
        ("Auth:Oidc:BreakGlassEmail", DemoUsers.Admin),
    ];
}
