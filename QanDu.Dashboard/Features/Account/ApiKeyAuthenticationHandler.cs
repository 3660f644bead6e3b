using System.Security.Claims;
using System.Text.Encodings.Web;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.Options;
using QanDu.Dashboard.Data.Entities;
using QanDu.Dashboard.Features.Access;

namespace QanDu.Dashboard.Features.Account;

/// <summary>
/// Signs a request to the API (<c>/api</c>, and hubs under <c>/hubs</c>) in by <c>Authorization: Bearer qdk_…</c>, as
/// the key's owner with the owner's roles. Pages, the Blazor circuit and key management ignore keys: they need the
/// sign-in cookie, so a leaked key cannot open the dashboard or mint a key that outlives it.
/// </summary>
internal sealed class ApiKeyAuthenticationHandler(
    IOptionsMonitor<AuthenticationSchemeOptions> options,
    ILoggerFactory logger,
    UrlEncoder encoder,
    ApiKeyService keys,
    IUserClaimsPrincipalFactory<AppUser> principals)
    : AuthenticationHandler<AuthenticationSchemeOptions>(options, logger, encoder)
{
    public const string SchemeName = "ApiKey";

    protected override async Task<AuthenticateResult> HandleAuthenticateAsync()
    {
        if (!Applies(Request) || !TryReadBearer(Request, out var secret))
            return AuthenticateResult.NoResult();
        var (principal, failure) = await keys.SignInAsync(secret, principals.CreateAsync, Context.RequestAborted);
        if (principal is null)
            return AuthenticateResult.Fail(failure ?? ApiKeySignIn.UnknownOrRevoked.Failure!);
        // Each request has its own copy of the principal (identities included): mark it, so the caller's kind says it came by API key.
        principal.Identities.First().AddClaim(new Claim(AppClaims.CallerKind, AppClaims.ApiKeyCaller));
        return AuthenticateResult.Success(new AuthenticationTicket(principal, SchemeName));
    }

    protected override async Task HandleChallengeAsync(AuthenticationProperties properties)
    {
        Response.StatusCode = StatusCodes.Status401Unauthorized;
        Response.Headers.WWWAuthenticate = "Bearer";
        var failure = (await HandleAuthenticateOnceSafeAsync()).Failure?.Message;
        await Results.Problem(
                statusCode: 401,
                title: "Not signed in",
                detail: failure ?? "Sign in, or send a personal API key as 'Authorization: Bearer qdk_…'.")
            .ExecuteAsync(Context);
    }

    /// <summary>Whether the request is signed in by its key rather than the cookie: a bearer key, on a path keys may open.</summary>
    public static bool Applies(HttpRequest request) =>
        (request.Path.StartsWithSegments("/api") || request.Path.StartsWithSegments("/hubs") || request.Path.StartsWithSegments("/health/details"))
        && TryReadBearer(request, out _); // a monitor reads /health/details with an admin's key

    public static bool TryReadBearer(HttpRequest request, out string secret)
    {
        secret = "";
        var header = request.Headers.Authorization.ToString();
        if (!header.StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase))
            return TryReadHubAccessToken(request, out secret);
        secret = header["Bearer ".Length..].Trim();
        return secret.Length > 0;
    }

    /// <summary>
    /// Browsers cannot set headers on a WebSocket (nor on server-sent events), so SignalR clients send the key as
    /// <c>?access_token=</c>. Taken only on the integrations hub and only for a key (<c>qdk_…</c>): other paths and other
    /// tokens (the widget's visitor tokens) are not this scheme's.
    /// </summary>
    private static bool TryReadHubAccessToken(HttpRequest request, out string secret)
    {
        secret = "";
        if (!request.Path.StartsWithSegments(HubPath) || !request.Query.TryGetValue("access_token", out var token))
            return false;
        secret = token.ToString().Trim();
        return secret.StartsWith(ApiKeyService.SecretPrefix, StringComparison.Ordinal);
    }

    /// <summary>The integrations hub, the one path that takes a key from the query string.</summary>
    public const string HubPath = "/hubs/chat";
}
