using System.Net.Mail;
using Microsoft.EntityFrameworkCore;
using QanDu.Dashboard.Data;
using QanDu.Dashboard.Data.Entities;
using QanDu.Dashboard.Features.Access;

namespace QanDu.Dashboard.Features.People;

/// <summary>The rules about people that both the reads and the writes apply: who may manage, valid input, status.</summary>
internal static class PeopleRules
{
    public const int MaxNameLength = 100;

    /// <summary>The most open conversations auto-assignment may give one person.</summary>
    public const int MaxCapacity = 200;

    public static void RequireAdmin(ChatCaller caller)
    {
        if (!caller.IsAdmin && caller.Kind != CallerKind.System)
            throw new ChatForbiddenException("Only admins manage people.");
    }

    /// <summary>The canonical role name, or a validation error naming the roles there are.</summary>
    public static string ParseRole(string? role) =>
        Roles.All.FirstOrDefault(r => string.Equals(r, role?.Trim(), StringComparison.OrdinalIgnoreCase))
        ?? throw new ChatValidationException("role",
            $"\"{role}\" is not a role. A person is one of: {string.Join(", ", Roles.All)}.");

    public static string ParseName(string? name)
    {
        TextInput.RefuseNul("name", name);
        var trimmed = name?.Trim() ?? "";
        return trimmed.Length is > 0 and <= MaxNameLength
            ? trimmed
            : throw new ChatValidationException("name", $"A name is 1 to {MaxNameLength} characters.");
    }

    public static string ParseEmail(string? email)
    {
        TextInput.RefuseNul("email", email);
        var trimmed = email?.Trim() ?? "";
        if (trimmed.Length is 0)
            throw new ChatValidationException("email", "Enter the person's email address.");
        if (trimmed.Length > 256 || !MailAddress.TryCreate(trimmed, out var parsed) || parsed.Address != trimmed || !parsed.Host.Contains('.'))
            throw new ChatValidationException("email", $"\"{trimmed}\" is not an email address such as name@example.com.");
        return trimmed;
    }

    /// <summary>Admin over supervisor over agent, when a person somehow has several staff roles.</summary>
    public static string MainRole(IEnumerable<string> roles)
    {
        var set = roles.ToHashSet();
        return set.Contains(Roles.Admin) ? Roles.Admin : set.Contains(Roles.Supervisor) ? Roles.Supervisor : Roles.Agent;
    }

    /// <summary>
    /// Deactivated when the flag is set; Invited while the person was invited and has not chosen a password yet (also when
    /// that invitation expired or was withdrawn, so the admin sees to resend it); otherwise Active.
    /// </summary>
    public static PersonStatus StatusOf(AppUser user, bool wasInvited) =>
        user.DeactivatedAt is not null ? PersonStatus.Deactivated
        : user.PasswordHash is null && wasInvited ? PersonStatus.Invited
        : PersonStatus.Active;

    /// <summary>How many active admins there are other than <paramref name="exceptUserId"/>.</summary>
    public static async Task<int> OtherActiveAdminsAsync(ChatDbContext db, string exceptUserId, CancellationToken ct)
    {
        var adminIds = db.UserRoles.Join(db.Roles.Where(r => r.Name == Roles.Admin), ur => ur.RoleId, r => r.Id, (ur, _) => ur.UserId);
        return await db.Users.CountAsync(u => u.Id != exceptUserId && adminIds.Contains(u.Id) && u.DeactivatedAt == null
            && (u.PasswordHash != null || !db.OneTimeLinks.Any(l => l.UserId == u.Id && l.Purpose == OneTimeLinkPurpose.Invitation)), ct);
    }
}
