using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Identity;
using QanDu.Dashboard.Data;
using QanDu.Dashboard.Data.Entities;
using QanDu.Dashboard.Features.Account;
using QanDu.Dashboard.Features.TwoFactor;
using QanDu.Dashboard.Features.Widget;
using QanDu.Dashboard.Features.Account.SingleSignOn;

namespace QanDu.Dashboard.Hosting;

internal static class AuthRegistration
{
    private const string CookieOrApiKey = "CookieOrApiKey";

    public static WebApplicationBuilder AddAuth(this WebApplicationBuilder builder)
    {
        var services = builder.Services;
        services.AddSingleton<ApiKeyService>();
        services.AddSingleton<UserSessions>();
        services.AddOptions<SignInLimitOptions>().BindConfiguration(SignInLimitOptions.Section).ValidateDataAnnotations()
            .Validate(o => o.LockoutFailureLimit > o.AccountAddressFailureLimit,
                "SignIn:LockoutFailureLimit must be above SignIn:AccountAddressFailureLimit, so that one address alone cannot lock an account (docs/configuration.md).")
            .ValidateOnStart();
        services.AddSingleton<SignInThrottle>();
        services.AddScoped<AccountLockout>();
        services.AddScoped<PasswordSignIn>();
        services.AddScoped<TwoFactorSignIn>();
        // Identity's own failure counter is not used (lockoutOnFailure: false): PasswordSignIn locks by SignIn settings.
        services.AddIdentityCore<AppUser>(o =>
            {
                o.User.RequireUniqueEmail = true;
                o.Password.RequiredLength = 8;
                o.Password.RequireNonAlphanumeric = false;
            })
            .AddRoles<IdentityRole>()
            .AddEntityFrameworkStores<ChatDbContext>()
            .AddSignInManager()
            .AddClaimsPrincipalFactory<AppClaimsFactory>()
            .AddDefaultTokenProviders()
            // In place of Identity's authenticator provider: the same codes, but a code already used is refused.
            .AddTokenProvider<ReplayGuardedAuthenticatorProvider>(TokenOptions.DefaultAuthenticatorProvider);

        // A request to the API with a bearer key signs in by the key; anything else (pages, the circuit) by the cookie.
        var authentication = services.AddAuthentication(o =>
            {
                o.DefaultScheme = CookieOrApiKey;
                o.DefaultChallengeScheme = CookieOrApiKey;
            })
            // The widget's paths sign in by visitor token only: never by the cookie or a key (Features/Widget).
            .AddPolicyScheme(CookieOrApiKey, "Cookie or API key", o => o.ForwardDefaultSelector = context =>
                WidgetPaths.Applies(context.Request) ? VisitorAuthenticationHandler.SchemeName
                : ApiKeyAuthenticationHandler.Applies(context.Request)
                    ? ApiKeyAuthenticationHandler.SchemeName
                    : IdentityConstants.ApplicationScheme)
            .AddScheme<AuthenticationSchemeOptions, ApiKeyAuthenticationHandler>(ApiKeyAuthenticationHandler.SchemeName, null);
        authentication.AddIdentityCookies();
        builder.AddSingleSignOn(authentication); // OpenID Connect, only when Auth:Oidc turns it on

        services.ConfigureApplicationCookie(o =>
        {
            o.LoginPath = "/account/login";
            o.AccessDeniedPath = "/access-denied"; // signed in but not allowed: say so, not the sign-in form
            o.ExpireTimeSpan = TimeSpan.FromDays(14);
            o.SlidingExpiration = true;
            o.Cookie.Name = "qandu.auth";
            // Secure whenever the browser came over TLS, directly or through a trusted proxy (X-Forwarded-Proto).
            o.Cookie.SecurePolicy = CookieSecurePolicy.SameAsRequest;
            o.Events.OnSigningIn = SignedInSessions.SigningInAsync;
            o.Events.OnValidatePrincipal = SignedInSessions.ValidateAsync;
            // The sign-in page redirects after signing in, to a checked local path; the handler's own redirect to a
            // raw ReturnUrl would put a non-ASCII path into a header (a 500).
            o.Events.OnRedirectToReturnUrl = _ => Task.CompletedTask;
            // The API, hubs and the circuit answer 401/403 with problem details; only pages redirect to the sign-in page.
            o.Events.OnRedirectToLogin = context => IsApi(context.Request)
                ? Results.Problem(statusCode: 401, title: "Not signed in",
                    detail: "Sign in, or send a personal API key as 'Authorization: Bearer qdk_…'.").ExecuteAsync(context.HttpContext)
                : Redirect(context);
            o.Events.OnRedirectToAccessDenied = context => IsApi(context.Request)
                ? Results.Problem(statusCode: 403, title: "Not allowed").ExecuteAsync(context.HttpContext)
                : Redirect(context);
        });

        services.AddAntiforgery(o => o.Cookie.SecurePolicy = CookieSecurePolicy.SameAsRequest);

        // Every endpoint needs a signed-in user unless it is explicitly marked anonymous (the allowlist).
        services.AddAuthorizationBuilder()
            .SetFallbackPolicy(new AuthorizationPolicyBuilder().RequireAuthenticatedUser().Build());
        services.AddCascadingAuthenticationState();
        return builder;
    }

    private static bool IsApi(HttpRequest request) =>
        request.Path.StartsWithSegments("/api") || request.Path.StartsWithSegments("/hubs") || request.Path.StartsWithSegments("/_blazor")
        || request.Path.StartsWithSegments("/health"); // /health/details answers 401/403 to monitors, not a sign-in page

    private static Task Redirect(Microsoft.AspNetCore.Authentication.RedirectContext<Microsoft.AspNetCore.Authentication.Cookies.CookieAuthenticationOptions> context)
    {
        context.Response.Redirect(context.RedirectUri);
        return Task.CompletedTask;
    }
}
