using System.Net;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using QanDu.Dashboard.Data.Entities;
using QanDu.Dashboard.Features.Access;
using QanDu.Dashboard.Features.Audit;
using QanDu.Dashboard.Features.TwoFactor;
using QanDu.Dashboard.Tests.Infrastructure;

namespace QanDu.Dashboard.Tests.Features.TwoFactor;

/// <summary>What admins decide about two-factor: requiring it (forced enrolment) and resetting a person's.</summary>
public sealed class TwoFactorAdminTests : IClassFixture<DashboardFactory>
{
    private readonly DashboardFactory factory;

    public TwoFactorAdminTests(DashboardFactory factory)
    {
        // Many sign-ins from the test's one address: room for them (set before the app first starts).
        factory.Settings.TryAdd("SignIn:AddressLimit", "1000");
        this.factory = factory;
    }

    private const string Password = "Two-factor-admin-2026";

    private HttpClient Client => factory.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false, HandleCookies = false });

    [Fact]
    public async Task ResetApi_Anonymous401_Agent403_Supervisor403()
    {
        var target = await factory.CreateUserAsync("Reset Target", Roles.Agent);
        var agent = await factory.CreateClientForAsync(await factory.CreateUserAsync("Reset Agent", Roles.Agent));
        var supervisor = await factory.CreateClientForAsync(await factory.CreateUserAsync("Reset Supervisor", Roles.Supervisor));
        var path = $"/api/admin/users/{target.UserId}/reset-two-factor";

        var anonymous = await Client.PostAsync(path, null);
        var byAgent = await agent.PostAsync(path, null);
        var bySupervisor = await supervisor.PostAsync(path, null);

        anonymous.StatusCode.Should().Be(HttpStatusCode.Unauthorized);
        (await anonymous.ReadProblemAsync()).Title.Should().Be("Not signed in");
        byAgent.StatusCode.Should().Be(HttpStatusCode.Forbidden);
        bySupervisor.StatusCode.Should().Be(HttpStatusCode.Forbidden);
        (await bySupervisor.ReadProblemAsync()).Status.Should().Be(HttpStatusCode.Forbidden);
    }

    [Fact]
    public async Task ResetApi_Admin_TurnsTwoFactorOffEndsSessionsAndAudits()
    {
        var (userId, email) = await FormSignIn.CreateUserAsync(factory.Services, "Lost Phone", Roles.Agent, Password);
        var person = ChatCaller.ForRoles(userId, "Lost Phone", [Roles.Agent]);
        IReadOnlyList<string> codes;
        await using (var scope = factory.Services.CreateAsyncScope())
        {
            var twoFactor = scope.ServiceProvider.GetRequiredService<TwoFactorService>();
            var app = new AuthenticatorApp((await twoFactor.StartEnrolmentAsync(person)).Key);
            codes = await twoFactor.ConfirmEnrolmentAsync(person, app.Code(), AuditActor.From(person));
        }
        var client = Client;
        var pending = await TwoFactorForms.PasswordStepAsync(client, email, Password);
        var session = FormSignIn.CookieFrom(await TwoFactorForms.PostCodeAsync(client, pending, codes[0], "recovery"), FormSignIn.AuthCookieName)!;
        var admin = await factory.CreateClientForAsync(await factory.CreateUserAsync("Resetting Admin", Roles.Admin));

        var reset = await admin.PostAsync($"/api/admin/users/{userId}/reset-two-factor", null);

        reset.StatusCode.Should().Be(HttpStatusCode.NoContent);
        var user = await factory.QueryAsync(db => db.Users.SingleAsync(u => u.Id == userId));
        user.TwoFactorEnabled.Should().BeFalse();
        (await RecoveryCodesLeftAsync(userId)).Should().Be(0, "the old recovery codes stop working");
        (await TwoFactorForms.GetAsync(client, "/api/chat/threads", session)).StatusCode.Should().Be(HttpStatusCode.Unauthorized,
            "the person is signed out everywhere");
        var signIn = await FormSignIn.PostAsync(client, email, Password);
        FormSignIn.CookieFrom(signIn, FormSignIn.AuthCookieName).Should().NotBeNull("without two-factor the password signs in again");
        var entry = await factory.QueryAsync(db => db.AuditLog.SingleAsync(e => e.TargetId == userId && e.Action == "user.two_factor_reset"));
        entry.ActorName.Should().Be("Resetting Admin");
        entry.Before.Should().Be("""{"twoFactor":true}""");
        entry.After.Should().Be("""{"twoFactor":false}""");
    }

    [Fact]
    public async Task ResetApi_UnknownPerson_404ProblemDetails()
    {
        var admin = await factory.CreateClientForAsync(await factory.CreateUserAsync("Looking Admin", Roles.Admin));

        var response = await admin.PostAsync("/api/admin/users/no-such-person/reset-two-factor", null);

        response.StatusCode.Should().Be(HttpStatusCode.NotFound);
        (await response.ReadProblemAsync()).Detail.Should().Contain("The person was not found");
    }

    [Fact]
    public async Task Requirement_Admins_AdminWithoutTwoFactorIsLedToEnrol_AgentIsNot()
    {
        var (_, adminEmail) = await FormSignIn.CreateUserAsync(factory.Services, "Unenrolled Admin", Roles.Admin, Password);
        var (_, agentEmail) = await FormSignIn.CreateUserAsync(factory.Services, "Unenrolled Agent", Roles.Agent, Password);
        var settingAdmin = await factory.CreateUserAsync("Setting Admin", Roles.Admin);
        var settings = factory.Services.GetRequiredService<SecuritySettingsStore>();
        await settings.SaveAsync(settingAdmin, TwoFactorRequirement.Admins, AuditActor.From(settingAdmin));
        try
        {
            var client = Client;
            var adminCookie = await FormSignIn.SignInAsync(client, adminEmail, Password);
            var agentCookie = await FormSignIn.SignInAsync(client, agentEmail, Password);

            var adminInbox = await TwoFactorForms.GetAsync(client, "/", adminCookie);
            var adminProfile = await TwoFactorForms.GetAsync(client, "/profile", adminCookie);
            var enrolPage = await TwoFactorForms.GetAsync(client, "/profile/two-factor/enrol", adminCookie);
            var agentInbox = await TwoFactorForms.GetAsync(client, "/", agentCookie);

            adminInbox.StatusCode.Should().Be(HttpStatusCode.Redirect);
            adminInbox.Headers.Location!.ToString().Should().EndWith("/profile/two-factor/enrol");
            adminProfile.Headers.Location!.ToString().Should().EndWith("/profile/two-factor/enrol", "no page of the app opens before enrolling");
            enrolPage.StatusCode.Should().Be(HttpStatusCode.OK);
            var html = await enrolPage.Content.ReadAsStringAsync();
            html.Should().Contain("Your workspace requires two-factor authentication").And.Contain("data:image/png;base64,");
            agentInbox.StatusCode.Should().Be(HttpStatusCode.OK, "the requirement covers admins only");
            var entry = await factory.QueryAsync(db => db.AuditLog.OrderBy(e => e.Id).LastAsync(e => e.Action == "settings.two_factor_requirement_changed"));
            entry.Before.Should().Be("""{"twoFactor":"Optional"}""");
            entry.After.Should().Be("""{"twoFactor":"Admins"}""");
        }
        finally
        {
            await settings.SaveAsync(settingAdmin, TwoFactorRequirement.Optional, AuditActor.From(settingAdmin));
        }
    }

    [Fact]
    public async Task Requirement_SavedByAgent_Refused()
    {
        var agent = await factory.CreateUserAsync("Meddling Agent", Roles.Agent);

        var save = () => factory.Services.GetRequiredService<SecuritySettingsStore>().SaveAsync(agent, TwoFactorRequirement.Everyone, AuditActor.From(agent));

        await save.Should().ThrowAsync<ChatForbiddenException>();
        (await factory.Services.GetRequiredService<SecuritySettingsStore>().GetAsync()).Should().Be(TwoFactorRequirement.Optional);
    }

    private async Task<int> RecoveryCodesLeftAsync(string userId)
    {
        await using var scope = factory.Services.CreateAsyncScope();
        var users = scope.ServiceProvider.GetRequiredService<UserManager<AppUser>>();
        return await users.CountRecoveryCodesAsync((await users.FindByIdAsync(userId))!);
    }
}
