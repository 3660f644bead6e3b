using Microsoft.AspNetCore.Identity;
using QanDu.Dashboard.Data.Entities;

namespace QanDu.Dashboard.Features.Account;

internal static class AccountEndpoints
{
    public static IEndpointRouteBuilder MapAccountEndpoints(this IEndpointRouteBuilder routes)
    {
        // A form post from the user menu, with its antiforgery token (checked for every cookie post, in Hosting).
        // Signing out ends this browser's session on the server, so a copy of its cookie is worth nothing afterwards.
        routes.MapPost("/account/logout", async (SignInManager<AppUser> signIn, UserSessions sessions, HttpContext http) =>
        {
            await SignedInSessions.SignOutAsync(signIn, sessions, http);
            return TypedResults.LocalRedirect("/account/login");
        }).ExcludeFromDescription(); // the dashboard's own sign-out form, not part of the REST API
        return routes;
    }
}
