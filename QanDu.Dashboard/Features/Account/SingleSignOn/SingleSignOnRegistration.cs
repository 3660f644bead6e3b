using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.OpenIdConnect;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.Configuration.Json;
using Microsoft.Extensions.Options;
using Microsoft.IdentityModel.Protocols.OpenIdConnect;

namespace QanDu.Dashboard.Features.Account.SingleSignOn;

/// <summary>Single sign-on with an OpenID Connect provider, registered only when <c>Auth:Oidc</c> turns it on.</summary>
internal static class SingleSignOnRegistration
{
    public static void AddSingleSignOn(this WebApplicationBuilder builder, AuthenticationBuilder authentication)
    {
        var configuration = builder.Configuration;
        builder.Services.AddOptions<OidcOptions>().BindConfiguration(OidcOptions.Section).ValidateOnStart();
        builder.Services.AddSingleton<IValidateOptions<OidcOptions>>(new OidcOptionsValidator(configuration));
        builder.Services.AddScoped<SsoSignIn>();

        var settings = configuration.GetSection(OidcOptions.Section).Get<OidcOptions>() ?? new OidcOptions();
        if (!settings.IsEnabled || settings.Problems().Any())
            return; // off, or start-up stops with the options' errors
        authentication.AddOpenIdConnect(OidcOptions.Scheme, settings.DisplayName, o =>
        {
            o.SignInScheme = IdentityConstants.ExternalScheme; // SsoEndpoints turns it into the app's own sign-in
            o.Authority = settings.Authority;
            o.ClientId = settings.ClientId;
            o.ClientSecret = settings.ClientSecret;
            o.RequireHttpsMetadata = settings.RequireHttpsMetadata;
            o.CallbackPath = OidcOptions.CallbackPath;
            // Authorization Code with PKCE, the code returned in the query of a top-level GET: the callback needs no
            // exemption from the antiforgery guard (which checks unsafe methods only), and the correlation and nonce
            // cookies can be SameSite=Lax, which a top-level navigation carries, and work over plain http on loopback.
            o.ResponseType = OpenIdConnectResponseType.Code;
            o.ResponseMode = OpenIdConnectResponseMode.Query;
            o.UsePkce = true;
            o.CorrelationCookie.SameSite = SameSiteMode.Lax;
            o.CorrelationCookie.SecurePolicy = CookieSecurePolicy.SameAsRequest;
            o.NonceCookie.SameSite = SameSiteMode.Lax;
            o.NonceCookie.SecurePolicy = CookieSecurePolicy.SameAsRequest;
            o.Scope.Clear();
            foreach (var scope in settings.Scopes)
                o.Scope.Add(scope);
            o.MapInboundClaims = false; // keep the provider's claim names: sub, email, email_verified, name
            o.SaveTokens = false; // the app calls no API of the provider
            o.Events.OnAccessDenied = context => SsoEndpoints.ShowRefusalAsync(context, SsoRefusal.Cancelled, "access denied at the provider");
            o.Events.OnRemoteFailure = context => SsoEndpoints.ShowRefusalAsync(context, context.Failure);
        });
    }

    /// <summary>
    /// Names every problem, and refuses a client secret that sits in a JSON settings file (appsettings*.json, which is
    /// committed and copied around); user-secrets are JSON too, but kept outside the project, so they are allowed.
    /// </summary>
    internal sealed class OidcOptionsValidator(IConfiguration configuration) : IValidateOptions<OidcOptions>
    {
        public ValidateOptionsResult Validate(string? name, OidcOptions options)
        {
            var problems = options.Problems().ToList();
            if (configuration is IConfigurationRoot root
                && root.Providers.OfType<JsonConfigurationProvider>().FirstOrDefault(p =>
                    p.Source.Path?.EndsWith("secrets.json", StringComparison.OrdinalIgnoreCase) != true
                    && p.TryGet(OidcOptions.Section + ":ClientSecret", out _)) is { } file)
                problems.Add($"Auth:Oidc:ClientSecret must not be in a settings file ({file.Source.Path}): set it in the environment (Auth__Oidc__ClientSecret) or user-secrets (docs/configuration.md, single sign-on)");
            return problems.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(problems);
        }
    }
}
