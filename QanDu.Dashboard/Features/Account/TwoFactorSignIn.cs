using System.Diagnostics;
using System.Net;
using System.Security.Claims;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Identity;
using QanDu.Dashboard.Data.Entities;

namespace QanDu.Dashboard.Features.Account;

/// <summary>
/// The second step of signing in, for a person with two-factor on: after the right password, Identity's two-factor
/// cookie names them, and this checks an authenticator code or a recovery code. Codes are throttled and counted as the
/// password is (<see cref="SignInThrottle"/>): per address and account, locking the account only after many failures from
/// many addresses. Checked here rather than by SignInManager's two-factor sign-in, which also feeds Identity's own
/// failure counter (locking an account after five wrong codes from anyone), a counter this app deliberately does not use.
/// </summary>
public sealed class TwoFactorSignIn(
    SignInManager<AppUser> signIn,
    SignInThrottle throttle,
    AccountLockout lockout)
{
    /// <summary>Who is between the two steps (the password was right), or null when that step expired or never happened.</summary>
    public Task<AppUser?> PendingUserAsync() => signIn.GetTwoFactorAuthenticationUserAsync();

    /// <summary>Signs in with a code from the authenticator app; a code already used is refused.</summary>
    public Task<SignInAttempt> CodeAsync(string code, bool remember, IPAddress? client) =>
        AttemptAsync(code, remember, client, (users, user, clean) =>
            users.VerifyTwoFactorTokenAsync(user, TokenOptions.DefaultAuthenticatorProvider, clean));

    /// <summary>Signs in with one of the person's recovery codes, which then stops working.</summary>
    public Task<SignInAttempt> RecoveryCodeAsync(string code, bool remember, IPAddress? client) =>
        AttemptAsync(code, remember, client, async (users, user, clean) =>
            (await users.RedeemTwoFactorRecoveryCodeAsync(user, clean)).Succeeded);

    private async Task<SignInAttempt> AttemptAsync(string code, bool remember, IPAddress? client,
        Func<UserManager<AppUser>, AppUser, string, Task<bool>> check)
    {
        var started = Stopwatch.StartNew();
        var user = await PendingUserAsync();
        if (user is null)
            return new SignInAttempt(SignInOutcome.Expired);
        var users = signIn.UserManager;
        var account = users.NormalizeName(user.UserName) ?? "";
        var address = SignInThrottle.AddressKey(client);
        if (throttle.Admit(address, account) is { } wait)
            return new SignInAttempt(SignInOutcome.Throttled, wait);
        if (await users.IsLockedOutAsync(user))
            return new SignInAttempt(SignInOutcome.LockedOut);

        var clean = code.Replace(" ", "", StringComparison.Ordinal).Trim(); // recovery codes keep their dash
        if (clean.Length > 0 && clean.Length <= 64 && await check(users, user, clean))
        {
            await signIn.Context.SignOutAsync(IdentityConstants.TwoFactorUserIdScheme);
            await signIn.SignInWithClaimsAsync(user, remember, [new Claim("amr", "mfa")]);
            return new SignInAttempt(SignInOutcome.SignedIn);
        }

        var outcome = SignInOutcome.WrongCredentials;
        if (throttle.Failed(address, account, accountExists: true))
        {
            await lockout.LockAsync(user);
            outcome = SignInOutcome.LockedOut;
        }
        if (started.Elapsed < PasswordSignIn.FailureFloor)
            await Task.Delay(PasswordSignIn.FailureFloor - started.Elapsed);
        return new SignInAttempt(outcome);
    }
}
