using System.Net;
using System.Security.Claims;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.Options;
using QanDu.Dashboard.Data;
using QanDu.Dashboard.Data.Entities;
using QanDu.Dashboard.Features.Access;
using QanDu.Dashboard.Features.Audit;

namespace QanDu.Dashboard.Features.Account.SingleSignOn;

/// <summary>Why single sign-on did not sign someone in; each has its own explanation on the page /account/sso/refused.</summary>
public enum SsoRefusal { NoEmail, EmailNotVerified, Unknown, Deactivated, LockedOut, NotStaff, CouldNotCreate, Expired, Cancelled, Unavailable, Failed }

/// <summary>What a return from the provider came to: signed in, or refused for a reason.</summary>
public sealed record SsoOutcome(SsoRefusal? Refusal)
{
    public static readonly SsoOutcome SignedIn = new((SsoRefusal?)null);
}

/// <summary>
/// Turns the person the provider vouched for into a signed-in staff member. An account already linked to the provider's
/// subject signs in by that link; otherwise the person is matched by email, and only by an email the provider says it
/// verified (an unverified address could be anyone's). The first sign-in links the account; unknown people are refused
/// or created as Agents (<see cref="OidcOptions.UnknownPeople"/>). Every refusal is in the audit log with its reason.
/// </summary>
public sealed class SsoSignIn(
    SignInManager<AppUser> signIn,
    ChatDbContext db,
    AuditLog audit,
    IOptions<OidcOptions> options,
    TimeProvider clock,
    ILogger<SsoSignIn> logger)
{
    public async Task<SsoOutcome> SignInAsync(ClaimsPrincipal external, IPAddress? client, CancellationToken ct)
    {
        var users = signIn.UserManager;
        var subject = external.FindFirstValue("sub");
        var email = external.FindFirstValue("email")?.Trim();
        var who = new ExternalPerson(subject, email, client);
        if (subject is null)
            return await RefuseAsync(who, SsoRefusal.Failed, null, ct);

        var user = await users.FindByLoginAsync(OidcOptions.Scheme, subject);
        var firstLink = user is null;
        if (user is null)
        {
            if (string.IsNullOrWhiteSpace(email))
                return await RefuseAsync(who, SsoRefusal.NoEmail, null, ct);
            if (!IsEmailVerified(external))
                return await RefuseAsync(who, SsoRefusal.EmailNotVerified, null, ct);
            user = await users.FindByEmailAsync(email);
            if (user is null)
                return options.Value.UnknownPeople == UnknownPeoplePolicy.CreateAgent
                    ? await CreateAgentAsync(who, external.FindFirstValue("name"), ct)
                    : await RefuseAsync(who, SsoRefusal.Unknown, null, ct);
        }

        if (user.DeactivatedAt is not null)
            return await RefuseAsync(who, SsoRefusal.Deactivated, user, ct);
        if (await users.IsLockedOutAsync(user))
            return await RefuseAsync(who, SsoRefusal.LockedOut, user, ct);
        var roles = await users.GetRolesAsync(user);
        if (!roles.Any(Roles.All.Contains))
            return await RefuseAsync(who, SsoRefusal.NotStaff, user, ct);

        if (firstLink)
        {
            // The entry commits with the link (the same context as the user store), or neither does.
            audit.Add(db, Actor(user, client), new AuditRecord("user.sso_signed_in", "user", user.Id, user.Email,
                After: new { login = OidcOptions.Scheme, subject }, Detail: "First sign-in by single sign-on; the account is now linked to the provider's subject."));
            var linked = await users.AddLoginAsync(user, new UserLoginInfo(OidcOptions.Scheme, subject, options.Value.DisplayName));
            if (!linked.Succeeded)
            {
                logger.LogWarning("Could not link {UserId} to the provider's subject: {Errors}", user.Id, Describe(linked));
                return await RefuseAsync(who, SsoRefusal.Failed, user, ct);
            }
        }
        await signIn.SignInAsync(user, isPersistent: true, authenticationMethod: OidcOptions.Scheme);
        return SsoOutcome.SignedIn;
    }

    /// <summary>A failure before the provider named anyone (a bad state, an error from the provider), for the audit log.</summary>
    public async Task<SsoOutcome> RefuseAsync(SsoRefusal reason, IPAddress? client, CancellationToken ct)
    {
        await audit.RecordAsync(new AuditActor(null, "Anonymous", client?.ToString()),
            new AuditRecord("sign_in.sso_refused", Detail: Reason(reason)), ct);
        return new SsoOutcome(reason);
    }

    private bool IsEmailVerified(ClaimsPrincipal external) =>
        bool.TryParse(external.FindFirstValue(options.Value.EmailVerifiedClaim), out var verified) && verified;

    private async Task<SsoOutcome> CreateAgentAsync(ExternalPerson who, string? name, CancellationToken ct)
    {
        var users = signIn.UserManager;
        var email = who.Email!;
        var displayName = string.IsNullOrWhiteSpace(name) ? email.Split('@')[0] : name.Trim();
        var user = new AppUser
        {
            UserName = email,
            Email = email,
            EmailConfirmed = true, // the provider verified it
            DisplayName = displayName.Length <= 100 ? displayName : displayName[..100],
            CreatedAt = clock.GetUtcNow().UtcDateTime,
        };
        var created = await users.CreateAsync(user);
        if (created.Succeeded)
        {
            audit.Add(db, Actor(user, who.Client), new AuditRecord("user.created_by_sso", "user", user.Id, email,
                After: new { email, name = user.DisplayName, role = Roles.Agent }, Detail: "Unknown person with a verified email; Auth:Oidc:UnknownPeople is CreateAgent."));
            created = await users.AddToRoleAsync(user, Roles.Agent);
        }
        if (created.Succeeded)
            created = await users.AddLoginAsync(user, new UserLoginInfo(OidcOptions.Scheme, who.Subject!, options.Value.DisplayName));
        if (!created.Succeeded)
        {
            logger.LogWarning("Could not create an account for {Email} by single sign-on: {Errors}", email, Describe(created));
            db.ChangeTracker.Clear(); // an audit entry not yet saved must not commit with the clean-up
            if (await users.FindByIdAsync(user.Id) is { } partial)
                await users.DeleteAsync(partial); // nothing half-done: no account without its role and link
            return await RefuseAsync(who, SsoRefusal.CouldNotCreate, null, ct);
        }
        await signIn.SignInAsync(user, isPersistent: true, authenticationMethod: OidcOptions.Scheme);
        return SsoOutcome.SignedIn;
    }

    private async Task<SsoOutcome> RefuseAsync(ExternalPerson who, SsoRefusal reason, AppUser? user, CancellationToken ct)
    {
        logger.LogInformation("Single sign-on refused ({Reason}) for subject {Subject}", reason, who.Subject);
        await audit.RecordAsync(new AuditActor(null, "Anonymous", who.Client?.ToString()),
            new AuditRecord("sign_in.sso_refused", "user", user?.Id, who.Email ?? user?.Email, Detail: Reason(reason)), ct);
        return new SsoOutcome(reason);
    }

    private static AuditActor Actor(AppUser user, IPAddress? client) => new(user.Id, user.DisplayName, client?.ToString());

    private static string Reason(SsoRefusal reason) => reason switch
    {
        SsoRefusal.NoEmail => "the provider sent no email address",
        SsoRefusal.EmailNotVerified => "the provider has not verified the email address",
        SsoRefusal.Unknown => "no account has this email (Auth:Oidc:UnknownPeople is Refuse)",
        SsoRefusal.Deactivated => "the account is deactivated",
        SsoRefusal.LockedOut => "the account is locked",
        SsoRefusal.NotStaff => "the account has no staff role",
        SsoRefusal.CouldNotCreate => "an account could not be created",
        SsoRefusal.Expired => "the sign-in had expired or was already used",
        SsoRefusal.Cancelled => "the provider reported that sign-in was cancelled or denied",
        SsoRefusal.Unavailable => "the provider could not be reached",
        _ => "the provider's answer could not be checked",
    };

    private static string Describe(IdentityResult result) => string.Join(" ", result.Errors.Select(e => e.Description));

    private sealed record ExternalPerson(string? Subject, string? Email, IPAddress? Client);
}
