using System.Diagnostics;
using System.Net;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.Options;
using QanDu.Dashboard.Data.Entities;
using QanDu.Dashboard.Features.Audit;
using QanDu.Dashboard.Features.Account.SingleSignOn;

namespace QanDu.Dashboard.Features.Account;

public enum SignInOutcome { SignedIn, WrongCredentials, Throttled, LockedOut, RequiresTwoFactor, Expired, Deactivated }

/// <summary>What a sign-in attempt came to; <see cref="RetryAfter"/> says how long a throttled client must wait.</summary>
public sealed record SignInAttempt(SignInOutcome Outcome, TimeSpan RetryAfter = default);

/// <summary>
/// The sign-in form's check of an email and password. Throttles by client address first (<see cref="SignInThrottle"/>),
/// takes as long for an unknown email as for a wrong password, and locks an account only after many failures from
/// many addresses, ending its API keys' sign-ins at once.
/// </summary>
public sealed class PasswordSignIn(
    SignInManager<AppUser> signIn,
    SignInThrottle throttle,
    AccountLockout lockout,
    AuditLog audit,
    IOptions<OidcOptions> oidc,
    ILogger<PasswordSignIn> logger)
{
    /// <summary>
    /// The least time a failed attempt takes. The unknown-account path does the same hashing as a wrong password, but
    /// not the same database work; on a busy server that difference grew to tens of milliseconds, so every failure is
    /// padded to this floor, which also slows guessing. Wall-clock time on purpose: it is what an attacker measures.
    /// </summary>
    internal static readonly TimeSpan FailureFloor = TimeSpan.FromMilliseconds(300);

    // A hash of nothing anyone knows, made once per process by the same hasher (same iterations) as real passwords.
    private static string? s_dummyHash;

    public async Task<SignInAttempt> SignInAsync(string email, string password, bool remember, IPAddress? client)
    {
        var started = Stopwatch.StartNew();
        var attempt = await AttemptAsync(email, password, remember, client);
        if (attempt.Outcome is SignInOutcome.WrongCredentials or SignInOutcome.LockedOut or SignInOutcome.Deactivated)
        {
            // The same write for a known and an unknown email, inside the padded time, so recording tells nothing either.
            if (attempt.Outcome is not SignInOutcome.Deactivated)
                await RecordFailureAsync(email, attempt.Outcome, client);
            if (started.Elapsed < FailureFloor)
                await Task.Delay(FailureFloor - started.Elapsed);
        }
        return attempt;
    }

    private async Task RecordFailureAsync(string email, SignInOutcome outcome, IPAddress? client)
    {
        try
        {
            await audit.RecordAsync(Anonymous(client), new AuditRecord("sign_in.failed", "account", TargetName: email.Trim(),
                Detail: outcome == SignInOutcome.LockedOut ? "The account is locked." : "Wrong email or password."));
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            // A full disk must not turn a wrong password into an error page; the failure is still logged.
            logger.LogError(ex, "Could not record a failed sign-in for {Address} in the audit log", SignInThrottle.AddressKey(client));
        }
    }

    private static AuditActor Anonymous(IPAddress? client) => new(null, "Anonymous", client?.ToString());

    private async Task<SignInAttempt> AttemptAsync(string email, string password, bool remember, IPAddress? client)
    {
        var users = signIn.UserManager;
        email = email.Trim();
        var account = users.NormalizeName(email) ?? "";
        var address = SignInThrottle.AddressKey(client);
        if (throttle.Admit(address, account) is { } wait)
        {
            logger.LogDebug("Sign-in attempt from {Address} refused for {Wait}: too many attempts", address, wait);
            return new SignInAttempt(SignInOutcome.Throttled, wait);
        }

        // With single sign-on for everyone else (BreakGlassOnly), only the break-glass admin's password is even looked at.
        var passwordAllowed = !oidc.Value.IsBreakGlassOnly || account == users.NormalizeName(oidc.Value.BreakGlassEmail!.Trim());
        var user = passwordAllowed ? await users.FindByNameAsync(email) : null;
        if (user is null || user.PasswordHash is null || await users.IsLockedOutAsync(user))
        {
            // Hash the password anyway: answering faster would tell that the account does not exist (or cannot sign in).
            users.PasswordHasher.VerifyHashedPassword(user ?? new AppUser(), s_dummyHash ??= users.PasswordHasher.HashPassword(new AppUser(), Guid.NewGuid().ToString()), password);
            if (user is not null && await users.IsLockedOutAsync(user))
                return new SignInAttempt(SignInOutcome.LockedOut);
            throttle.Failed(address, account, accountExists: false);
            return new SignInAttempt(SignInOutcome.WrongCredentials);
        }

        if (user.DeactivatedAt is not null)
        {
            // Said only to someone who knows the password: it tells the person why, and a guesser learns nothing.
            if (users.PasswordHasher.VerifyHashedPassword(user, user.PasswordHash, password) != PasswordVerificationResult.Failed)
                return new SignInAttempt(SignInOutcome.Deactivated);
            throttle.Failed(address, account, accountExists: true);
            return new SignInAttempt(SignInOutcome.WrongCredentials);
        }

        var result = await signIn.PasswordSignInAsync(user, password, remember, lockoutOnFailure: false);
        if (result.Succeeded)
            return new SignInAttempt(SignInOutcome.SignedIn);
        if (result.RequiresTwoFactor)
            return new SignInAttempt(SignInOutcome.RequiresTwoFactor); // Identity's two-factor cookie now names the person

        if (result.IsLockedOut)
            return new SignInAttempt(SignInOutcome.LockedOut);
        if (!throttle.Failed(address, account, accountExists: true))
            return new SignInAttempt(SignInOutcome.WrongCredentials);
        await lockout.LockAsync(user, client);
        return new SignInAttempt(SignInOutcome.LockedOut);
    }
}
