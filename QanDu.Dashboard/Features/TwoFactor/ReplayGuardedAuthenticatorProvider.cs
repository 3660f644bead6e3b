using System.Collections.Concurrent;
using System.Globalization;
using Microsoft.AspNetCore.Identity;
using QanDu.Dashboard.Data.Entities;

namespace QanDu.Dashboard.Features.TwoFactor;

/// <summary>
/// Identity's authenticator provider, with replays refused: Identity accepts a code as often as it likes within its
/// window, so someone who saw a code could use it again. Each person's last accepted step is kept (a user token, so it
/// survives a restart) and a code is accepted only for a newer step. Registered in place of the default
/// <see cref="TokenOptions.DefaultAuthenticatorProvider"/>, so every check (sign-in, enrolment, disabling) is guarded.
/// </summary>
public sealed class ReplayGuardedAuthenticatorProvider(TotpSteps steps, TimeProvider clock) : AuthenticatorTokenProvider<AppUser>
{
    public const string TokenProvider = "[QanDu]";
    public const string LastStepToken = "LastAuthenticatorStep";

    public override async Task<bool> ValidateAsync(string purpose, string token, UserManager<AppUser> manager, AppUser user)
    {
        var key = await manager.GetAuthenticatorKeyAsync(user);
        token = token.Replace(" ", "", StringComparison.Ordinal).Replace("-", "", StringComparison.Ordinal);
        if (string.IsNullOrEmpty(key) || token.Length != 6 || !token.All(char.IsAsciiDigit))
            return false;
        if (Totp.MatchingStep(Totp.FromBase32(key), token, clock.GetUtcNow()) is not { } step)
            return false;

        // One check at a time per person, so two requests carrying the same code cannot both pass.
        var gate = steps.GateOf(user.Id);
        await gate.WaitAsync();
        try
        {
            var stored = await manager.GetAuthenticationTokenAsync(user, TokenProvider, LastStepToken);
            var last = long.TryParse(stored, NumberStyles.None, CultureInfo.InvariantCulture, out var saved) ? saved : long.MinValue;
            if (step <= Math.Max(last, steps.LastOf(user.Id)))
                return false; // this code, or a later one, was used already
            steps.Accepted(user.Id, step);
            await manager.SetAuthenticationTokenAsync(user, TokenProvider, LastStepToken, step.ToString(CultureInfo.InvariantCulture));
            return true;
        }
        finally
        {
            gate.Release();
        }
    }
}

/// <summary>The last accepted authenticator step per person, in memory beside the stored one, and one lock per person.</summary>
public sealed class TotpSteps
{
    private readonly ConcurrentDictionary<string, SemaphoreSlim> _gates = new();
    private readonly ConcurrentDictionary<string, long> _last = new();

    public SemaphoreSlim GateOf(string userId) => _gates.GetOrAdd(userId, _ => new SemaphoreSlim(1, 1));

    public long LastOf(string userId) => _last.TryGetValue(userId, out var step) ? step : long.MinValue;

    public void Accepted(string userId, long step) => _last[userId] = step;

    /// <summary>A new key starts afresh: codes of the old key are worthless anyway.</summary>
    public void Forget(string userId) => _last.TryRemove(userId, out _);
}
