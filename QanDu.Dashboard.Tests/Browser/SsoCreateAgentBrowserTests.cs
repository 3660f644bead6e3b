using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using QanDu.Dashboard.Data;
using QanDu.Dashboard.Data.Entities;
using QanDu.Dashboard.Features.Access;
using static Microsoft.Playwright.Assertions;

namespace QanDu.Dashboard.Tests.Browser;

/// <summary>
/// The same provider with Auth:Oidc:UnknownPeople = CreateAgent and password sign-in left to the break-glass admin.
/// </summary>
[Collection(BrowserCollection.Name)]
public sealed class SsoCreateAgentBrowserTests(SsoCreateAgentBrowserFixture app) : IClassFixture<SsoCreateAgentBrowserFixture>
{
    [BrowserFact]
    public async Task SignInWithProvider_UnknownVerifiedEmail_IsCreatedAsAnAgentAndSignedIn()
    {
        var email = $"nora.{Guid.NewGuid():N}@example.com";
        app.Provider.AddPerson(email, "Nora Newcomer");
        await using var nora = await app.OpenAnonymousAsync();
        await nora.GotoAsync("/account/login");

        await SsoBrowserFixture.SignInWithProviderAsync(nora, email);

        await nora.Page.WaitForURLAsync(new Uri(app.Host.BaseAddress, "/").ToString(), new() { Timeout = 20_000 });
        await Expect(nora.Page.GetByTestId("signed-in-user")).ToHaveTextAsync("Nora Newcomer", new() { Timeout = 20_000 });
        await using var scope = app.Services.CreateAsyncScope();
        var users = scope.ServiceProvider.GetRequiredService<UserManager<AppUser>>();
        var created = await users.FindByEmailAsync(email);
        created.Should().NotBeNull();
        (await users.GetRolesAsync(created!)).Should().Equal(Roles.Agent);
        var db = scope.ServiceProvider.GetRequiredService<ChatDbContext>();
        (await db.AuditLog.SingleAsync(e => e.Action == "user.created_by_sso" && e.TargetId == created!.Id)).After
            .Should().Contain("\"role\":\"Agent\"").And.Contain("Nora Newcomer");
        nora.ShouldHaveLoadedCleanly();
    }

    [BrowserFact]
    public async Task LoginPage_BreakGlassOnly_ShowsTheSsoButtonAndASmallAdminSignIn()
    {
        await using var visitor = await app.OpenAnonymousAsync();
        await visitor.GotoAsync("/account/login");
        await Expect(visitor.Page.GetByRole(AriaRole.Link, new() { Name = "Sign in with Test Provider" })).ToBeVisibleAsync();
        await Expect(visitor.Page.Locator("#password")).ToHaveCountAsync(0);
        await SsoBrowserTests.SaveScreenshotAsync(visitor.Page, "sso-login-break-glass.png");

        await visitor.Page.GetByRole(AriaRole.Link, new() { Name = "Admin sign-in" }).ClickAsync();
        await Expect(visitor.Page.Locator("#password")).ToBeVisibleAsync();
        await Expect(visitor.Page.Locator("#email")).ToBeFocusedAsync(); // the admin can type at once
        await visitor.SignInThroughFormAsync(DemoUsers.Admin, DemoUsers.Password);

        await visitor.Page.WaitForURLAsync(new Uri(app.Host.BaseAddress, "/").ToString(), new() { Timeout = 20_000 });
        await Expect(visitor.Page.GetByTestId("signed-in-user")).ToBeVisibleAsync();
        visitor.ShouldHaveLoadedCleanly();
    }
}
