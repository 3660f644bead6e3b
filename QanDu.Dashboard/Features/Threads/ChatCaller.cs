using System.Security.Claims;
using QanDu.Dashboard.Features.Account;

namespace QanDu.Dashboard.Features.Threads;

/// <summary>Who is asking. Services check access with this, never trusting the UI to have hidden things.</summary>
public sealed record ChatCaller(string UserId, string DisplayName, bool SeesAllThreads, bool IsAdmin = false)
{
    public static ChatCaller From(ClaimsPrincipal user)
    {
        var id = user.FindFirstValue(ClaimTypes.NameIdentifier)
            ?? throw new InvalidOperationException("The signed-in user has no identifier claim.");
        var name = user.FindFirstValue(AppClaims.DisplayName) ?? user.Identity?.Name ?? id;
        var isAdmin = user.IsInRole(Roles.Admin);
        return new ChatCaller(id, name, isAdmin || user.IsInRole(Roles.Supervisor), isAdmin);
    }
}
