using Microsoft.AspNetCore.Identity;
using QanDu.Dashboard.Data.Entities;

namespace QanDu.Dashboard.Features.Account;

internal static class AccountEndpoints
{
    public static IEndpointRouteBuilder MapAccountEndpoints(this IEndpointRouteBuilder routes)
    {
        // A form post (antiforgery-checked), so a link on another site cannot sign anyone out.
        routes.MapPost("/account/logout", async (SignInManager<AppUser> signIn) =>
        {
            await signIn.SignOutAsync();
            return TypedResults.LocalRedirect("/account/login");
        });
        return routes;
    }
}
