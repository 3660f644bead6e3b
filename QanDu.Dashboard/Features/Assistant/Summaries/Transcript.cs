using QanDu.Dashboard.Data.Entities;

namespace QanDu.Dashboard.Features.Assistant.Summaries;

/// <summary>Who wrote a line of a conversation, as a summary weighs it.</summary>
public enum SummaryRole
{
    /// <summary>The customer in a customer conversation; in a staff thread, the person who opened it (the one asking).</summary>
    Asker,

    /// <summary>Anyone else on the team.</summary>
    Staff,

    /// <summary>The assistant.</summary>
    Assistant,
}

/// <summary>One message as a summary reads it: plain enough to cut into sentences, with who wrote it.</summary>
public sealed record SummaryLine(SummaryRole Role, string Sender, string Text, bool IsPrivate = false);

/// <summary>
/// A conversation as one caller sees it, ready to summarize: its lines (oldest first), whether it is with a customer, its
/// status and the language its asker writes in (ISO 639-1, "en" when unsure).
/// </summary>
public sealed record Transcript(IReadOnlyList<SummaryLine> Lines, bool IsCustomerConversation, ThreadStatus Status, string Language)
{
    public bool IsResolved => Status == ThreadStatus.Archived;
}
