namespace QanDu.Dashboard.Features.CannedResponses;

/// <summary>
/// A saved reply as one caller sees it. <see cref="Shared"/>: the team's (managed by admins and supervisors), else the
/// caller's own; <see cref="CanEdit"/>: whether this caller may change or delete it.
/// </summary>
public sealed record CannedResponseView(long Id, string ShortCode, string Title, string Content, bool Shared, bool CanEdit, DateTime UpdatedAt);

/// <summary>A new or changed canned response; <c>Shared</c> makes it the team's (admins and supervisors only).</summary>
public sealed record CannedResponseRequest(string? ShortCode, string? Title, string? Content, bool Shared = false);

/// <summary>
/// A canned response with its variables filled for one conversation. <see cref="Unfilled"/>: the variables left as they
/// were (unknown names, or no value here, such as <c>{{contact.email}}</c> for a contact who gave none), for the agent to
/// fix before sending.
/// </summary>
public sealed record FilledCannedResponse(long Id, string Content, IReadOnlyList<string> Unfilled);
