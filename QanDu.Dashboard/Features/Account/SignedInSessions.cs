using System.Security.Claims;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using QanDu.Dashboard.Data;
using QanDu.Dashboard.Data.Entities;

namespace QanDu.Dashboard.Features.Account;

/// <summary>
/// Sign-in cookie sessions end on the server. Signing out changes the person's security stamp, and every request with
/// the cookie compares the stamp it carries with the stored one (one primary-key read), so a copy of the cookie taken
/// before signing out no longer signs anyone in. It signs the person out of every browser: one stamp per person.
/// </summary>
internal static class SignedInSessions
{
    /// <summary>The cookie's <c>OnValidatePrincipal</c>: the stamp check, then Identity's periodic refresh of roles and claims.</summary>
    public static async Task ValidateAsync(CookieValidatePrincipalContext context)
    {
        var services = context.HttpContext.RequestServices;
        var claims = services.GetRequiredService<IOptions<IdentityOptions>>().Value.ClaimsIdentity;
        var userId = context.Principal?.FindFirstValue(claims.UserIdClaimType);
        var stamp = context.Principal?.FindFirstValue(claims.SecurityStampClaimType);
        if (userId is null || stamp is null || stamp != await StoredStampAsync(services, userId, context.HttpContext.RequestAborted))
        {
            context.RejectPrincipal();
            await context.HttpContext.SignOutAsync(IdentityConstants.ApplicationScheme);
            return;
        }
        await SecurityStampValidator.ValidatePrincipalAsync(context);
    }

    /// <summary>Signs the request's person out and ends every session of theirs (a new security stamp).</summary>
    public static async Task SignOutEverywhereAsync(SignInManager<AppUser> signIn, ClaimsPrincipal principal)
    {
        if (await signIn.UserManager.GetUserAsync(principal) is { } user)
            await signIn.UserManager.UpdateSecurityStampAsync(user);
        await signIn.SignOutAsync();
    }

    private static async Task<string?> StoredStampAsync(IServiceProvider services, string userId, CancellationToken ct)
    {
        await using var db = await services.GetRequiredService<IDbContextFactory<ChatDbContext>>().CreateDbContextAsync(ct);
        return await db.Users.Where(u => u.Id == userId).Select(u => u.SecurityStamp).FirstOrDefaultAsync(ct);
    }
}
