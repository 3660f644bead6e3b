using QanDu.Dashboard.Data.Entities;

namespace QanDu.Dashboard.Features.Privacy;

/// <summary>
/// Everything the app holds about one contact (a GDPR access request), as <c>GET /api/contacts/{id}/export</c> returns
/// it: details and attributes, the team's notes, every conversation with every message (private notes included and
/// marked: staff notes about a person are their personal data too), ratings, files as metadata, and widget sessions as
/// dates only (never the token hashes).
/// </summary>
public sealed record ContactExport(
    DateTime ExportedAt,
    string ExportedBy,
    ContactExportDetails Contact,
    IReadOnlyList<ContactExportNote> Notes,
    IReadOnlyList<ContactExportSession> WidgetSessions,
    IReadOnlyList<ContactExportConversation> Conversations);

public sealed record ContactExportDetails(
    long Id,
    string? Name,
    string? Email,
    string? Phone,
    string? Company,
    string? Identifier,
    long? ChannelId,
    string? ChannelName,
    IReadOnlyDictionary<string, string> Attributes,
    DateTime CreatedAt,
    DateTime? FirstSeenAt,
    DateTime? LastSeenAt,
    string? Browser,
    string? Os,
    string? LastPageUrl,
    string? LastPageTitle,
    DateTime? ErasedAt,
    IReadOnlyList<long> MergedContactIds);

/// <summary>A note the team wrote about the contact.</summary>
public sealed record ContactExportNote(long Id, string Author, string Content, DateTime CreatedAt);

/// <summary>A widget session (visitor token): when it was issued and last used, and whether it was revoked; never the token or its hash.</summary>
public sealed record ContactExportSession(DateTime CreatedAt, DateTime LastUsedAt, DateTime? RevokedAt, bool Verified);

public sealed record ContactExportConversation(
    long Id,
    string? Title,
    string Status,
    DateTime CreatedAt,
    DateTime? ResolvedAt,
    int? Rating,
    string? RatingComment,
    DateTime? RatedAt,
    IReadOnlyList<ContactExportMessage> Messages);

/// <summary>
/// One message. <see cref="From"/>: <c>contact</c> (the customer), <c>staff</c>, <c>assistant</c> or <c>system</c>;
/// <see cref="PrivateNote"/>: a staff-only note the customer never saw; a deleted message has no content.
/// </summary>
public sealed record ContactExportMessage(
    long Id,
    DateTime At,
    string From,
    string SenderName,
    string Content,
    bool PrivateNote,
    bool Deleted,
    DateTime? EditedAt,
    IReadOnlyList<ContactExportFile> Files);

/// <summary>A file as metadata; <see cref="Url"/> downloads it for a signed-in member of the team.</summary>
public sealed record ContactExportFile(long Id, string Name, AttachmentType Type, string MimeType, long Size, string Url);
