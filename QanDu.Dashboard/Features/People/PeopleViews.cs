using QanDu.Dashboard.Data.Entities;

namespace QanDu.Dashboard.Features.People;

public enum PersonStatus { Active, Invited, Deactivated }

/// <summary>Where a person's latest invitation stands (for someone still <see cref="PersonStatus.Invited"/>).</summary>
public enum InvitationState { None, Open, Expired, Revoked, Accepted }

/// <summary>One staff member as the people page and <c>GET /api/admin/users</c> show them.</summary>
public sealed record PersonView(
    string Id,
    string Name,
    string Email,
    string Role,
    PersonStatus Status,
    DateTime? LastSeenAt,
    bool TwoFactorEnabled,
    int OpenAssigned,
    DateTime CreatedAt,
    DateTime? DeactivatedAt,
    InvitationState Invitation,
    DateTime? InvitationExpiresAt,
    int? MaxOpenConversations = null);

/// <summary>A filter of the people list; every part optional.</summary>
public sealed record PeopleQuery(string? Search = null, string? Role = null, PersonStatus? Status = null);

public sealed record InviteRequest(string? Email, string? Name, string? Role);

/// <summary>
/// A change to a person: each part that is set is applied, all in one commit. <see cref="MaxOpenConversations"/> is their
/// capacity for auto-assignment: 1 to 200, or 0 for no limit.
/// </summary>
public sealed record UpdatePersonRequest(string? Role = null, string? Name = null, bool? Active = null, int? MaxOpenConversations = null);

/// <summary>Whether a link also went out by email.</summary>
public enum EmailDelivery { NotConfigured, Sent, Failed }

/// <summary>
/// A one-time link, shown once: only its hash is stored. <see cref="EmailError"/> says why sending failed, when it did.
/// </summary>
public sealed record IssuedLink(string Url, DateTime ExpiresAt, EmailDelivery Email, string? EmailError = null);

/// <summary>The answer to an invitation: the person and their link.</summary>
public sealed record Invitation(PersonView Person, IssuedLink Link);

/// <summary>Why a link does not work, in words for the person who opened it.</summary>
public sealed class LinkProblemException(string message) : Exception(message);

/// <summary>A link that works: whose it is and what it is for (the page greets them by name).</summary>
public sealed record OpenLink(string UserId, string Name, string Email, OneTimeLinkPurpose Purpose);
