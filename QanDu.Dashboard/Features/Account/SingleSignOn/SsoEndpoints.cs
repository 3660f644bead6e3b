using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.Options;

namespace QanDu.Dashboard.Features.Account.SingleSignOn;

/// <summary>
/// The two steps around the provider: <c>/account/sso</c> sends the browser to it, and <c>/account/sso/complete</c>, where
/// the OpenID Connect handler returns after checking the provider's answer at <c>/signin-oidc</c>, signs the person in
/// (<see cref="SsoSignIn"/>) or shows why not at <c>/account/sso/refused</c>. Both are plain GETs anyone may open: starting a
/// sign-in changes nothing here, and the answer is bound to this browser by the handler's state and correlation cookie.
/// </summary>
internal static class SsoEndpoints
{
    public const string StartPath = "/account/sso";
    public const string CompletePath = "/account/sso/complete";
    public const string RefusedPath = "/account/sso/refused";

    public static IEndpointRouteBuilder MapSingleSignOn(this IEndpointRouteBuilder routes)
    {
        var sso = routes.MapGroup(StartPath).AllowAnonymous().ExcludeFromDescription(); // the browser's, not the REST API's
        sso.MapGet("", async (string? returnUrl, HttpContext http, IOptions<OidcOptions> options, ILogger<SsoSignIn> logger) =>
        {
            if (!options.Value.IsEnabled)
                return Results.NotFound();
            var back = ReturnUrls.LocalOrInbox(returnUrl, BaseUri(http));
            var properties = new AuthenticationProperties { RedirectUri = $"{CompletePath}?returnUrl={Uri.EscapeDataString(back)}" };
            try
            {
                await http.ChallengeAsync(OidcOptions.Scheme, properties); // reads the provider's discovery document first
                return Results.Empty;
            }
            catch (Exception ex) when (ex is InvalidOperationException or HttpRequestException && !http.Response.HasStarted)
            {
                logger.LogWarning(ex, "Single sign-on could not start: the provider's metadata at {Authority} could not be read", options.Value.Authority);
                return Results.LocalRedirect(RefusedUrl(SsoRefusal.Unavailable));
            }
        });
        sso.MapGet("/complete", async (string? returnUrl, HttpContext http, SsoSignIn signIn, IOptions<OidcOptions> options) =>
        {
            if (!options.Value.IsEnabled)
                return Results.NotFound();
            var external = await http.AuthenticateAsync(IdentityConstants.ExternalScheme);
            await http.SignOutAsync(IdentityConstants.ExternalScheme); // used once, whatever comes of it
            var outcome = external.Succeeded
                ? await signIn.SignInAsync(external.Principal, http.Connection.RemoteIpAddress, http.RequestAborted)
                : await signIn.RefuseAsync(SsoRefusal.Expired, http.Connection.RemoteIpAddress, http.RequestAborted);
            return outcome.Refusal is { } refusal
                ? Results.LocalRedirect(RefusedUrl(refusal))
                : Results.LocalRedirect(ReturnUrls.LocalOrInbox(returnUrl, BaseUri(http)));
        });
        return routes;
    }

    /// <summary>The OpenID Connect handler's failure events: the refusal page instead of an exception (a 500).</summary>
    public static Task ShowRefusalAsync(RemoteFailureContext context, Exception? failure) =>
        ShowAsync(context, SsoRefusal.Failed, failure?.Message, failure);

    public static Task ShowRefusalAsync(AccessDeniedContext context, SsoRefusal refusal, string detail) =>
        ShowAsync(context, refusal, detail, null);

    private static async Task ShowAsync<TOptions>(HandleRequestContext<TOptions> context, SsoRefusal refusal, string? detail, Exception? failure)
        where TOptions : AuthenticationSchemeOptions
    {
        var http = context.HttpContext;
        http.RequestServices.GetRequiredService<ILogger<SsoSignIn>>()
            .LogWarning(failure, "Single sign-on callback failed ({Refusal}): {Detail}", refusal, detail);
        // The provider's or an attacker's text stays in the server log; the audit log says what kind of failure it was.
        await http.RequestServices.GetRequiredService<SsoSignIn>().RefuseAsync(refusal, http.Connection.RemoteIpAddress, http.RequestAborted);
        context.Response.Redirect(RefusedUrl(refusal));
        context.HandleResponse();
    }

    private static string RefusedUrl(SsoRefusal refusal) => $"{RefusedPath}?reason={refusal}";

    private static Uri BaseUri(HttpContext http) => new($"{http.Request.Scheme}://{http.Request.Host}{http.Request.PathBase}/");
}
