using QanDu.Dashboard.Features.Assistant.Local;

namespace QanDu.Dashboard.Features.Assistant.Suggestions;

/// <summary>
/// Words customers wrap a question in ("Urgent!!! Problem with …, please hurry", "Quick one: … Is there an article?"):
/// they say how the customer feels, not what they ask about, so they neither count for nor against a source.
/// </summary>
internal static class SupportChatter
{
    private static readonly HashSet<string> Words = new(StringComparer.Ordinal)
    {
        "quick", "urgent", "urgently", "asap", "hurry", "problem", "issue", "trouble", "advance", "article", "articles", "team",
        "work", "wrong", "guy", "folk", "everyone", "wonder", "wondering", "possible", "able", "kind", "kindly", "regard", "regards",
        "cheer", "cheers", "best", "dear", "sir", "madam", "idea", "support", "thing", "today", "now", "sorry", "appreciate",
    };

    /// <summary>The question's significant words (stemmed, distinct) without the chatter around them.</summary>
    public static List<string> TopicWords(string question) =>
        [.. TextWords.Significant(question).Where(w => !Words.Contains(w)).Distinct()];
}
