using System.Net;
using QanDu.Dashboard.Data.Entities;
using QanDu.Dashboard.Features.Access;
using QanDu.Dashboard.Features.Account;
using QanDu.Dashboard.Features.Audit;
using QanDu.Dashboard.Features.Threads;
using QanDu.Dashboard.Realtime;

namespace QanDu.Dashboard.Features.People;

/// <summary>
/// The one write path for staff accounts: invite, resend and revoke invitations, change role and name, deactivate and
/// reactivate, issue reset links. Admins only (or the app itself: the command line). Each change is one commit with its
/// audit entry; <see cref="AccessChanged"/> follows every change to what a person may do.
/// </summary>
public sealed class PeopleService(
    IServiceScopeFactory scopes,
    PeopleDirectory directory,
    ThreadService threads,
    ApiKeyService apiKeys,
    AuditLog audit,
    IChatEvents events,
    LinkMail mail,
    TimeProvider clock)
{
    /// <summary>
    /// Creates the account (no password yet) and a 7-day invitation link under <paramref name="baseUri"/>, emailed when
    /// email is set up.
    /// </summary>
    public async Task<Invitation> InviteAsync(ChatCaller caller, InviteRequest request, Uri baseUri, IPAddress? address = null, CancellationToken ct = default)
    {
        PeopleRules.RequireAdmin(caller);
        var (email, name, role) = ValidateNew(request);
        var (user, token, expires) = await PeopleWork.RunAsync(scopes, Now, async work =>
        {
            await RefuseTakenAsync(work, email);
            var user = new AppUser { UserName = email, Email = email, DisplayName = name, CreatedAt = work.Now };
            PeopleWork.Unit.Check(await work.Users.CreateAsync(user), "email");
            PeopleWork.Unit.Check(await work.Users.AddToRoleAsync(user, role), "role");
            var (token, link) = await OneTimeLinks.StageAsync(work.Db, user.Id, OneTimeLinkPurpose.Invitation, ActorId(caller), work.Now, ct);
            audit.Add(work.Db, Actor(caller, address), new AuditRecord("user.invited", "user", user.Id, name,
                After: new { email, name, role }, Detail: $"Invitation valid until {link.ExpiresAt:u}"));
            return (user, token, link.ExpiresAt);
        }, ct);
        var issued = await mail.SendAsync(user, OneTimeLinkPurpose.Invitation, LinkUrl(baseUri, OneTimeLinkPurpose.Invitation, token), expires, ct);
        return new Invitation(await directory.GetAsync(caller, user.Id, ct), issued);
    }

    /// <summary>Creates an account with a password chosen by the admin (the command line); Identity's password rules apply.</summary>
    public async Task<PersonView> CreateAsync(ChatCaller caller, InviteRequest request, string password, CancellationToken ct = default)
    {
        PeopleRules.RequireAdmin(caller);
        var (email, name, role) = ValidateNew(request);
        var user = await PeopleWork.RunAsync(scopes, Now, async work =>
        {
            await RefuseTakenAsync(work, email);
            var user = new AppUser { UserName = email, Email = email, EmailConfirmed = true, DisplayName = name, CreatedAt = work.Now };
            PeopleWork.Unit.Check(await work.Users.CreateAsync(user, password), "password");
            PeopleWork.Unit.Check(await work.Users.AddToRoleAsync(user, role), "role");
            audit.Add(work.Db, Actor(caller, null), new AuditRecord("user.created", "user", user.Id, name, After: new { email, name, role }));
            return user;
        }, ct);
        return await directory.GetAsync(caller, user.Id, ct);
    }

    /// <summary>A new invitation link for someone who has not chosen a password yet; the previous link stops working.</summary>
    public async Task<IssuedLink> ResendInvitationAsync(ChatCaller caller, string userId, Uri baseUri, IPAddress? address = null, CancellationToken ct = default)
    {
        PeopleRules.RequireAdmin(caller);
        var (user, token, expires) = await PeopleWork.RunAsync(scopes, Now, async work =>
        {
            var user = await work.RequireStaffAsync(userId);
            if (user.DeactivatedAt is not null)
                throw new ChatConflictException($"{user.DisplayName} is deactivated: reactivate them first.", "Deactivated");
            if (user.PasswordHash is not null)
                throw new ChatConflictException(
                    $"{user.DisplayName} already accepted their invitation. To let them choose a new password, create a reset link.",
                    "Invitation already accepted");
            var (token, link) = await OneTimeLinks.StageAsync(work.Db, user.Id, OneTimeLinkPurpose.Invitation, ActorId(caller), work.Now, ct);
            audit.Add(work.Db, Actor(caller, address), new AuditRecord("user.invitation_resent", "user", user.Id, user.DisplayName,
                Detail: $"The previous link was withdrawn; the new one is valid until {link.ExpiresAt:u}"));
            return (user, token, link.ExpiresAt);
        }, ct);
        return await mail.SendAsync(user, OneTimeLinkPurpose.Invitation, LinkUrl(baseUri, OneTimeLinkPurpose.Invitation, token), expires, ct);
    }

    /// <summary>Withdraws an open invitation: its link stops working. The person stays listed as invited until resent or deactivated.</summary>
    public async Task RevokeInvitationAsync(ChatCaller caller, string userId, IPAddress? address = null, CancellationToken ct = default)
    {
        PeopleRules.RequireAdmin(caller);
        await PeopleWork.RunAsync(scopes, Now, async work =>
        {
            var user = await work.RequireStaffAsync(userId);
            if (await OneTimeLinks.StageRevokeAsync(work.Db, user.Id, OneTimeLinkPurpose.Invitation, work.Now, ct) == 0)
                throw new ChatConflictException($"{user.DisplayName} has no open invitation to withdraw.", "No open invitation");
            audit.Add(work.Db, Actor(caller, address), new AuditRecord("user.invitation_revoked", "user", user.Id, user.DisplayName,
                Before: new { invitation = "open" }, After: new { invitation = "revoked" }));
            return true;
        }, ct);
    }

    /// <summary>A one-time link (24 hours) for the person to choose a new password; the previous reset link stops working.</summary>
    public async Task<IssuedLink> CreateResetLinkAsync(ChatCaller caller, string userId, Uri baseUri, IPAddress? address = null, CancellationToken ct = default)
    {
        PeopleRules.RequireAdmin(caller);
        var (user, token, expires) = await PeopleWork.RunAsync(scopes, Now, async work =>
        {
            var user = await work.RequireStaffAsync(userId);
            if (user.DeactivatedAt is not null)
                throw new ChatConflictException($"{user.DisplayName} is deactivated: reactivate them first.", "Deactivated");
            if (user.PasswordHash is null)
                throw new ChatConflictException(
                    $"{user.DisplayName} has not accepted their invitation yet: resend the invitation instead.", "No password yet");
            var (token, link) = await OneTimeLinks.StageAsync(work.Db, user.Id, OneTimeLinkPurpose.PasswordReset, ActorId(caller), work.Now, ct);
            audit.Add(work.Db, Actor(caller, address), new AuditRecord("user.password_reset_link_created", "user", user.Id, user.DisplayName,
                Detail: $"Valid until {link.ExpiresAt:u}"));
            return (user, token, link.ExpiresAt);
        }, ct);
        return await mail.SendAsync(user, OneTimeLinkPurpose.PasswordReset, LinkUrl(baseUri, OneTimeLinkPurpose.PasswordReset, token), expires, ct);
    }

    public Task<PersonView> ChangeRoleAsync(ChatCaller caller, string userId, string role, IPAddress? address = null, CancellationToken ct = default) =>
        UpdateAsync(caller, userId, new UpdatePersonRequest(Role: role), address, ct);

    public Task<PersonView> RenameAsync(ChatCaller caller, string userId, string name, IPAddress? address = null, CancellationToken ct = default) =>
        UpdateAsync(caller, userId, new UpdatePersonRequest(Name: name), address, ct);

    /// <summary>
    /// Ends every session and API key of the person at once, withdraws their open links and puts their open assigned
    /// conversations back to Unassigned. What they wrote keeps their name.
    /// </summary>
    public Task<PersonView> DeactivateAsync(ChatCaller caller, string userId, IPAddress? address = null, CancellationToken ct = default) =>
        UpdateAsync(caller, userId, new UpdatePersonRequest(Active: false), address, ct);

    /// <summary>Lets the person sign in again with their password.</summary>
    public Task<PersonView> ReactivateAsync(ChatCaller caller, string userId, IPAddress? address = null, CancellationToken ct = default) =>
        UpdateAsync(caller, userId, new UpdatePersonRequest(Active: true), address, ct);

    /// <summary>Sets how many open customer conversations auto-assignment gives the person at most (null: no limit).</summary>
    public Task<PersonView> SetCapacityAsync(ChatCaller caller, string userId, int? maxOpenConversations, IPAddress? address = null, CancellationToken ct = default) =>
        UpdateAsync(caller, userId, new UpdatePersonRequest(MaxOpenConversations: maxOpenConversations ?? 0), address, ct);

    /// <summary>Role, name, active state and capacity, each applied when set, in one commit (with one audit entry per change).</summary>
    public async Task<PersonView> UpdateAsync(ChatCaller caller, string userId, UpdatePersonRequest request, IPAddress? address = null, CancellationToken ct = default)
    {
        PeopleRules.RequireAdmin(caller);
        var errors = new Dictionary<string, string[]>();
        var role = request.Role is null ? null : Field(errors, "role", () => PeopleRules.ParseRole(request.Role));
        var name = request.Name is null ? null : Field(errors, "name", () => PeopleRules.ParseName(request.Name));
        if (request.MaxOpenConversations is { } capacity && capacity is not (0 or >= 1 and <= PeopleRules.MaxCapacity))
            errors["maxOpenConversations"] = [$"Max open conversations is 1 to {PeopleRules.MaxCapacity}, or 0 (empty on the page) for no limit."];
        if (errors.Count > 0)
            throw new ChatValidationException(errors);
        var actor = Actor(caller, address);
        await PeopleWork.RunAsync(scopes, Now, async work =>
        {
            var user = await work.RequireStaffAsync(userId);
            var roles = await work.Users.GetRolesAsync(user);
            var currentRole = PeopleRules.MainRole(roles.Where(Roles.All.Contains));
            var changed = false;
            if (currentRole == Roles.Admin && user.DeactivatedAt is null && (role is not null && role != Roles.Admin || request.Active == false))
                await RequireAnotherAdminAsync(work, user, role is not null && role != Roles.Admin ? "demoted" : "deactivated", ct);
            if (role is not null && role != currentRole)
            {
                PeopleWork.Unit.Check(await work.Users.RemoveFromRolesAsync(user, roles.Where(Roles.All.Contains)), "role");
                PeopleWork.Unit.Check(await work.Users.AddToRoleAsync(user, role), "role");
                audit.Add(work.Db, actor, new AuditRecord("user.role_changed", "user", user.Id, user.DisplayName,
                    Before: new { role = currentRole }, After: new { role }));
                changed = true;
            }
            if (name is not null && name != user.DisplayName)
            {
                audit.Add(work.Db, actor, new AuditRecord("user.renamed", "user", user.Id, name,
                    Before: new { name = user.DisplayName }, After: new { name }));
                user.DisplayName = name;
                changed = true;
            }
            if (request.Active == false && user.DeactivatedAt is null)
            {
                if (user.Id == caller.UserId)
                    throw new ChatConflictException("You cannot deactivate yourself: ask another admin.", "Cannot deactivate yourself");
                await StageDeactivationAsync(work, user, actor, ct);
                changed = true;
            }
            else if (request.Active == true && user.DeactivatedAt is not null)
            {
                audit.Add(work.Db, actor, new AuditRecord("user.reactivated", "user", user.Id, user.DisplayName,
                    Before: new { status = "deactivated" }, After: new { status = "active" }));
                user.DeactivatedAt = null;
                changed = true;
            }
            var capacityChanged = StageCapacity(work, actor, user, request.MaxOpenConversations);
            if (!changed)
            {
                if (capacityChanged)
                    PeopleWork.Unit.Check(await work.Users.UpdateAsync(user), "user");
                return capacityChanged;
            }
            user.AccessVersion++;
            PeopleWork.Unit.Check(await work.Users.UpdateAsync(user), "user");
            // API keys cache a sign-in for up to 30 s: a new role or name reaches them at once, a deactivation ends them.
            work.AfterCommit.Add(() => apiKeys.EndSignInsOf(user.Id));
            work.AfterCommit.Add(() => events.Publish(new AccessChanged(user.Id)));
            return true;
        }, ct);
        return await directory.GetAsync(caller, userId, ct);
    }

    /// <summary>Capacity is not access: it changes no session, so it raises no <see cref="AccessChanged"/>.</summary>
    private bool StageCapacity(PeopleWork.Unit work, AuditActor actor, AppUser user, int? requested)
    {
        if (requested is not { } value)
            return false;
        int? capacity = value == 0 ? null : value;
        if (capacity == user.MaxOpenConversations)
            return false;
        audit.Add(work.Db, actor, new AuditRecord("user.capacity_changed", "user", user.Id, user.DisplayName,
            Before: new { maxOpenConversations = Capacity(user.MaxOpenConversations) }, After: new { maxOpenConversations = Capacity(capacity) }));
        user.MaxOpenConversations = capacity;
        return true;
    }

    private static string Capacity(int? max) => max is { } n ? n.ToString() : "no limit";

    private async Task StageDeactivationAsync(PeopleWork.Unit work, AppUser user, AuditActor actor, CancellationToken ct)
    {
        user.DeactivatedAt = work.Now;
        // A new stamp ends every sign-in cookie of theirs (UpdateSecurityStampAsync saves, inside this transaction).
        PeopleWork.Unit.Check(await work.Users.UpdateSecurityStampAsync(user), "user");
        var links = await OneTimeLinks.StageRevokeAsync(work.Db, user.Id, purpose: null, work.Now, ct);
        var unassigned = await threads.StageUnassignAllAsync(work.Db, user.Id, ct);
        audit.Add(work.Db, actor, new AuditRecord("user.deactivated", "user", user.Id, user.DisplayName,
            Before: new { status = "active" }, After: new { status = "deactivated" },
            Detail: $"{unassigned.Count} open conversation(s) back to Unassigned; {links} open link(s) withdrawn"));
        work.AfterCommit.Add(() => threads.AnnounceChanged(unassigned));
    }

    private static (string Email, string Name, string Role) ValidateNew(InviteRequest request)
    {
        var errors = new Dictionary<string, string[]>();
        var email = Field(errors, "email", () => PeopleRules.ParseEmail(request.Email));
        var name = Field(errors, "name", () => PeopleRules.ParseName(request.Name));
        var role = Field(errors, "role", () => PeopleRules.ParseRole(request.Role));
        if (errors.Count > 0)
            throw new ChatValidationException(errors);
        return (email!, name!, role!);
    }

    private static async Task RefuseTakenAsync(PeopleWork.Unit work, string email)
    {
        if (await work.Users.FindByEmailAsync(email) is { } existing)
            throw new ChatConflictException(
                $"{email} already belongs to {existing.DisplayName}: a person can be invited once. Find them on the people page instead.",
                "Email already in use");
    }

    private static async Task RequireAnotherAdminAsync(PeopleWork.Unit work, AppUser user, string what, CancellationToken ct)
    {
        if (await PeopleRules.OtherActiveAdminsAsync(work.Db, user.Id, ct) == 0)
            throw new ChatConflictException(
                $"{user.DisplayName} is the last active admin and cannot be {what}: make someone else an admin first, so the team is never locked out of its own settings.",
                "Last active admin");
    }

    private static T? Field<T>(Dictionary<string, string[]> errors, string field, Func<T> parse) where T : class
    {
        try
        {
            return parse();
        }
        catch (ChatValidationException e)
        {
            errors[field] = [.. e.Errors.SelectMany(x => x.Value)];
            return null;
        }
    }

    internal static string LinkUrl(Uri baseUri, OneTimeLinkPurpose purpose, string token) =>
        baseUri.GetLeftPart(UriPartial.Path).TrimEnd('/') + "/" + OneTimeLinks.PathFor(purpose) + token;

    private static string? ActorId(ChatCaller caller) => caller.Kind == CallerKind.System ? null : caller.UserId;

    private static AuditActor Actor(ChatCaller caller, IPAddress? address) => AuditActor.From(caller, address);

    private DateTime Now => clock.GetUtcNow().UtcDateTime;
}
