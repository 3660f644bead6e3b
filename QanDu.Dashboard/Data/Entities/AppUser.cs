using Microsoft.AspNetCore.Identity;

namespace QanDu.Dashboard.Data.Entities;

public sealed class AppUser : IdentityUser
{
    public string DisplayName { get; set; } = "";
    /// <summary>The status the user chose (Offline: appear offline); what others see also depends on open tabs and idleness.</summary>
    public PresenceStatus Presence { get; set; } = PresenceStatus.Online;
    public DateTime CreatedAt { get; set; }

    /// <summary>Set while the person is deactivated: no sign-in, no API key, no open session.</summary>
    public DateTime? DeactivatedAt { get; set; }

    /// <summary>When the person last used the app (a page, the API), kept to the minute.</summary>
    public DateTime? LastSeenAt { get; set; }

    /// <summary>Raised whenever what the sign-in cookie says about the person (roles, name) changes, so open sessions refresh at once.</summary>
    public int AccessVersion { get; set; }

    /// <summary>The colour of the initials avatar (#rrggbb); null: derived from the id.</summary>
    public string? AvatarColor { get; set; }

    /// <summary>The stored name of an uploaded avatar image under the files folder; null: initials.</summary>
    public string? AvatarFile { get; set; }

    /// <summary>BCP 47 language tag the person chose (stored; used when the UI is translated).</summary>
    public string Language { get; set; } = "en";

    /// <summary>Most open customer conversations auto-assignment gives this agent; null: no limit.</summary>
    public int? MaxOpenConversations { get; set; }

    /// <summary>IANA time zone the UI shows times in; null: the zone of the browser in use (until the person chooses one).</summary>
    public string? TimeZone { get; set; }
}
