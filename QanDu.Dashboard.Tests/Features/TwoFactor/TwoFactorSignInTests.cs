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

/// <summary>Signing in with two-factor over real HTTP: the password step, then an authenticator or recovery code.</summary>
public sealed class TwoFactorSignInTests : IClassFixture<DashboardFactory>
{
    private readonly DashboardFactory factory;

    public TwoFactorSignInTests(DashboardFactory factory)
    {
        // Many sign-ins from the test's one address: room for them (set before the app first starts).
        factory.Settings.TryAdd("SignIn:AddressLimit", "1000");
        this.factory = factory;
    }

    private const string Password = "Two-factor-2026";

    private HttpClient Client => factory.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false, HandleCookies = false });

    [Fact]
    public void Totp_Rfc6238TestVector_MatchesTheStandard()
    {
        // RFC 6238 appendix B, SHA-1, T = 59 s (step 1): 94287082, of which an app shows the last six digits.
        var key = "12345678901234567890"u8.ToArray();

        Totp.Code(key, Totp.StepAt(DateTimeOffset.FromUnixTimeSeconds(59))).Should().Be("287082");
        Totp.Code(key, Totp.StepAt(DateTimeOffset.FromUnixTimeSeconds(1111111109))).Should().Be("081804");
    }

    [Fact]
    public async Task SignIn_WithTwoFactor_PasswordAloneDoesNotSignIn_CodeDoes()
    {
        var (email, app, _) = await EnrolledUserAsync("Code Agent");
        var client = Client;

        var pending = await TwoFactorForms.PasswordStepAsync(client, email, Password);
        var signedIn = await TwoFactorForms.PostCodeAsync(client, pending, app.Code(AuthenticatorApp.StepNow + 1));

        signedIn.StatusCode.Should().Be(HttpStatusCode.Redirect);
        var cookie = FormSignIn.CookieFrom(signedIn, FormSignIn.AuthCookieName);
        cookie.Should().NotBeNull("the right code completes the sign-in");
        (await TwoFactorForms.GetAsync(client, "/api/chat/threads", cookie!)).StatusCode.Should().Be(HttpStatusCode.OK);
    }

    [Fact]
    public async Task SignIn_WrongCode_RefusedWithMessageAndNoCookie()
    {
        var (email, app, _) = await EnrolledUserAsync("Wrong Code Agent");
        var client = Client;
        var pending = await TwoFactorForms.PasswordStepAsync(client, email, Password);

        var response = await TwoFactorForms.PostCodeAsync(client, pending, app.WrongCode());

        response.StatusCode.Should().Be(HttpStatusCode.OK);
        (await response.Content.ReadAsStringAsync()).Should().Contain("That code is not right, or it was used already");
        FormSignIn.CookieFrom(response, FormSignIn.AuthCookieName).Should().BeNull();
    }

    [Fact]
    public async Task SignIn_CodeReplayed_SecondUseRefused()
    {
        var (email, app, _) = await EnrolledUserAsync("Replay Agent");
        var client = Client;
        var code = app.Code(AuthenticatorApp.StepNow + 1);
        var first = await TwoFactorForms.PostCodeAsync(client, await TwoFactorForms.PasswordStepAsync(client, email, Password), code);
        FormSignIn.CookieFrom(first, FormSignIn.AuthCookieName).Should().NotBeNull();

        var replay = await TwoFactorForms.PostCodeAsync(client, await TwoFactorForms.PasswordStepAsync(client, email, Password), code);

        FormSignIn.CookieFrom(replay, FormSignIn.AuthCookieName).Should().BeNull("a code seen once (over a shoulder, in a proxy log) must not sign in again");
        (await replay.Content.ReadAsStringAsync()).Should().Contain("it was used already");
    }

    [Fact]
    public async Task SignIn_RecoveryCode_WorksOnce()
    {
        var (email, _, codes) = await EnrolledUserAsync("Recovery Agent");
        var client = Client;

        var first = await TwoFactorForms.PostCodeAsync(client, await TwoFactorForms.PasswordStepAsync(client, email, Password), codes[3], "recovery");
        var again = await TwoFactorForms.PostCodeAsync(client, await TwoFactorForms.PasswordStepAsync(client, email, Password), codes[3], "recovery");

        FormSignIn.CookieFrom(first, FormSignIn.AuthCookieName).Should().NotBeNull("a recovery code signs in");
        FormSignIn.CookieFrom(again, FormSignIn.AuthCookieName).Should().BeNull("each recovery code works once");
        (await again.Content.ReadAsStringAsync()).Should().Contain("That recovery code is not right, or it was used already");
    }

    [Fact]
    public async Task SecondStep_WithoutPasswordStep_SendsBackToSignIn()
    {
        var response = await Client.GetAsync("/account/login/two-factor");

        response.StatusCode.Should().Be(HttpStatusCode.Redirect);
        response.Headers.Location!.ToString().Should().EndWith("/account/login");
    }

    [Fact]
    public async Task ConfirmEnrolment_WrongCode_RefusedAndTwoFactorStaysOff()
    {
        var user = await factory.CreateUserAsync("Wrong Enrol Agent", Roles.Agent);
        await using var scope = factory.Services.CreateAsyncScope();
        var twoFactor = scope.ServiceProvider.GetRequiredService<TwoFactorService>();
        var app = new AuthenticatorApp((await twoFactor.StartEnrolmentAsync(user)).Key);

        var confirm = () => twoFactor.ConfirmEnrolmentAsync(user, app.WrongCode(), AuditActor.From(user));

        (await confirm.Should().ThrowAsync<ChatValidationException>()).Which.Errors.Should().ContainKey("code");
        (await twoFactor.GetStatusAsync(user)).Enabled.Should().BeFalse();
    }

    [Fact]
    public async Task ConfirmEnrolment_RightCode_TurnsOnWithTenRecoveryCodesAndAudits()
    {
        var (_, _, codes, userId) = await EnrolAsync("Enrolling Agent");

        codes.Should().HaveCount(10).And.OnlyHaveUniqueItems();
        var entry = await factory.QueryAsync(db => db.AuditLog.SingleAsync(e => e.TargetId == userId && e.Action == "user.two_factor_enabled"));
        entry.Before.Should().Be("""{"twoFactor":false}""");
        entry.After.Should().Be("""{"twoFactor":true}""");
    }

    [Fact]
    public async Task Disable_WhileRequiredForRole_Refused()
    {
        var (_, app, _, userId) = await EnrolAsync("Required Admin", Roles.Admin);
        await using var scope = factory.Services.CreateAsyncScope();
        var settings = scope.ServiceProvider.GetRequiredService<SecuritySettingsStore>();
        var admin = ChatCaller.ForRoles(userId, "Required Admin", [Roles.Admin]);
        await settings.SaveAsync(admin, TwoFactorRequirement.Admins, AuditActor.From(admin));
        try
        {
            var disable = () => scope.ServiceProvider.GetRequiredService<TwoFactorService>().DisableAsync(admin, Password, AuditActor.From(admin));

            (await disable.Should().ThrowAsync<ChatForbiddenException>()).WithMessage("*required for your role*");
        }
        finally
        {
            await settings.SaveAsync(admin, TwoFactorRequirement.Optional, AuditActor.From(admin));
        }
    }

    [Fact]
    public async Task RegenerateRecoveryCodes_WithCode_OldCodesStopWorking_AndAudited()
    {
        var (email, app, oldCodes, userId) = await EnrolAsync("Regenerating Agent");
        var me = ChatCaller.ForRoles(userId, "Regenerating Agent", [Roles.Agent]);
        await using var scope = factory.Services.CreateAsyncScope();
        var twoFactor = scope.ServiceProvider.GetRequiredService<TwoFactorService>();

        var newCodes = await twoFactor.RegenerateRecoveryCodesAsync(me, app.Code(AuthenticatorApp.StepNow + 1), AuditActor.From(me));

        newCodes.Should().HaveCount(10).And.NotIntersectWith(oldCodes);
        var client = Client;
        var old = await TwoFactorForms.PostCodeAsync(client, await TwoFactorForms.PasswordStepAsync(client, email, Password), oldCodes[0], "recovery");
        FormSignIn.CookieFrom(old, FormSignIn.AuthCookieName).Should().BeNull("the old codes were replaced");
        var entry = await factory.QueryAsync(db => db.AuditLog.SingleAsync(e => e.TargetId == userId && e.Action == "user.recovery_codes_regenerated"));
        entry.Before.Should().Be("""{"recoveryCodesLeft":10}""");
        entry.After.Should().Be("""{"recoveryCodesLeft":10}""");
    }

    [Fact]
    public async Task Disable_WrongProofRefused_PasswordTurnsItOff_AndAudited()
    {
        var (email, _, _, userId) = await EnrolAsync("Disabling Agent");
        var me = ChatCaller.ForRoles(userId, "Disabling Agent", [Roles.Agent]);
        await using var scope = factory.Services.CreateAsyncScope();
        var twoFactor = scope.ServiceProvider.GetRequiredService<TwoFactorService>();

        var wrong = () => twoFactor.DisableAsync(me, "not-my-password", AuditActor.From(me));
        (await wrong.Should().ThrowAsync<ChatValidationException>()).Which.Errors.Should().ContainKey("proof");
        (await twoFactor.GetStatusAsync(me)).Enabled.Should().BeTrue("nothing half-done");

        await twoFactor.DisableAsync(me, Password, AuditActor.From(me));

        (await twoFactor.GetStatusAsync(me)).Should().Be(new TwoFactorStatus(false, 0, false));
        var signIn = await FormSignIn.PostAsync(Client, email, Password);
        FormSignIn.CookieFrom(signIn, FormSignIn.AuthCookieName).Should().NotBeNull("the password alone signs in again");
        var entry = await factory.QueryAsync(db => db.AuditLog.SingleAsync(e => e.TargetId == userId && e.Action == "user.two_factor_disabled"));
        entry.Before.Should().Be("""{"twoFactor":true}""");
        entry.After.Should().Be("""{"twoFactor":false}""");
    }

    private async Task<(string Email, AuthenticatorApp App, IReadOnlyList<string> Codes)> EnrolledUserAsync(string name)
    {
        var (email, app, codes, _) = await EnrolAsync(name);
        return (email, app, codes);
    }

    private async Task<(string Email, AuthenticatorApp App, IReadOnlyList<string> Codes, string UserId)> EnrolAsync(string name, string role = Roles.Agent)
    {
        var (userId, email) = await FormSignIn.CreateUserAsync(factory.Services, name, role, Password);
        var caller = ChatCaller.ForRoles(userId, name, [role]);
        await using var scope = factory.Services.CreateAsyncScope();
        var twoFactor = scope.ServiceProvider.GetRequiredService<TwoFactorService>();
        var app = new AuthenticatorApp((await twoFactor.StartEnrolmentAsync(caller)).Key);
        var codes = await twoFactor.ConfirmEnrolmentAsync(caller, app.Code(), AuditActor.From(caller));
        return (email, app, codes, userId);
    }
}
