using System.Security.Claims;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.Options;
using QanDu.Dashboard.Data.Entities;
using QanDu.Dashboard.Features.Access;

namespace QanDu.Dashboard.Features.Account;

/// <summary>
/// Puts the display name in the sign-in cookie, so no request needs a user lookup to show it, and the access version, so
/// a change of roles or name reaches the cookie at its next request (<see cref="SignedInSessions"/>).
/// </summary>
internal sealed class AppClaimsFactory(UserManager<AppUser> users, RoleManager<IdentityRole> roles, IOptions<IdentityOptions> options)
    : UserClaimsPrincipalFactory<AppUser, IdentityRole>(users, roles, options)
{
    protected override async Task<ClaimsIdentity> GenerateClaimsAsync(AppUser user)
    {
        var identity = await base.GenerateClaimsAsync(user);
        identity.AddClaim(new Claim(AppClaims.DisplayName, user.DisplayName));
        identity.AddClaim(new Claim(AppClaims.AccessVersion, user.AccessVersion.ToString(System.Globalization.CultureInfo.InvariantCulture)));
        return identity;
    }
}
