using System.Diagnostics;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using QanDu.Dashboard.Data.Entities;
using QanDu.Dashboard.Features.Access;
using QanDu.Dashboard.Features.Account;
using QanDu.Dashboard.Features.Audit;
using QanDu.Dashboard.Realtime;
using QanDu.Dashboard.Tests.Infrastructure;
using static Microsoft.Playwright.Assertions;

namespace QanDu.Dashboard.Tests.Browser;

/// <summary>
/// An open tab follows what happens to its sign-in on the server within seconds, not at its next page load: an ended
/// session leaves the app, a role change reloads the tab with the new role.
/// </summary>
[Collection(BrowserCollection.Name)]
public sealed class SessionWatchTests(BrowserAppFixture app) : IClassFixture<BrowserAppFixture>
{
    private const string Password = "Watch-2026-tabs";

    [BrowserFact]
    public async Task OpenInbox_SessionEndedElsewhere_TabShowsSignedOutWithin5Seconds()
    {
        var (userId, email) = await FormSignIn.CreateUserAsync(app.Services, "Watched Agent", Roles.Agent, Password);
        await using var tab = await SignInFreshAsync(email);

        var clock = Stopwatch.StartNew();
        await app.Services.GetRequiredService<UserSessions>().EndAllAsync(userId, AuditActor.App);

        await Expect(tab.Page.GetByTestId("signed-out")).ToContainTextAsync("You were signed out", new() { Timeout = 5_000 });
        clock.Elapsed.Should().BeLessThan(TimeSpan.FromSeconds(5));
        await tab.GotoAsync("/");
        new Uri(tab.Page.Url).AbsolutePath.Should().Be("/account/login", "the ended session's cookie no longer signs in");
    }

    [BrowserFact]
    public async Task OpenInbox_PromotedToAdmin_TabReloadsWithAdminMenuWithin5Seconds()
    {
        var (userId, email) = await FormSignIn.CreateUserAsync(app.Services, "Promoted Agent", Roles.Agent, Password);
        await using var tab = await SignInFreshAsync(email);
        await Expect(tab.Page.GetByRole(AriaRole.Link, new() { Name = "Labels" })).ToHaveCountAsync(0);

        await using (var scope = app.Services.CreateAsyncScope())
        {
            var users = scope.ServiceProvider.GetRequiredService<UserManager<AppUser>>();
            var user = (await users.FindByIdAsync(userId))!;
            await users.AddToRoleAsync(user, Roles.Admin);
            user.AccessVersion++;
            await users.UpdateAsync(user);
        }
        app.Services.GetRequiredService<IChatEvents>().Publish(new AccessChanged(userId));

        await Expect(tab.Page.GetByRole(AriaRole.Link, new() { Name = "Labels" })).ToBeVisibleAsync(new() { Timeout = 5_000 });
        new Uri(tab.Page.Url).AbsolutePath.Should().Be("/", "the tab stays where it was, with the new role");
    }

    [BrowserFact]
    public async Task OpenInbox_OtherPersonsAccessChanged_TabUntouched()
    {
        var (_, email) = await FormSignIn.CreateUserAsync(app.Services, "Bystander Agent", Roles.Agent, Password);
        var (otherId, _) = await FormSignIn.CreateUserAsync(app.Services, "Other Agent", Roles.Agent, Password);
        await using var tab = await SignInFreshAsync(email);
        await tab.Page.EvaluateAsync("() => window.__sameDocument = true");

        app.Services.GetRequiredService<IChatEvents>().Publish(new AccessChanged(otherId));
        await app.Services.GetRequiredService<UserSessions>().EndAllAsync(otherId, AuditActor.App);
        await Task.Delay(SessionWatchDelay);

        (await tab.Page.EvaluateAsync<bool>("() => window.__sameDocument === true")).Should().BeTrue("nothing reloaded this tab");
        await Expect(tab.Page.GetByTestId("signed-in-user")).ToHaveTextAsync("Bystander Agent");
    }

    /// <summary>Longer than the tab's own reaction takes (an event, one query, a navigation).</summary>
    private static readonly TimeSpan SessionWatchDelay = TimeSpan.FromSeconds(2);

    private async Task<UserSession> SignInFreshAsync(string email)
    {
        var tab = await app.OpenAnonymousAsync();
        await tab.SignInThroughFormAsync(email, Password);
        await tab.Page.WaitForURLAsync(url => new Uri(url).AbsolutePath == "/", new() { Timeout = 30_000 });
        await Expect(tab.Page.GetByTestId("signed-in-user")).ToBeVisibleAsync();
        await tab.Page.WaitForFunctionAsync("() => !!window._qanduSearch"); // the circuit is interactive
        return tab;
    }
}
