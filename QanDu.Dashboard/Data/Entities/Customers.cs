namespace QanDu.Dashboard.Data.Entities;

public enum WidgetPosition { Right, Left }

/// <summary>Whether the pre-chat form asks for a field, and whether the visitor must give it.</summary>
public enum PreChatField { Off, Optional, Required }

/// <summary>What the widget does outside the channel's business hours.</summary>
public enum OutsideHoursBehavior { ShowAwayMessage, AskForEmail, HideLauncher }

/// <summary>
/// Identity verification of the host site's signed-in users: Off ignores identify() hashes, Optional verifies a hash when
/// one is given (a wrong one is refused), Required refuses every session and message without a valid hash.
/// </summary>
public enum IdentityVerification { Off, Optional, Required }

/// <summary>One shift of a day in the channel's time zone; a day may have several (split shifts).</summary>
public sealed record BusinessHoursSlot(DayOfWeek Day, TimeOnly From, TimeOnly To);

/// <summary>A website the team answers through the chat widget.</summary>
public sealed class WebsiteChannel
{
    public long Id { get; set; }
    public string Name { get; set; } = "";

    /// <summary>Public: it is in the embed snippet on the website. It names the channel, it grants nothing by itself.</summary>
    public string WebsiteToken { get; set; } = "";

    /// <summary>Origins (scheme://host[:port]) allowed to embed the widget and call the visitor API.</summary>
    public List<string> AllowedOrigins { get; set; } = [];
    public string Greeting { get; set; } = "";
    public string Color { get; set; } = "#1e88e5";
    public WidgetPosition Position { get; set; }

    /// <summary>IANA time zone the business hours are in.</summary>
    public string TimeZone { get; set; } = "UTC";

    /// <summary>Empty: always open.</summary>
    public List<BusinessHoursSlot> BusinessHours { get; set; } = [];
    public string AwayMessage { get; set; } = "";
    public string ExpectedReplyTime { get; set; } = "";
    public OutsideHoursBehavior OutsideHours { get; set; }
    public PreChatField PreChatName { get; set; }
    public PreChatField PreChatEmail { get; set; }
    public IdentityVerification Verification { get; set; }

    /// <summary>HMAC-SHA256 key the host site signs its user ids with (<c>hash = HMAC(secret, id)</c>).</summary>
    public string IdentitySecret { get; set; } = "";

    /// <summary>New conversations go to this team's queue; null: Unassigned.</summary>
    public long? TeamId { get; set; }
    public Team? Team { get; set; }
    public bool AutoAssign { get; set; }

    /// <summary>An auto-assigned conversation goes back to the queue when its agent is offline this long; 0: never.</summary>
    public int ReassignAfterOfflineMinutes { get; set; }

    /// <summary>A customer message reopens a resolved conversation within this window; after it, a new one starts.</summary>
    public int ReopenWindowHours { get; set; } = 24;

    /// <summary>
    /// The assistant answers customers first (from public knowledge only; the conversation is Pending) and hands off to a
    /// person when needed. Off by default.
    /// </summary>
    public bool AssistantFirstReply { get; set; }

    /// <summary>Below this confidence (0–1) the assistant does not answer a customer but hands the conversation to a person.</summary>
    public double AssistantHandOffThreshold { get; set; } = 0.5;

    /// <summary>The last agent auto-assignment chose (round robin goes on from the next one).</summary>
    public string? LastAssignedUserId { get; set; }
    public DateTime CreatedAt { get; set; }
    public DateTime UpdatedAt { get; set; }
}

/// <summary>
/// A customer. <see cref="UserId"/> is a user with no role and no password that stands for the contact in
/// conversations (participant, sender, read cursor): customers are never staff and cannot sign in to the dashboard.
/// </summary>
public sealed class Contact
{
    public long Id { get; set; }
    public string UserId { get; set; } = "";
    public AppUser? User { get; set; }
    public long? ChannelId { get; set; }
    public string? Name { get; set; }
    public string? Email { get; set; }
    public string? Phone { get; set; }

    /// <summary>The host site's id of its signed-in user (from identify()); unique per channel.</summary>
    public string? Identifier { get; set; }
    public string? Company { get; set; }

    /// <summary>Custom attributes set by the host page (setAttributes) or by agents.</summary>
    public Dictionary<string, string> Attributes { get; set; } = [];
    public DateTime CreatedAt { get; set; }
    public DateTime? FirstSeenAt { get; set; }
    public DateTime? LastSeenAt { get; set; }
    public string? Browser { get; set; }
    public string? Os { get; set; }
    public string? LastPageUrl { get; set; }
    public string? LastPageTitle { get; set; }

    /// <summary>Set on a contact merged into another: its tokens and links resolve to the survivor.</summary>
    public long? MergedIntoId { get; set; }
    public DateTime? MergedAt { get; set; }

    /// <summary>Set when the contact was erased (a privacy request): details cleared, messages replaced by a tombstone, files deleted.</summary>
    public DateTime? ErasedAt { get; set; }
}

public sealed class ContactNote
{
    public long Id { get; set; }
    public long ContactId { get; set; }
    public string AuthorId { get; set; } = "";
    public string AuthorName { get; set; } = "";
    public string Content { get; set; } = "";
    public DateTime CreatedAt { get; set; }
}

/// <summary>A visitor's bearer token (remembered by the widget across page loads and tabs); only its hash is stored.</summary>
public sealed class VisitorToken
{
    public long Id { get; set; }
    public long ContactId { get; set; }
    public long ChannelId { get; set; }
    public string TokenHash { get; set; } = "";

    /// <summary>The contact's identity was proven with the channel's HMAC hash when this token was issued.</summary>
    public bool Verified { get; set; }
    public DateTime CreatedAt { get; set; }
    public DateTime LastUsedAt { get; set; }
    public DateTime? RevokedAt { get; set; }
}

/// <summary>A saved reply: shared by the team (<see cref="OwnerId"/> null) or one agent's own.</summary>
public sealed class CannedResponse
{
    public long Id { get; set; }
    public string ShortCode { get; set; } = "";
    public string Title { get; set; } = "";
    public string Content { get; set; } = "";
    public string? OwnerId { get; set; }
    public string CreatedById { get; set; } = "";
    public DateTime CreatedAt { get; set; }
    public DateTime UpdatedAt { get; set; }
}
