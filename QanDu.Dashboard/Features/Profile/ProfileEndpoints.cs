using System.Security.Claims;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc;
using QanDu.Dashboard.Data.Entities;
using QanDu.Dashboard.Features.Account;
using QanDu.Dashboard.Features.Audit;
using QanDu.Dashboard.Realtime;

namespace QanDu.Dashboard.Features.Profile;

/// <summary>
/// The profile's two HTTP doors: a person's picture (<c>GET /api/chat/users/{id}/avatar</c>), and the password change
/// form (<c>POST /account/password</c>). The password change is a form post rather than a circuit call because it must
/// rewrite this browser's cookie (the new security stamp ends every other session), which only a response can do.
/// </summary>
internal static class ProfileEndpoints
{
    public static IEndpointRouteBuilder MapProfileEndpoints(this IEndpointRouteBuilder routes)
    {
        routes.MapGet("/api/chat/users/{id}/avatar", GetPictureAsync).WithTags("Chat").RequireAuthorization()
            .Produces(StatusCodes.Status200OK, contentType: "image/png")
            .ProducesProblem(StatusCodes.Status401Unauthorized)
            .ProducesProblem(StatusCodes.Status404NotFound);
        routes.MapPost("/account/password", ChangePasswordAsync).RequireAuthorization()
            .DisableAntiforgery() // checked for every cookie post in one place (Hosting/CrossSiteRequestGuard)
            .ExcludeFromDescription(); // the profile page's own form, not part of the REST API
        return routes;
    }

    private static async Task<IResult> GetPictureAsync(string id, HttpContext http, AvatarCatalog catalog, ProfileService profiles)
    {
        if (await catalog.GetAsync(id) is not { File: { } file } || profiles.PictureOf(file) is not { } picture)
            return TypedResults.Problem(statusCode: StatusCodes.Status404NotFound, title: "Not found", detail: "This person has no profile picture.");
        var headers = http.Response.Headers;
        headers.XContentTypeOptions = "nosniff";
        headers.ContentSecurityPolicy = "default-src 'none'; sandbox";
        headers.ContentDisposition = "inline";
        headers.CacheControl = "private, max-age=86400"; // the address names the stored file: a new picture is a new address
        return TypedResults.PhysicalFile(picture.Path, picture.MimeType);
    }

    private static async Task<IResult> ChangePasswordAsync(
        [FromForm] string? currentPassword, [FromForm] string? newPassword, [FromForm] string? confirmPassword,
        HttpContext http, ClaimsPrincipal principal, SignInManager<AppUser> signIn, SignInThrottle throttle, AuditLog audit, IChatEvents events)
    {
        var users = signIn.UserManager;
        var user = await users.GetUserAsync(principal);
        if (user is null)
            return TypedResults.LocalRedirect("/account/login");
        var address = SignInThrottle.AddressKey(http.Connection.RemoteIpAddress);
        var account = users.NormalizeName(user.UserName) ?? "";
        if (throttle.Admit(address, account) is not null)
            return Back("throttled");
        if (string.IsNullOrEmpty(currentPassword) || string.IsNullOrEmpty(newPassword))
            return Back("missing");
        if (newPassword != confirmPassword)
            return Back("mismatch");
        if (newPassword == currentPassword)
            return Back("same");

        var result = await users.ChangePasswordAsync(user, currentPassword, newPassword); // also a new security stamp
        if (!result.Succeeded)
        {
            if (result.Errors.Any(e => e.Code == nameof(IdentityErrorDescriber.PasswordMismatch)))
            {
                throttle.Failed(address, account, accountExists: true); // guessing the password from a stolen session counts
                return Back("wrong");
            }
            return Back("rejected");
        }
        await users.UpdateSecurityStampAsync(user);
        await signIn.RefreshSignInAsync(user); // this browser stays signed in, with the new stamp; every other session ends
        await audit.RecordAsync(AuditActor.From(principal, http.Connection.RemoteIpAddress),
            new AuditRecord("user.password_changed", "user", user.Id, user.DisplayName, Detail: "Every other session was signed out."));
        events.Publish(new AccessChanged(user.Id));
        return Back("changed");
    }

    private static IResult Back(string outcome) => TypedResults.LocalRedirect($"/profile?password={outcome}#password");
}
