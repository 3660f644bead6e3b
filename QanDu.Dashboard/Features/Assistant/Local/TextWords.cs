using System.Text.RegularExpressions;

namespace QanDu.Dashboard.Features.Assistant.Local;

/// <summary>Words of a text as the Local assistant weighs them: lower case, stop words removed, a light stem.</summary>
internal static partial class TextWords
{
    private static readonly HashSet<string> StopWords = new(StringComparer.Ordinal)
    {
        "a", "about", "after", "again", "all", "also", "am", "an", "and", "any", "are", "as", "at", "be", "been", "before",
        "being", "but", "by", "can", "could", "did", "do", "does", "doing", "for", "from", "get", "got", "had", "has", "have",
        "having", "he", "her", "here", "hers", "him", "his", "how", "i", "if", "in", "into", "is", "it", "its", "just", "let",
        "like", "me", "more", "most", "my", "no", "not", "now", "of", "on", "once", "only", "or", "other", "our", "out",
        "over", "please", "same", "she", "should", "so", "some", "such", "than", "thank", "thanks", "that", "the", "their",
        "them", "then", "there", "these", "they", "this", "those", "to", "too", "under", "until", "up", "us", "very", "want",
        "was", "we", "were", "what", "when", "where", "which", "while", "who", "whom", "why", "will", "with", "would", "you",
        "your", "yours", "hi", "hello", "hey", "ok", "okay", "yes", "still", "one", "way", "make", "know", "need", "tell",
        "someone", "something", "anyone", "anything", "really", "much", "many", "way", "ve", "ll", "re", "don", "doesn",
        "didn", "isn", "aren", "won", "cant", "im", "summarize", "summary", "summarise", "tl", "dr", "tldr", "conversation",
        "thread", "customer", "customers", "answer", "question", "help",
    };

    /// <summary>Significant words, stemmed, in order of appearance (with repeats).</summary>
    public static IEnumerable<string> Significant(string text)
    {
        foreach (Match match in WordPattern().Matches(text.ToLowerInvariant()))
        {
            var word = match.Value.Trim('\'');
            if (word.Length < 3 || StopWords.Contains(word) || word.All(char.IsDigit) && word.Length < 3)
                continue;
            yield return Stem(word);
        }
    }

    /// <summary>A crude suffix stem; the search index matches substrings, so "refund" finds "refunded" and "refunds".</summary>
    public static string Stem(string word)
    {
        if (word.Length > 5 && word.EndsWith("ing", StringComparison.Ordinal))
            return word[..^3];
        if (word.Length > 5 && word.EndsWith("ied", StringComparison.Ordinal))
            return word[..^3] + "y";
        if (word.Length > 4 && word.EndsWith("ed", StringComparison.Ordinal))
            return word[..^2];
        if (word.Length > 4 && word.EndsWith("es", StringComparison.Ordinal) && !word.EndsWith("ses", StringComparison.Ordinal))
            return word[..^1];
        if (word.Length > 3 && word.EndsWith('s') && !word.EndsWith("ss", StringComparison.Ordinal))
            return word[..^1];
        return word;
    }

    public static bool AsksForSummary(string text) => SummaryPattern().IsMatch(text);

    [GeneratedRegex(@"[\p{L}\p{N}']+")]
    private static partial Regex WordPattern();

    [GeneratedRegex(@"\b(summari[sz]e|summary|tl;?dr)\b", RegexOptions.IgnoreCase)]
    private static partial Regex SummaryPattern();
}
