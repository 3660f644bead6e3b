using System.Collections.Concurrent;
using System.Net;
using System.Security.Claims;
using System.Text.Encodings.Web;
using Microsoft.AspNetCore;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using OpenIddict.Abstractions;
using OpenIddict.Server.AspNetCore;
using static OpenIddict.Abstractions.OpenIddictConstants;

namespace QanDu.Dashboard.Tests.Infrastructure;

/// <summary>
/// A real OpenID Connect provider in the test process: OpenIddict's server on Kestrel at 127.0.0.1 and a free port, with
/// its discovery document, signing keys (an ephemeral RSA key), authorization endpoint (a sign-in form of its own),
/// token endpoint (Authorization Code with PKCE), and test people added with <see cref="AddPerson"/>. Its store is
/// OpenIddict's Entity Framework Core store on an in-memory SQLite database.
/// </summary>
public sealed class OidcTestServer : IAsyncDisposable
{
    public const string ClientId = "qandu-dashboard";
    public const string ClientSecret = "test-client-secret-1234567890";
    public const string Password = "provider-pass";
    private const string LoginScheme = "provider-login";
    private const string CancelledClaim = "cancelled";

    private readonly WebApplication _app;
    private readonly SqliteConnection _store;
    private readonly ConcurrentDictionary<string, TestPerson> _people = new(StringComparer.OrdinalIgnoreCase);

    private OidcTestServer(WebApplication app, SqliteConnection store)
    {
        _app = app;
        _store = store;
    }

    /// <summary>The issuer, e.g. <c>http://127.0.0.1:41234/</c>: the dashboard's <c>Auth:Oidc:Authority</c>.</summary>
    public Uri Authority { get; private set; } = null!;

    public static async Task<OidcTestServer> StartAsync()
    {
        var store = new SqliteConnection("Data Source=:memory:");
        await store.OpenAsync(); // the in-memory database lives as long as this connection
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Logging.ClearProviders();
        var services = builder.Services;
        services.AddSingleton<IDataProtectionProvider>(new EphemeralDataProtectionProvider());
        services.AddDbContext<ProviderStore>(o => o.UseSqlite(store).UseOpenIddict());
        services.AddOpenIddict()
            .AddCore(o => o.UseEntityFrameworkCore().UseDbContext<ProviderStore>())
            .AddServer(o =>
            {
                o.SetAuthorizationEndpointUris("connect/authorize").SetTokenEndpointUris("connect/token");
                o.AllowAuthorizationCodeFlow().RequireProofKeyForCodeExchange();
                o.RegisterScopes(Scopes.Email, Scopes.Profile);
                o.AddEphemeralEncryptionKey().AddEphemeralSigningKey();
                o.UseAspNetCore().EnableAuthorizationEndpointPassthrough().DisableTransportSecurityRequirement();
            });
        // The provider's own sign-in (its cookie is named apart from the dashboard's: both live on 127.0.0.1).
        services.AddAuthentication(LoginScheme).AddCookie(LoginScheme, o => o.Cookie.Name = "test-provider.login");
        services.AddAuthorization();

        var app = builder.Build();
        var server = new OidcTestServer(app, store);
        app.UseAuthentication();
        app.MapMethods("/connect/authorize", [HttpMethods.Get, HttpMethods.Post], (Delegate)server.AuthorizeAsync);
        app.MapPost("/login", (Delegate)server.LogInAsync);
        app.MapGet("/favicon.ico", () => Results.NoContent()); // browsers ask; a 404 would read as a broken page
        await using (var scope = app.Services.CreateAsyncScope())
            await scope.ServiceProvider.GetRequiredService<ProviderStore>().Database.EnsureCreatedAsync();
        await app.StartAsync();
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        server.Authority = new Uri(address.TrimEnd('/') + "/");
        return server;
    }

    /// <summary>The dashboard settings that make it use this provider, with the given extra settings.</summary>
    public Dictionary<string, string?> DashboardSettings(params (string Key, string Value)[] more)
    {
        var settings = new Dictionary<string, string?>
        {
            ["Auth:Oidc:Authority"] = Authority.ToString(),
            ["Auth:Oidc:ClientId"] = ClientId,
            ["Auth:Oidc:ClientSecret"] = ClientSecret,
            ["Auth:Oidc:DisplayName"] = "Test Provider",
            ["Auth:Oidc:RequireHttpsMetadata"] = "false",
        };
        foreach (var (key, value) in more)
            settings[key] = value;
        return settings;
    }

    /// <summary>Registers the dashboard at <paramref name="dashboard"/> as a confidential client (its callback is known once it listens).</summary>
    public async Task RegisterClientAsync(Uri dashboard)
    {
        await using var scope = _app.Services.CreateAsyncScope();
        var applications = scope.ServiceProvider.GetRequiredService<IOpenIddictApplicationManager>();
        await applications.CreateAsync(new OpenIddictApplicationDescriptor
        {
            ClientId = ClientId,
            ClientSecret = ClientSecret,
            ClientType = ClientTypes.Confidential,
            DisplayName = "QanDu dashboard under test",
            RedirectUris = { new Uri(dashboard, "/signin-oidc") },
            Permissions =
            {
                Permissions.Endpoints.Authorization, Permissions.Endpoints.Token,
                Permissions.GrantTypes.AuthorizationCode, Permissions.ResponseTypes.Code,
                Permissions.Scopes.Email, Permissions.Scopes.Profile,
            },
            Requirements = { Requirements.Features.ProofKeyForCodeExchange },
        });
    }

    /// <summary>A person who can sign in here with <see cref="Password"/>; the provider vouches for the email only when <paramref name="emailVerified"/>.</summary>
    public TestPerson AddPerson(string email, string name, bool emailVerified = true)
    {
        var person = new TestPerson($"sub-{Guid.NewGuid():N}", email, name, emailVerified);
        _people[email] = person;
        return person;
    }

    /// <summary>
    /// Signs in as a browser would, without one: a client that keeps cookies and follows redirects opens the dashboard's
    /// single sign-on, fills this provider's form, and follows the redirects back. Answers the last response: the inbox,
    /// or the page that says why not.
    /// </summary>
    public async Task<HttpResponseMessage> SignInThroughAsync(HttpClient client, Uri dashboard, string email, bool cancel = false, string start = "/account/sso")
    {
        var form = await client.GetAsync(new Uri(dashboard, start));
        var authorize = form.RequestMessage!.RequestUri!;
        if (authorize.AbsolutePath != "/connect/authorize")
            throw new InvalidOperationException($"Expected this provider's sign-in form, got HTTP {(int)form.StatusCode} at {authorize}.");
        return await client.PostAsync(new Uri(Authority, "/login"), new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["email"] = email,
            ["password"] = Password,
            ["returnUrl"] = authorize.PathAndQuery,
            ["cancel"] = cancel ? "1" : "",
        }));
    }

    /// <summary>A client that keeps cookies (for both servers on 127.0.0.1) and follows redirects, like a browser.</summary>
    public static HttpClient BrowserLikeClient() =>
        new(new HttpClientHandler { CookieContainer = new CookieContainer(), AllowAutoRedirect = true, MaxAutomaticRedirections = 10 });

    private async Task<IResult> AuthorizeAsync(HttpContext http)
    {
        var request = http.GetOpenIddictServerRequest() ?? throw new InvalidOperationException("Not an OpenID Connect request.");
        var login = await http.AuthenticateAsync(LoginScheme);
        if (login.Succeeded && login.Principal.HasClaim(CancelledClaim, "true"))
        {
            // The person pressed Cancel: the provider answers the client with error=access_denied, as real ones do.
            await http.SignOutAsync(LoginScheme);
            return Results.Forbid(new AuthenticationProperties(new Dictionary<string, string?>
            {
                [OpenIddictServerAspNetCoreConstants.Properties.Error] = Errors.AccessDenied,
                [OpenIddictServerAspNetCoreConstants.Properties.ErrorDescription] = "The person cancelled the sign-in.",
            }), [OpenIddictServerAspNetCoreDefaults.AuthenticationScheme]);
        }
        if (!login.Succeeded || !_people.TryGetValue(login.Principal.FindFirstValue(Claims.Email) ?? "", out var person))
            return Results.Content(LoginPage(http.Request.Path + http.Request.QueryString, error: null), "text/html; charset=utf-8");

        var identity = new ClaimsIdentity(authenticationType: "test-provider", Claims.Name, Claims.Role);
        identity.SetClaim(Claims.Subject, person.Subject).SetClaim(Claims.Email, person.Email).SetClaim(Claims.Name, person.Name);
        identity.AddClaim(new Claim(Claims.EmailVerified, person.EmailVerified ? "true" : "false", ClaimValueTypes.Boolean));
        identity.SetScopes(request.GetScopes());
        identity.SetDestinations(_ => [Destinations.IdentityToken, Destinations.AccessToken]);
        return Results.SignIn(new ClaimsPrincipal(identity), properties: null, OpenIddictServerAspNetCoreDefaults.AuthenticationScheme);
    }

    private async Task<IResult> LogInAsync(HttpContext http)
    {
        var form = await http.Request.ReadFormAsync();
        var returnUrl = form["returnUrl"].ToString();
        if (!returnUrl.StartsWith("/connect/authorize?", StringComparison.Ordinal))
            return Results.BadRequest("returnUrl must be this provider's authorization request.");
        if (form["cancel"] == "1")
        {
            await http.SignInAsync(LoginScheme, new ClaimsPrincipal(new ClaimsIdentity([new Claim(CancelledClaim, "true")], LoginScheme)));
            return Results.Redirect(returnUrl);
        }
        if (!_people.TryGetValue(form["email"].ToString(), out var person) || form["password"] != Password)
            return Results.Content(LoginPage(returnUrl, "Unknown email or wrong password."), "text/html; charset=utf-8", statusCode: 200);
        var identity = new ClaimsIdentity([new Claim(Claims.Email, person.Email)], LoginScheme);
        await http.SignInAsync(LoginScheme, new ClaimsPrincipal(identity));
        return Results.Redirect(returnUrl);
    }

    private static string LoginPage(string returnUrl, string? error)
    {
        var html = HtmlEncoder.Default;
        return $"""
            <!doctype html>
            <html lang="en"><head><meta charset="utf-8"><title>Test Provider · Sign in</title></head>
            <body style="font-family: sans-serif; max-width: 22rem; margin: 4rem auto">
              <h1>Test Provider</h1>
              {(error is null ? "" : $"<p role=\"alert\">{html.Encode(error)}</p>")}
              <form method="post" action="/login">
                <input type="hidden" name="returnUrl" value="{html.Encode(returnUrl)}">
                <p><label>Email <input name="email" type="email" id="provider-email"></label></p>
                <p><label>Password <input name="password" type="password" id="provider-password"></label></p>
                <p><button type="submit">Continue</button> <button type="submit" name="cancel" value="1">Cancel</button></p>
              </form>
            </body></html>
            """;
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
        await _store.DisposeAsync();
    }

    /// <summary>A person the provider knows.</summary>
    public sealed record TestPerson(string Subject, string Email, string Name, bool EmailVerified);

    private sealed class ProviderStore(DbContextOptions<ProviderStore> options) : DbContext(options);
}
