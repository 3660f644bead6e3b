using System.Globalization;
using System.Security.Claims;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.Options;
using QanDu.Dashboard.Data.Entities;
using QanDu.Dashboard.Features.Access;
using QanDu.Dashboard.Features.Audit;

namespace QanDu.Dashboard.Features.Account;

/// <summary>
/// Sign-in cookie sessions live on the server (<see cref="UserSessions"/>). Each cookie names its session; every request
/// with it checks that the session was not ended, the person not deactivated and their security stamp unchanged (one
/// indexed read), so a copy of the cookie taken before signing out no longer signs anyone in. When roles or name changed
/// since the cookie was issued, the cookie is rebuilt from the database on that request.
/// </summary>
internal static class SignedInSessions
{
    /// <summary>The cookie's <c>OnSigningIn</c>: every sign-in (password, two-factor, single sign-on, invitation) gets a session.</summary>
    public static async Task SigningInAsync(CookieSigningInContext context)
    {
        if (context.Principal?.Identity is not ClaimsIdentity identity || identity.HasClaim(c => c.Type == AppClaims.SessionId))
            return;
        var services = context.HttpContext.RequestServices;
        var userId = identity.FindFirst(Options(services).UserIdClaimType)?.Value;
        if (userId is null)
            return;
        // A refresh of the cookie in a browser already signed in (a changed password or name) keeps that browser's session.
        var current = context.HttpContext.User;
        var sessionId = current.FindFirstValue(Options(services).UserIdClaimType) == userId ? current.FindFirstValue(AppClaims.SessionId) : null;
        if (sessionId is null)
        {
            var http = context.HttpContext;
            sessionId = await services.GetRequiredService<UserSessions>().CreateAsync(userId,
                http.Connection.RemoteIpAddress?.ToString(), http.Request.Headers.UserAgent.ToString(),
                MethodOf(identity), http.RequestAborted);
        }
        identity.AddClaim(new Claim(AppClaims.SessionId, sessionId));
    }

    /// <summary>The cookie's <c>OnValidatePrincipal</c>.</summary>
    public static async Task ValidateAsync(CookieValidatePrincipalContext context)
    {
        var services = context.HttpContext.RequestServices;
        var principal = context.Principal;
        var userId = principal?.FindFirstValue(Options(services).UserIdClaimType);
        var stamp = principal?.FindFirstValue(Options(services).SecurityStampClaimType);
        var sessionId = principal?.FindFirstValue(AppClaims.SessionId);
        var ct = context.HttpContext.RequestAborted;
        if (principal is null || userId is null || stamp is null || sessionId is null)
        {
            // Cookies issued before sessions existed (or forged without one) sign in again.
            await RejectAsync(context);
            return;
        }

        var sessions = services.GetRequiredService<UserSessions>();
        switch (await sessions.CheckAsync(userId, sessionId, stamp, AccessVersionOf(principal), ct))
        {
            case SessionState.Ended:
                await RejectAsync(context);
                return;
            case SessionState.Refresh:
                await RefreshAsync(context, userId, sessionId);
                break;
        }
        await sessions.TouchAsync(sessionId, ct);
    }

    /// <summary>Signs this browser out: its session ends on the server, the person's other browsers stay signed in.</summary>
    public static async Task SignOutAsync(SignInManager<AppUser> signIn, UserSessions sessions, HttpContext http)
    {
        var user = http.User;
        if (user.FindFirstValue(ClaimTypes.NameIdentifier) is { } userId && user.FindFirstValue(AppClaims.SessionId) is { } sessionId)
            await sessions.EndAsync(userId, sessionId, AuditActor.From(user, http.Connection.RemoteIpAddress), http.RequestAborted);
        await signIn.SignOutAsync();
    }

    /// <summary>How the browser signed in, from the claims Identity sets: "amr" (pwd, mfa) or the method a sign-in named.</summary>
    private static string MethodOf(ClaimsIdentity identity) =>
        identity.FindFirst(ClaimTypes.AuthenticationMethod)?.Value switch
        {
            { Length: > 0 } named => named,
            _ => identity.FindFirst("amr")?.Value switch
            {
                "mfa" => "two-factor",
                "pwd" or null => "password",
                var other => other,
            },
        };

    public static int AccessVersionOf(ClaimsPrincipal principal) =>
        int.TryParse(principal.FindFirstValue(AppClaims.AccessVersion), NumberStyles.None, CultureInfo.InvariantCulture, out var version) ? version : -1;

    private static async Task RefreshAsync(CookieValidatePrincipalContext context, string userId, string sessionId)
    {
        var signIn = context.HttpContext.RequestServices.GetRequiredService<SignInManager<AppUser>>();
        if (await signIn.UserManager.FindByIdAsync(userId) is not { } user)
        {
            await RejectAsync(context);
            return;
        }
        var fresh = await signIn.CreateUserPrincipalAsync(user);
        var identity = (ClaimsIdentity)fresh.Identity!;
        identity.AddClaim(new Claim(AppClaims.SessionId, sessionId));
        if (context.Principal!.FindFirst(ClaimTypes.AuthenticationMethod) is { } method)
            identity.AddClaim(new Claim(method.Type, method.Value));
        context.ReplacePrincipal(fresh);
        context.ShouldRenew = true;
    }

    private static async Task RejectAsync(CookieValidatePrincipalContext context)
    {
        context.RejectPrincipal();
        await context.HttpContext.SignOutAsync(IdentityConstants.ApplicationScheme);
    }

    private static ClaimsIdentityOptions Options(IServiceProvider services) =>
        services.GetRequiredService<IOptions<IdentityOptions>>().Value.ClaimsIdentity;
}
