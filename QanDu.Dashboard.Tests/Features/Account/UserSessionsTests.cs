using System.Net;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using QanDu.Dashboard.Data.Entities;
using QanDu.Dashboard.Features.Access;
using QanDu.Dashboard.Features.Account;
using QanDu.Dashboard.Features.Audit;
using QanDu.Dashboard.Tests.Infrastructure;

namespace QanDu.Dashboard.Tests.Features.Account;

/// <summary>
/// Every sign-in is a session on the server: signing out ends that browser only, "sign out everywhere else" ends the
/// others, deactivation ends all, and a role change reaches an existing cookie at its next request.
/// </summary>
public sealed class UserSessionsTests(DashboardFactory factory) : IClassFixture<DashboardFactory>
{
    private const string Password = "Sessions-2026";

    private UserSessions Sessions => factory.Services.GetRequiredService<UserSessions>();

    [Fact]
    public async Task SignOut_InOneOfTwoBrowsers_TheOtherStaysSignedIn()
    {
        var (userId, email) = await CreatePersonAsync("Two Browsers", Roles.Agent);
        var laptop = await SignInAsync(email);
        var phone = await SignInAsync(email);

        var signedOut = await PostLogoutAsync(laptop);

        signedOut.StatusCode.Should().Be(HttpStatusCode.Redirect);
        (await GetAsync("/api/chat/threads", laptop)).StatusCode.Should().Be(HttpStatusCode.Unauthorized);
        (await GetAsync("/api/chat/threads", phone)).StatusCode.Should().Be(HttpStatusCode.OK, "signing out one browser leaves the others");
        (await Sessions.ListAsync(userId)).Should().ContainSingle();
    }

    [Fact]
    public async Task EndOthers_FromOneBrowser_OtherCookiesRefusedThisOneWorks()
    {
        var (userId, email) = await CreatePersonAsync("Many Browsers", Roles.Agent);
        var kept = await SignInAsync(email);
        var other1 = await SignInAsync(email);
        var other2 = await SignInAsync(email);
        var sessions = await Sessions.ListAsync(userId);
        sessions.Should().HaveCount(3);
        var keptId = await SessionIdOfAsync(kept, sessions);

        var ended = await Sessions.EndOthersAsync(userId, keptId, new AuditActor(userId, "Many Browsers", "127.0.0.1"));

        ended.Should().Be(2);
        (await GetAsync("/api/chat/threads", kept)).StatusCode.Should().Be(HttpStatusCode.OK);
        (await GetAsync("/api/chat/threads", other1)).StatusCode.Should().Be(HttpStatusCode.Unauthorized);
        (await GetAsync("/api/chat/threads", other2)).StatusCode.Should().Be(HttpStatusCode.Unauthorized);
        var audit = await factory.QueryAsync(db => db.AuditLog.AsNoTracking().SingleAsync(a => a.TargetId == userId && a.Action == "session.ended_others"));
        audit.Detail.Should().Be("2 session(s) signed out");
    }

    [Fact]
    public async Task Deactivated_ExistingCookie_RefusedAtItsNextRequest()
    {
        var (userId, email) = await CreatePersonAsync("Leaving Agent", Roles.Agent);
        var cookie = await SignInAsync(email);
        (await GetAsync("/api/chat/threads", cookie)).StatusCode.Should().Be(HttpStatusCode.OK);

        await factory.QueryAsync(db => db.Users.Where(u => u.Id == userId)
            .ExecuteUpdateAsync(u => u.SetProperty(x => x.DeactivatedAt, DateTime.UtcNow)));

        (await GetAsync("/api/chat/threads", cookie)).StatusCode.Should().Be(HttpStatusCode.Unauthorized);
    }

    [Fact]
    public async Task RoleChanged_ExistingCookie_CarriesTheNewRoleAtItsNextRequest()
    {
        var (userId, email) = await CreatePersonAsync("Promoted Agent", Roles.Agent);
        var cookie = await SignInAsync(email);
        var before = await GetAsync("/admin/labels", cookie);
        before.StatusCode.Should().Be(HttpStatusCode.Redirect);
        before.Headers.Location!.ToString().Should().Contain("/access-denied");

        await using (var scope = factory.Services.CreateAsyncScope())
        {
            var users = scope.ServiceProvider.GetRequiredService<UserManager<AppUser>>();
            var user = (await users.FindByIdAsync(userId))!;
            await users.AddToRoleAsync(user, Roles.Admin);
            user.AccessVersion++;
            await users.UpdateAsync(user);
        }
        var after = await GetAsync("/admin/labels", cookie);

        after.StatusCode.Should().Be(HttpStatusCode.OK, "the cookie was rebuilt from the database on this request");
        FormSignIn.CookieFrom(after, FormSignIn.AuthCookieName).Should().NotBeNull("the renewed cookie goes back to the browser");
        (await Sessions.ListAsync(userId)).Should().ContainSingle("refreshing the cookie keeps its session");
    }

    [Fact]
    public async Task SignIn_RecordsTheBrowserAndAddress()
    {
        var (userId, email) = await CreatePersonAsync("Recorded Agent", Roles.Agent);

        await SignInAsync(email);

        var session = (await Sessions.ListAsync(userId)).Should().ContainSingle().Subject;
        session.Method.Should().Be("password");
        session.LastSeenAt.Should().BeCloseTo(DateTime.UtcNow, TimeSpan.FromMinutes(1));
    }

    private async Task<(string UserId, string Email)> CreatePersonAsync(string name, string role) =>
        await FormSignIn.CreateUserAsync(factory.Services, name, role, Password);

    private async Task<string> SignInAsync(string email) => await FormSignIn.SignInAsync(NewClient(), email, Password);

    /// <summary>Which of the sessions a cookie belongs to: the one whose sign-out ends it.</summary>
    private async Task<string> SessionIdOfAsync(string cookie, IReadOnlyList<SessionView> sessions)
    {
        var protector = factory.Services.GetRequiredService<Microsoft.Extensions.Options.IOptionsMonitor<Microsoft.AspNetCore.Authentication.Cookies.CookieAuthenticationOptions>>()
            .Get(IdentityConstants.ApplicationScheme).TicketDataFormat;
        var ticket = protector.Unprotect(Uri.UnescapeDataString(cookie[(FormSignIn.AuthCookieName.Length + 1)..]))!;
        var id = ticket.Principal.FindFirst(AppClaims.SessionId)!.Value;
        sessions.Select(s => s.Id).Should().Contain(id);
        return id;
    }

    private async Task<HttpResponseMessage> PostLogoutAsync(string cookie)
    {
        var client = NewClient();
        var inbox = await GetAsync("/", cookie);
        var token = FormSignIn.TokenOf(await inbox.Content.ReadAsStringAsync());
        var antiforgery = FormSignIn.CookieFrom(inbox, ".AspNetCore.Antiforgery");
        using var request = new HttpRequestMessage(HttpMethod.Post, "/account/logout")
        {
            Content = new FormUrlEncodedContent(new Dictionary<string, string> { ["__RequestVerificationToken"] = token }),
        };
        request.Headers.Add("Cookie", $"{cookie}; {antiforgery}");
        return await client.SendAsync(request);
    }

    private async Task<HttpResponseMessage> GetAsync(string path, string cookie)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, path);
        request.Headers.Add("Cookie", cookie);
        return await NewClient().SendAsync(request);
    }

    private HttpClient NewClient() =>
        factory.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false, HandleCookies = false });
}
