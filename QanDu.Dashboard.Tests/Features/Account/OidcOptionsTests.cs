using Microsoft.Extensions.Configuration;
using QanDu.Dashboard.Features.Account.SingleSignOn;
using QanDu.Dashboard.Tests.Infrastructure;

namespace QanDu.Dashboard.Tests.Features.Account;

/// <summary>Single sign-on settings that cannot work stop the app at start-up with a message naming the key.</summary>
public sealed class OidcOptionsTests
{
    private static OidcOptions Valid() => new()
    {
        Authority = "https://keycloak.example.com/realms/support",
        ClientId = "qandu",
        ClientSecret = "from-the-environment",
    };

    [Fact]
    public void Problems_NoAuthority_SingleSignOnIsOffAndNothingIsRequired()
    {
        var options = new OidcOptions();

        options.IsEnabled.Should().BeFalse();
        options.Problems().Should().BeEmpty();
    }

    [Fact]
    public void Problems_Valid_None() => Valid().Problems().Should().BeEmpty();

    [Theory]
    [InlineData("ClientId", "Auth:Oidc:ClientId is required")]
    [InlineData("ClientSecret", "Auth:Oidc:ClientSecret is required")]
    [InlineData("Authority", "Auth:Oidc:Authority must be the provider's issuer URL")]
    public void Problems_MissingSetting_NamesTheKeyAndTheDocs(string missing, string expected)
    {
        var options = Valid();
        options.Enabled = true;
        typeof(OidcOptions).GetProperty(missing)!.SetValue(options, null);

        options.Problems().Should().ContainSingle().Which.Should().StartWith(expected).And.Contain("docs/configuration.md");
    }

    [Fact]
    public void Problems_HttpAuthority_NeedsRequireHttpsMetadataOffAndLoopback()
    {
        var options = Valid();
        options.Authority = "http://keycloak.internal:8080/realms/support";
        options.Problems().Should().ContainSingle().Which.Should().Contain("Auth:Oidc:Authority must use https");

        options.RequireHttpsMetadata = false;
        options.Problems().Should().ContainSingle().Which.Should().Contain("only for a provider on this machine");

        options.Authority = "http://127.0.0.1:5050/";
        options.Problems().Should().BeEmpty();
    }

    [Fact]
    public void Problems_BreakGlassOnlyWithoutTheAdminOrWithoutSingleSignOn_Refused()
    {
        var options = Valid();
        options.PasswordSignIn = PasswordSignInPolicy.BreakGlassOnly;
        options.Problems().Should().ContainSingle().Which.Should().StartWith("Auth:Oidc:BreakGlassEmail must name the admin");

        var off = new OidcOptions { PasswordSignIn = PasswordSignInPolicy.BreakGlassOnly, BreakGlassEmail = "admin@example.com" };
        off.Problems().Should().ContainSingle().Which.Should().Contain("single sign-on is off");
    }

    [Fact]
    public void Validator_ClientSecretInASettingsFile_RefusedNamingTheFile()
    {
        using var folder = new TempDataFolder();
        var file = Path.Combine(folder.Path, "appsettings.json");
        File.WriteAllText(file, """{ "Auth": { "Oidc": { "ClientSecret": "committed-by-mistake" } } }""");
        var configuration = new ConfigurationBuilder().AddJsonFile(file).Build();

        var result = new SingleSignOnRegistration.OidcOptionsValidator(configuration).Validate(null, Valid());

        result.Failed.Should().BeTrue();
        result.FailureMessage.Should().Contain("Auth:Oidc:ClientSecret must not be in a settings file").And.Contain("Auth__Oidc__ClientSecret");
    }

    [Fact]
    public void Start_IncompleteSettings_FailsNamingTheKey()
    {
        using var factory = new DashboardFactory { Settings = { ["Auth:Oidc:Authority"] = "https://login.example.com/", ["Auth:Oidc:ClientSecret"] = "x" } };

        var start = () => factory.Services;

        start.Should().Throw<Exception>().Where(e => e.ToString().Contains("Auth:Oidc:ClientId is required"));
    }
}
