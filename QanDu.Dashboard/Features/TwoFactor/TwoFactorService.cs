using System.Security.Claims;
using Microsoft.AspNetCore.Identity;
using QanDu.Dashboard.Data.Entities;
using QanDu.Dashboard.Features.Access;
using QanDu.Dashboard.Features.Audit;
using QanDu.Dashboard.Realtime;
using QRCoder;

namespace QanDu.Dashboard.Features.TwoFactor;

/// <summary>Where a person's two-factor stands: on or off, recovery codes left, and whether the workspace requires it of them.</summary>
public sealed record TwoFactorStatus(bool Enabled, int RecoveryCodesLeft, bool Required);

/// <summary>An enrolment in progress: the key as typed (groups of four), the otpauth URI, and its QR code as a PNG data URI.</summary>
public sealed record TwoFactorEnrolment(string Key, string Uri, string QrCode);

/// <summary>
/// Two-factor sign-in with an authenticator app (RFC 6238), on Identity's authenticator key and recovery codes. A
/// person's own changes are written through the user store without a new security stamp: a stamp change would sign out
/// the very browser making the change, and an open circuit cannot rewrite its cookie. An admin's reset does change the
/// stamp, ending every session of that person.
/// </summary>
public sealed class TwoFactorService(
    UserManager<AppUser> users,
    IUserStore<AppUser> store,
    SecuritySettingsStore settings,
    TotpSteps steps,
    AuditLog audit,
    IChatEvents events)
{
    public const string Issuer = "QanDu";
    public const int RecoveryCodeCount = 10;

    private IUserAuthenticatorKeyStore<AppUser> Keys => (IUserAuthenticatorKeyStore<AppUser>)store;
    private IUserTwoFactorStore<AppUser> TwoFactor => (IUserTwoFactorStore<AppUser>)store;
    private IUserTwoFactorRecoveryCodeStore<AppUser> RecoveryCodes => (IUserTwoFactorRecoveryCodeStore<AppUser>)store;

    public async Task<TwoFactorStatus> GetStatusAsync(ChatCaller caller, CancellationToken ct = default)
    {
        var user = await FindAsync(caller.UserId);
        var roles = await users.GetRolesAsync(user);
        return new TwoFactorStatus(user.TwoFactorEnabled, await users.CountRecoveryCodesAsync(user),
            SecuritySettingsStore.Covers(await settings.GetAsync(), roles));
    }

    /// <summary>Whether the signed-in person must enrol before using the app: the workspace requires it of them and it is off.</summary>
    public async Task<bool> MustEnrolAsync(ClaimsPrincipal principal)
    {
        if (!SecuritySettingsStore.Covers(await settings.GetAsync(), principal))
            return false;
        var user = await users.GetUserAsync(principal);
        return user is not null && !user.TwoFactorEnabled;
    }

    /// <summary>Starts (or restarts) an enrolment with a fresh key; nothing changes for sign-in until it is confirmed.</summary>
    public async Task<TwoFactorEnrolment> StartEnrolmentAsync(ChatCaller caller, CancellationToken ct = default)
    {
        var user = await FindAsync(caller.UserId);
        if (user.TwoFactorEnabled)
            throw new ChatConflictException("Two-factor is already on. Turn it off first to enrol a new authenticator.", "Already enrolled");
        await NewKeyAsync(user, ct);
        Succeeded(await users.UpdateAsync(user));
        var key = await users.GetAuthenticatorKeyAsync(user) ?? throw new InvalidOperationException("No authenticator key was stored.");
        var account = user.Email ?? user.UserName ?? user.Id;
        var uri = $"otpauth://totp/{Uri.EscapeDataString(Issuer)}:{Uri.EscapeDataString(account)}?secret={key}&issuer={Uri.EscapeDataString(Issuer)}&digits=6";
        return new TwoFactorEnrolment(Grouped(key), uri, QrCode(uri));
    }

    /// <summary>Confirms an enrolment with a code from the app; answers the ten recovery codes, shown once.</summary>
    public async Task<IReadOnlyList<string>> ConfirmEnrolmentAsync(ChatCaller caller, string code, AuditActor actor, CancellationToken ct = default)
    {
        var user = await FindAsync(caller.UserId);
        if (user.TwoFactorEnabled)
            throw new ChatConflictException("Two-factor is already on.", "Already enrolled");
        if (await users.GetAuthenticatorKeyAsync(user) is null)
            throw new ChatValidationException("code", "Start the enrolment first: there is no key to check the code against.");
        await CheckCodeAsync(user, code);
        await TwoFactor.SetTwoFactorEnabledAsync(user, true, ct);
        var codes = (await users.GenerateNewTwoFactorRecoveryCodesAsync(user, RecoveryCodeCount))?.ToList()
                    ?? throw new InvalidOperationException("No recovery codes were made."); // also saves the user
        await audit.RecordAsync(actor, new AuditRecord("user.two_factor_enabled", "user", user.Id, user.DisplayName,
            Before: new { twoFactor = false }, After: new { twoFactor = true }), ct);
        return codes;
    }

    /// <summary>Turns two-factor off with a current code or the password; refused while the workspace requires it of the person.</summary>
    public async Task DisableAsync(ChatCaller caller, string codeOrPassword, AuditActor actor, CancellationToken ct = default)
    {
        var user = await FindAsync(caller.UserId);
        if (!user.TwoFactorEnabled)
            return;
        if (SecuritySettingsStore.Covers(await settings.GetAsync(), await users.GetRolesAsync(user)))
            throw new ChatForbiddenException("Two-factor is required for your role by the workspace's security settings, so it cannot be turned off.");
        var proof = codeOrPassword.Trim();
        var proven = await users.CheckPasswordAsync(user, codeOrPassword)
                     || proof.Length == 6 && await users.VerifyTwoFactorTokenAsync(user, TokenOptions.DefaultAuthenticatorProvider, proof);
        if (!proven)
            throw new ChatValidationException("proof", "That is neither a current code from your authenticator app nor your password.");
        await ClearAsync(user, ct);
        Succeeded(await users.UpdateAsync(user));
        await audit.RecordAsync(actor, new AuditRecord("user.two_factor_disabled", "user", user.Id, user.DisplayName,
            Before: new { twoFactor = true }, After: new { twoFactor = false }), ct);
    }

    /// <summary>Replaces the recovery codes (the old ones stop working), proven with a current code.</summary>
    public async Task<IReadOnlyList<string>> RegenerateRecoveryCodesAsync(ChatCaller caller, string code, AuditActor actor, CancellationToken ct = default)
    {
        var user = await FindAsync(caller.UserId);
        if (!user.TwoFactorEnabled)
            throw new ChatConflictException("Two-factor is off: there are no recovery codes to replace.", "Two-factor is off");
        await CheckCodeAsync(user, code);
        var left = await users.CountRecoveryCodesAsync(user);
        var codes = (await users.GenerateNewTwoFactorRecoveryCodesAsync(user, RecoveryCodeCount))?.ToList()
                    ?? throw new InvalidOperationException("No recovery codes were made.");
        await audit.RecordAsync(actor, new AuditRecord("user.recovery_codes_regenerated", "user", user.Id, user.DisplayName,
            Before: new { recoveryCodesLeft = left }, After: new { recoveryCodesLeft = codes.Count }), ct);
        return codes;
    }

    /// <summary>
    /// An admin turns a person's two-factor off (a lost phone): key and recovery codes gone, every session of theirs
    /// ended. If the workspace requires two-factor of them, they enrol again at their next sign-in.
    /// </summary>
    public async Task ResetAsync(ChatCaller admin, string userId, AuditActor actor, CancellationToken ct = default)
    {
        if (!admin.IsAdmin)
            throw new ChatForbiddenException("Only admins reset another person's two-factor.");
        var user = await users.FindByIdAsync(userId) ?? throw new ChatNotFoundException("The person");
        var wasEnabled = user.TwoFactorEnabled;
        await ClearAsync(user, ct);
        Succeeded(await users.UpdateSecurityStampAsync(user)); // saves the user, and ends every cookie of theirs
        await audit.RecordAsync(actor, new AuditRecord("user.two_factor_reset", "user", user.Id, user.DisplayName,
            Before: new { twoFactor = wasEnabled }, After: new { twoFactor = false }), ct);
        events.Publish(new AccessChanged(user.Id));
    }

    private async Task CheckCodeAsync(AppUser user, string code)
    {
        code = code.Replace(" ", "", StringComparison.Ordinal).Trim();
        if (code.Length != 6 || !code.All(char.IsAsciiDigit))
            throw new ChatValidationException("code", "Enter the six-digit code your authenticator app shows.");
        if (!await users.VerifyTwoFactorTokenAsync(user, TokenOptions.DefaultAuthenticatorProvider, code))
            throw new ChatValidationException("code", "That code is not right, or it was used already. Wait for the next code in your app and try it.");
    }

    private async Task NewKeyAsync(AppUser user, CancellationToken ct)
    {
        await Keys.SetAuthenticatorKeyAsync(user, users.GenerateNewAuthenticatorKey(), ct);
        await users.RemoveAuthenticationTokenAsync(user, ReplayGuardedAuthenticatorProvider.TokenProvider, ReplayGuardedAuthenticatorProvider.LastStepToken);
        steps.Forget(user.Id);
    }

    private async Task ClearAsync(AppUser user, CancellationToken ct)
    {
        await TwoFactor.SetTwoFactorEnabledAsync(user, false, ct);
        await NewKeyAsync(user, ct); // the old app's codes stop working
        await RecoveryCodes.ReplaceCodesAsync(user, [], ct);
    }

    private async Task<AppUser> FindAsync(string userId) =>
        await users.FindByIdAsync(userId) ?? throw new ChatNotFoundException("Your account");

    private static string Grouped(string key) =>
        string.Join(' ', Enumerable.Range(0, (key.Length + 3) / 4).Select(i => key.Substring(i * 4, Math.Min(4, key.Length - i * 4))));

    private static string QrCode(string text)
    {
        using var generator = new QRCodeGenerator();
        using var data = generator.CreateQrCode(text, QRCodeGenerator.ECCLevel.M);
        return "data:image/png;base64," + Convert.ToBase64String(new PngByteQRCode(data).GetGraphic(6));
    }

    private static void Succeeded(IdentityResult result)
    {
        if (!result.Succeeded)
            throw new InvalidOperationException(string.Join(" ", result.Errors.Select(e => e.Description)));
    }
}
