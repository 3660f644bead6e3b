using QanDu.Dashboard.Data.Entities;

namespace QanDu.Dashboard.Features.Knowledge;

/// <summary>A row of the knowledge list: no body, so a long list stays light.</summary>
public sealed record KnowledgeListItem(
    long Id, string Title, string Language, IReadOnlyList<string> Tags, KnowledgeStatus Status, DateTime UpdatedAt, string? AuthorName,
    KnowledgeAudience Audience = KnowledgeAudience.Internal);

/// <summary>One article in full; <see cref="Version"/> goes back with an edit so a stale edit is refused.</summary>
public sealed record KnowledgeArticleView(
    long Id, string Title, string Body, string Language, IReadOnlyList<string> Tags, KnowledgeStatus Status, KnowledgeSource Source,
    long? SourceMessageId, string? CreatedByName, string? UpdatedByName, DateTime CreatedAt, DateTime UpdatedAt, int Version,
    KnowledgeAudience Audience = KnowledgeAudience.Internal);

/// <summary>
/// Create or edit. <see cref="Tags"/> is comma-separated; <see cref="Version"/> is required on an edit. <see cref="Audience"/>:
/// Public shows the article in the help center and lets the assistant answer customers from it; left out, a new article is
/// Internal (staff only) and an edit keeps what the article had.
/// </summary>
public sealed record SaveKnowledgeRequest(
    string? Title, string? Body, string? Language, string? Tags = null, KnowledgeStatus? Status = null, int? Version = null,
    KnowledgeSource Source = KnowledgeSource.Manual, long? SourceMessageId = null, KnowledgeAudience? Audience = null);

/// <summary>A published article found for a question, best first; <see cref="Score"/> is larger for a better match.</summary>
public sealed record KnowledgeMatch(long Id, string Title, string Language, string Body, double Score, IReadOnlyList<string> Terms);
