using Microsoft.AspNetCore.Identity;

namespace QanDu.Dashboard.Data.Entities;

public sealed class AppUser : IdentityUser
{
    public string DisplayName { get; set; } = "";
    /// <summary>The status the user chose (Offline: appear offline); what others see also depends on open tabs and idleness.</summary>
    public PresenceStatus Presence { get; set; } = PresenceStatus.Online;
    public DateTime CreatedAt { get; set; }
}
