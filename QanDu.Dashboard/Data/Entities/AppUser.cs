using Microsoft.AspNetCore.Identity;

namespace QanDu.Dashboard.Data.Entities;

public sealed class AppUser : IdentityUser
{
    public string DisplayName { get; set; } = "";
    public PresenceStatus Presence { get; set; } = PresenceStatus.Offline;
    public DateTime CreatedAt { get; set; }
}
