namespace QanDu.Dashboard.Data.Entities;

public enum OneTimeLinkPurpose { Invitation, PasswordReset }

/// <summary>
/// An invitation or password-reset link: the link carries a random token, only its SHA-256 hash is stored. It works
/// once, until it expires or is revoked.
/// </summary>
public sealed class OneTimeLink
{
    public long Id { get; set; }
    public string UserId { get; set; } = "";
    public AppUser? User { get; set; }
    public OneTimeLinkPurpose Purpose { get; set; }
    public string TokenHash { get; set; } = "";
    public string? CreatedById { get; set; }
    public DateTime CreatedAt { get; set; }
    public DateTime ExpiresAt { get; set; }
    public DateTime? UsedAt { get; set; }
    public DateTime? RevokedAt { get; set; }
}

/// <summary>
/// One security-relevant event. Append-only: the app has no update or delete path, and the database refuses both
/// (triggers), so an entry stays as it was written.
/// </summary>
public sealed class AuditEntry
{
    public long Id { get; set; }
    public DateTime At { get; set; }
    /// <summary>Who did it; null for the system or an anonymous caller (a failed sign-in).</summary>
    public string? ActorId { get; set; }
    public string ActorName { get; set; } = "";
    /// <summary>The client address the request came from, when there was a request.</summary>
    public string? Address { get; set; }
    /// <summary>A dotted name such as <c>user.invited</c>, <c>user.role_changed</c>, <c>apikey.revoked</c>.</summary>
    public string Action { get; set; } = "";
    public string? TargetType { get; set; }
    public string? TargetId { get; set; }
    public string? TargetName { get; set; }
    /// <summary>The changed values before and after, as JSON objects (only what changed).</summary>
    public string? Before { get; set; }
    public string? After { get; set; }
    public string? Detail { get; set; }
}

/// <summary>A named group of agents (Billing, Technical, VIP) that conversations can be assigned to.</summary>
public sealed class Team
{
    public long Id { get; set; }
    public string Name { get; set; } = "";
    public string? Description { get; set; }
    public DateTime CreatedAt { get; set; }
    public List<TeamMember> Members { get; set; } = [];
}

public sealed class TeamMember
{
    public long TeamId { get; set; }
    public string UserId { get; set; } = "";
    public AppUser? User { get; set; }
}

/// <summary>
/// One signed-in browser: created at sign-in, named in the cookie, checked on every request and by open circuits.
/// Revoking it ends that browser's session (sign out everywhere else, deactivation).
/// </summary>
public sealed class UserSession
{
    public string Id { get; set; } = "";
    public string UserId { get; set; } = "";
    public AppUser? User { get; set; }
    public DateTime CreatedAt { get; set; }
    public DateTime LastSeenAt { get; set; }
    public string? Address { get; set; }
    public string? UserAgent { get; set; }
    /// <summary>How the browser signed in: password, two-factor, recovery code, single sign-on, invitation.</summary>
    public string Method { get; set; } = "";
    public DateTime? RevokedAt { get; set; }
}

public enum TwoFactorRequirement { Optional, Admins, Everyone }

/// <summary>The workspace's security settings, one row (id 1); until an admin saves, the defaults apply.</summary>
public sealed class SecuritySettingsRecord
{
    public int Id { get; set; }
    public TwoFactorRequirement TwoFactor { get; set; } = TwoFactorRequirement.Optional;
    public DateTime UpdatedAt { get; set; }
}
