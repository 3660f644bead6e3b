using QanDu.Dashboard.Features.Access;

namespace QanDu.Dashboard.Features.Privacy;

internal static class PrivacyRules
{
    /// <summary>
    /// Admins only, in person or by their API key: an export holds every conversation and private note of a contact, and
    /// an erasure cannot be undone.
    /// </summary>
    public static void RequireAdmin(ChatCaller caller, string what)
    {
        if (!caller.IsStaff || !caller.IsAdmin)
            throw new ChatForbiddenException($"Only admins {what}.");
    }
}
