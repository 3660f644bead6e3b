using System.Diagnostics;
using System.Net;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.Options;
using QanDu.Dashboard.Data.Entities;
using QanDu.Dashboard.Features.Account.SingleSignOn;

namespace QanDu.Dashboard.Features.Account;

public enum SignInOutcome { SignedIn, WrongCredentials, Throttled, LockedOut }

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
    ApiKeyService apiKeys,
    IOptions<SignInLimitOptions> options,
    IOptions<OidcOptions> oidc,
    TimeProvider clock,
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
        if (attempt.Outcome is SignInOutcome.WrongCredentials or SignInOutcome.LockedOut && started.Elapsed < FailureFloor)
            await Task.Delay(FailureFloor - started.Elapsed);
        return attempt;
    }

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

        var result = await signIn.PasswordSignInAsync(user, password, remember, lockoutOnFailure: false);
        if (result.Succeeded)
            return new SignInAttempt(SignInOutcome.SignedIn);
        if (result.IsLockedOut)
            return new SignInAttempt(SignInOutcome.LockedOut);
        if (!throttle.Failed(address, account, accountExists: true))
            return new SignInAttempt(SignInOutcome.WrongCredentials);
        await LockAsync(users, user);
        return new SignInAttempt(SignInOutcome.LockedOut);
    }

    private async Task LockAsync(UserManager<AppUser> users, AppUser user)
    {
        var settings = options.Value;
        var until = clock.GetUtcNow() + settings.LockoutDuration;
        var locked = await users.SetLockoutEndDateAsync(user, until);
        apiKeys.EndSignInsOf(user.Id);
        if (locked.Succeeded)
            logger.LogWarning("Account {UserId} locked until {Until}: {Failures} failed sign-ins within {Window} (SignIn:LockoutFailureLimit)",
                user.Id, until, settings.LockoutFailureLimit, settings.FailureWindow);
        else
            logger.LogWarning("Account {UserId} had {Failures} failed sign-ins within {Window} but could not be locked: {Errors}",
                user.Id, settings.LockoutFailureLimit, settings.FailureWindow, string.Join(" ", locked.Errors.Select(e => e.Description)));
    }
}
