using System.Net;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using QanDu.Dashboard.Data;
using QanDu.Dashboard.Data.Entities;
using QanDu.Dashboard.Features.Audit;
using QanDu.Dashboard.Realtime;

namespace QanDu.Dashboard.Features.People;

/// <summary>
/// The invitee's and the reset link's side: check a link, and use it once to choose a password. Part of the people
/// write path (the same tables and rules as <see cref="PeopleService"/>), for anonymous callers holding a link.
/// </summary>
public sealed class AccountLinks(
    IServiceScopeFactory scopes,
    IDbContextFactory<ChatDbContext> dbFactory,
    AuditLog audit,
    IChatEvents events,
    TimeProvider clock)
{
    /// <summary>Whose link this is, or a <see cref="LinkProblemException"/> saying why it does not work.</summary>
    public async Task<OpenLink> InspectAsync(string? token, OneTimeLinkPurpose purpose, CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var link = await OneTimeLinks.FindUsableAsync(db, token, purpose, clock.GetUtcNow().UtcDateTime, ct);
        return new OpenLink(link.UserId, link.User!.DisplayName, link.User.Email ?? "", purpose);
    }

    /// <summary>
    /// Sets the password the person chose (Identity's rules; a <c>ChatValidationException</c> on "password" names what
    /// is missing), marks the link used, and returns the person to sign in. A reset also ends their other sessions.
    /// </summary>
    public async Task<AppUser> UseAsync(string? token, OneTimeLinkPurpose purpose, string? password, IPAddress? address, CancellationToken ct = default)
    {
        var user = await PeopleWork.RunAsync(scopes, clock.GetUtcNow().UtcDateTime, async work =>
        {
            var link = await OneTimeLinks.FindUsableAsync(work.Db, token, purpose, work.Now, ct);
            var user = link.User!;
            var actor = new AuditActor(user.Id, user.DisplayName, address?.ToString());
            if (purpose == OneTimeLinkPurpose.Invitation)
            {
                if (user.PasswordHash is not null)
                    throw new LinkProblemException("This invitation was already accepted. Sign in with your password, or ask an admin for a reset link.");
                PeopleWork.Unit.Check(await work.Users.AddPasswordAsync(user, password ?? ""), "password");
                user.EmailConfirmed = true; // the invitation reached this address
                audit.Add(work.Db, actor, new AuditRecord("user.invitation_accepted", "user", user.Id, user.DisplayName,
                    Before: new { status = "invited" }, After: new { status = "active" }));
            }
            else
            {
                await RequireValidAsync(work.Users, user, password);
                if (user.PasswordHash is not null)
                    PeopleWork.Unit.Check(await work.Users.RemovePasswordAsync(user), "password");
                PeopleWork.Unit.Check(await work.Users.AddPasswordAsync(user, password!), "password");
                // An admin vouched for this: a lockout from failed guesses ends with it.
                PeopleWork.Unit.Check(await work.Users.SetLockoutEndDateAsync(user, null), "password");
                audit.Add(work.Db, actor, new AuditRecord("user.password_reset", "user", user.Id, user.DisplayName,
                    Detail: "A new password was chosen through a reset link; every other session ended"));
            }
            link.UsedAt = work.Now;
            PeopleWork.Unit.Check(await work.Users.UpdateAsync(user), "password");
            return user;
        }, ct);
        events.Publish(new AccessChanged(user.Id));
        return user;
    }

    /// <summary>Checks the password before the old one is removed, so a refused one changes nothing even inside the transaction.</summary>
    private static async Task RequireValidAsync(UserManager<AppUser> users, AppUser user, string? password)
    {
        var errors = new List<string>();
        foreach (var validator in users.PasswordValidators)
        {
            var result = await validator.ValidateAsync(users, user, password ?? "");
            errors.AddRange(result.Errors.Select(e => e.Description));
        }
        if (errors.Count > 0)
            throw new Access.ChatValidationException("password", string.Join(" ", errors));
    }
}
