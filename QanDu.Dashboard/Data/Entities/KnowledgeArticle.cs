namespace QanDu.Dashboard.Data.Entities;

/// <summary>Published articles feed retrieval; candidates wait in a review queue (the learning item); rejected ones stay out.</summary>
public enum KnowledgeStatus { Published, Candidate, Rejected }

/// <summary>Where an article came from: written by hand, or learned from a sent suggestion or a highly rated answer.</summary>
public enum KnowledgeSource { Manual, Suggestion, RatedAnswer }

/// <summary>
/// Who an article is for: Internal articles serve staff only (suggestions, the staff assistant); Public ones also form
/// the help center and are the only knowledge the assistant uses to answer customers.
/// </summary>
public enum KnowledgeAudience { Internal, Public }

/// <summary>A Markdown knowledge-base article; an FTS5 index over title, body and tags is kept in sync by triggers.</summary>
public sealed class KnowledgeArticle
{
    public long Id { get; set; }
    public string Title { get; set; } = "";

    /// <summary>Markdown, rendered through the same sanitizing renderer as messages.</summary>
    public string Body { get; set; } = "";

    /// <summary>ISO 639-1 code such as "en" or "de".</summary>
    public string Language { get; set; } = "en";

    /// <summary>Comma-separated, lower case.</summary>
    public string? Tags { get; set; }

    public KnowledgeStatus Status { get; set; }

    /// <summary>Internal unless made public: nothing reaches customers by default.</summary>
    public KnowledgeAudience Audience { get; set; }

    /// <summary>How often customers and agents found an answer citing this article helpful, or not (ranking popularity).</summary>
    public int HelpfulCount { get; set; }
    public int UnhelpfulCount { get; set; }
    public KnowledgeSource Source { get; set; }

    /// <summary>The message an article was learned from, when it was.</summary>
    public long? SourceMessageId { get; set; }

    public string? CreatedById { get; set; }
    public string? UpdatedById { get; set; }
    public DateTime CreatedAt { get; set; }
    public DateTime UpdatedAt { get; set; }

    /// <summary>Optimistic concurrency: raised on every change; an edit based on an older version is refused.</summary>
    public int Version { get; set; }
}
