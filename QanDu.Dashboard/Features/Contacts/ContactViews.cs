using QanDu.Dashboard.Data.Entities;

namespace QanDu.Dashboard.Features.Contacts;

/// <summary>A row of the contacts table: <see cref="Conversations"/> counts those the reader may see.</summary>
public sealed record ContactListItem(long Id, string DisplayName, string? Email, string? Company, DateTime? LastSeenAt, int Conversations);

/// <summary>One page of contacts (1-based <see cref="Page"/>); <see cref="HasMore"/> says whether a next page exists.</summary>
public sealed record ContactPage(IReadOnlyList<ContactListItem> Items, int Page, bool HasMore);

public sealed record ContactNoteView(long Id, string AuthorId, string AuthorName, string Content, DateTime CreatedAt);

/// <summary>A conversation of the contact, as a link into the inbox.</summary>
public sealed record ContactConversationView(long Id, string Title, ThreadStatus Status, DateTime CreatedAt, DateTime? LastMessageAt,
    string? LastMessagePreview);

/// <summary>
/// Everything the team knows of a customer. <see cref="Verified"/>: a widget session of this contact proved its identifier
/// with the channel's HMAC hash. <see cref="Live"/>: seen in the last <see cref="ContactDirectory.LiveWindow"/>, so the page
/// shown is where the customer is now.
/// </summary>
public sealed record ContactView(
    long Id,
    string UserId,
    long? ChannelId,
    string? ChannelName,
    string DisplayName,
    string? Name,
    string? Email,
    string? Phone,
    string? Identifier,
    bool Verified,
    string? Company,
    IReadOnlyDictionary<string, string> Attributes,
    DateTime CreatedAt,
    DateTime? FirstSeenAt,
    DateTime? LastSeenAt,
    string? Browser,
    string? Os,
    string? LastPageUrl,
    string? LastPageTitle,
    bool Live,
    IReadOnlyList<ContactNoteView> Notes,
    IReadOnlyList<ContactConversationView> Conversations);

/// <summary>The editable fields, all at once: an empty or missing value clears the field.</summary>
public sealed record UpdateContactRequest(string? Name = null, string? Email = null, string? Phone = null, string? Company = null,
    string? Identifier = null);

public sealed record AddContactNoteRequest(string? Content);

public sealed record MergeContactsRequest(long? MergeId);

/// <summary>What a merge moved to the survivor (shown after it and written to the audit log).</summary>
public sealed record ContactMergeResult(long SurvivorId, long MergedId, int Conversations, int Messages, int Notes, int Tokens,
    IReadOnlyList<string> AttributesTaken, IReadOnlyList<string> FieldsFilled);

/// <summary>What merging <c>mergeId</c> into the survivor would move, for the confirmation.</summary>
public sealed record ContactMergePreview(long SurvivorId, string SurvivorName, long MergedId, string MergedName, int Conversations, int Notes,
    int Tokens, IReadOnlyList<string> AttributesTaken, IReadOnlyList<string> FieldsFilled);

public static class ConversationStatusText
{
    /// <summary>A conversation's status in the words of customer conversations (archived is resolved for them).</summary>
    public static string For(ThreadStatus status) => status switch
    {
        ThreadStatus.Active => "Open",
        ThreadStatus.Archived => "Resolved",
        ThreadStatus.Pending => "Pending",
        ThreadStatus.Snoozed => "Snoozed",
        _ => status.ToString(),
    };
}
