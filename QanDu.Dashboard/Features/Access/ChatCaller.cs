using System.Security.Claims;
using QanDu.Dashboard.Data.Entities;

namespace QanDu.Dashboard.Features.Access;

/// <summary>What kind of caller is asking: it decides which threads they see and which view of them they get.</summary>
public enum CallerKind
{
    /// <summary>A staff member (agent, supervisor, admin) signed in to the dashboard.</summary>
    Staff,

    /// <summary>An integration using a staff member's personal API key: the same rights as that person.</summary>
    ApiKey,

    /// <summary>A customer: sees only their own conversations, never metadata, private notes or staff emails.</summary>
    Visitor,

    /// <summary>The app acting on its own (the analysis and its automatic rules): sees every thread.</summary>
    System,
}

/// <summary>
/// Who is asking. Services check access with this, never trusting a door (page, endpoint, hub) to have hidden things;
/// <see cref="Kind"/> chooses the visibility rule and the view projection.
/// </summary>
public sealed record ChatCaller(string UserId, string DisplayName, bool SeesAllThreads, bool IsAdmin = false)
{
    public const string SystemUserId = "system";

    public CallerKind Kind { get; init; } = CallerKind.Staff;

    /// <summary>Staff in person or through their API key: gets the staff views.</summary>
    public bool IsStaff => Kind is CallerKind.Staff or CallerKind.ApiKey;

    public bool IsVisitor => Kind == CallerKind.Visitor;

    /// <summary>The caller a signed-in request or circuit acts as (the one rule, <see cref="ForRoles"/>, applied to its claims).</summary>
    public static ChatCaller From(ClaimsPrincipal user)
    {
        var id = user.FindFirstValue(ClaimTypes.NameIdentifier)
            ?? throw new InvalidOperationException("The signed-in user has no identifier claim.");
        var name = user.FindFirstValue(AppClaims.DisplayName) ?? user.Identity?.Name ?? id;
        var roles = Roles.All.Where(user.IsInRole).ToList();
        var viaApiKey = user.HasClaim(AppClaims.CallerKind, AppClaims.ApiKeyCaller);
        return ForRoles(id, name, roles, viaApiKey);
    }

    /// <summary>
    /// The one rule from a person's roles to a caller: admins and supervisors see every thread, agents their own; a person
    /// with no staff role is a customer (a visitor), whatever door they came through.
    /// </summary>
    public static ChatCaller ForRoles(string userId, string displayName, IReadOnlyCollection<string> roles, bool viaApiKey = false)
    {
        if (!roles.Any(Roles.All.Contains))
            return Visitor(userId, displayName);
        var isAdmin = roles.Contains(Roles.Admin);
        return new ChatCaller(userId, displayName, isAdmin || roles.Contains(Roles.Supervisor), isAdmin)
        {
            Kind = viaApiKey ? CallerKind.ApiKey : CallerKind.Staff,
        };
    }

    /// <summary>A customer: their own conversations only, never more, whatever else is set.</summary>
    public static ChatCaller Visitor(string userId, string displayName) =>
        new(userId, displayName, SeesAllThreads: false, IsAdmin: false) { Kind = CallerKind.Visitor };

    /// <summary>The app acting on its own (<paramref name="what"/> names it in logs and edit trails).</summary>
    public static ChatCaller System(string what) =>
        new(SystemUserId, what, SeesAllThreads: true, IsAdmin: false) { Kind = CallerKind.System };
}
