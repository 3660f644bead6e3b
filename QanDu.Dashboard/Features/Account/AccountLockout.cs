using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.Options;
using System.Net;
using QanDu.Dashboard.Data.Entities;
using QanDu.Dashboard.Features.Audit;

namespace QanDu.Dashboard.Features.Account;

/// <summary>Locks an account that failed to sign in too often from everywhere (SignIn:LockoutFailureLimit), ending its API keys' sign-ins at once.</summary>
public sealed class AccountLockout(
    UserManager<AppUser> users,
    ApiKeyService apiKeys,
    AuditLog audit,
    IOptions<SignInLimitOptions> options,
    TimeProvider clock,
    ILogger<AccountLockout> logger)
{
    /// <summary>Locks the account; <paramref name="client"/> is the address of the attempt that crossed the limit.</summary>
    public async Task LockAsync(AppUser user, IPAddress? client = null)
    {
        var settings = options.Value;
        var until = clock.GetUtcNow() + settings.LockoutDuration;
        var locked = await users.SetLockoutEndDateAsync(user, until);
        apiKeys.EndSignInsOf(user.Id);
        if (locked.Succeeded)
            await audit.RecordAsync(new AuditActor(null, "Anonymous", client?.ToString()),
                new AuditRecord("sign_in.locked_out", "user", user.Id, user.Email ?? user.DisplayName,
                    Before: new { lockedUntil = (DateTimeOffset?)null }, After: new { lockedUntil = until },
                    Detail: $"{settings.LockoutFailureLimit} failed sign-ins within {settings.FailureWindow}."));
        if (locked.Succeeded)
            logger.LogWarning("Account {UserId} locked until {Until}: {Failures} failed sign-ins within {Window} (SignIn:LockoutFailureLimit)",
                user.Id, until, settings.LockoutFailureLimit, settings.FailureWindow);
        else
            logger.LogWarning("Account {UserId} had {Failures} failed sign-ins within {Window} but could not be locked: {Errors}",
                user.Id, settings.LockoutFailureLimit, settings.FailureWindow, string.Join(" ", locked.Errors.Select(e => e.Description)));
    }
}
