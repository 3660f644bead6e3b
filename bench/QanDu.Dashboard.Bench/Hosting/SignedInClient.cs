using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using System.Security.Claims;
using QanDu.Dashboard.Data.Entities;
using QanDu.Dashboard.Features.Access;
using QanDu.Dashboard.Features.Account;

namespace QanDu.Dashboard.Bench.Hosting;

/// <summary>
/// An HTTP client on the app's real socket that carries a user's sign-in cookie, as a browser does after signing in.
/// The cookie is made with the app's own cookie ticket format and claims factory; the one write is the server-side
/// session it names (every sign-in cookie needs one), not the data set's conversations.
/// </summary>
public static class SignedInClient
{
    public static async Task<HttpClient> CreateAsync(BenchApp app, string userId)
    {
        await using var scope = app.Services.CreateAsyncScope();
        var users = scope.ServiceProvider.GetRequiredService<UserManager<AppUser>>();
        var user = await users.FindByIdAsync(userId) ?? throw new InvalidOperationException($"No user {userId} in the data set.");
        var principal = await scope.ServiceProvider.GetRequiredService<IUserClaimsPrincipalFactory<AppUser>>().CreateAsync(user);
        var session = await app.Services.GetRequiredService<UserSessions>().CreateAsync(user.Id, "127.0.0.1", "bench", "password");
        ((ClaimsIdentity)principal.Identity!).AddClaim(new Claim(AppClaims.SessionId, session));
        var cookie = app.Services.GetRequiredService<IOptionsMonitor<CookieAuthenticationOptions>>().Get(IdentityConstants.ApplicationScheme);
        var now = DateTimeOffset.UtcNow;
        var ticket = new AuthenticationTicket(principal,
            new AuthenticationProperties { IssuedUtc = now, ExpiresUtc = now.AddDays(1) }, IdentityConstants.ApplicationScheme);
        var handler = new SocketsHttpHandler { UseCookies = false, AllowAutoRedirect = false };
        var client = new HttpClient(handler) { BaseAddress = app.BaseAddress, Timeout = TimeSpan.FromSeconds(30) };
        client.DefaultRequestHeaders.Add("Cookie", $"{cookie.Cookie.Name}={cookie.TicketDataFormat.Protect(ticket)}");
        client.DefaultRequestHeaders.Accept.ParseAdd("text/html");
        return client;
    }
}
