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

    /// <summary>
    /// A request for a summary: a short command ("summarize", "tl;dr", "give me a summary please", "zusammenfassen"), every
    /// part of it a command or a courtesy. A message that only mentions a summary ("I sent the summary of charges to
    /// billing") is not one, and stays part of the conversation.
    /// </summary>
    public static bool AsksForSummary(string text)
    {
        var normalized = TlDr().Replace(text.Trim().ToLowerInvariant(), "tldr");
        if (normalized.Length == 0 || normalized.Length > 100)
            return false;
        var parts = CommandBreak().Split(normalized).Select(p => p.Trim()).Where(p => p.Length > 0).ToList();
        return parts.Count > 0 && parts.All(p => Courtesy().IsMatch(p) || SummaryCommand().IsMatch(p)) && parts.Any(SummaryCommand().IsMatch);
    }

    [GeneratedRegex(@"[\p{L}\p{N}']+")]
    private static partial Regex WordPattern();

    [GeneratedRegex(@"\btl\s*;\s*dr\b|\btl\s+dr\b")]
    private static partial Regex TlDr();

    [GeneratedRegex(@"[—–,.!?:;()]+|\s-\s")]
    private static partial Regex CommandBreak();

    [GeneratedRegex(@"^(please|pls|thanks|thank you|thx|ok|okay|hey|hi|bitte|danke|@?assistant|@?qandu)$")]
    private static partial Regex Courtesy();

    // One command: an optional "hey"/"please"/"can you", the verb or noun, what to summarize, an optional "please"/"for me".
    [GeneratedRegex(@"^(?:(?:hey|hi|ok|okay|@?assistant)\s+)?(?:(?:please|pls|kindly)\s+)?(?:(?:can|could|would|will)\s+you\s+(?:please\s+)?)?"
        + @"(?:summari[sz]e|sum\s+up|recap|tldr|(?:(?:give|write|show|make|get|send)\s+(?:me|us)\s+|i(?:'d| would)\s+like\s+|i\s+(?:want|need)\s+)?(?:a\s+|the\s+)?(?:short\s+|quick\s+|brief\s+)?(?:summary|recap|tldr))"
        + @"(?:\s+(?:of\s+)?(?:this|that|it|the|our|everything|what\s+happened)?(?:\s*(?:conversation|thread|chat|case|discussion|ticket|so\s+far|up))?)?"
        + @"(?:\s+(?:for\s+(?:me|us)|please|pls|so\s+far))*$"
        + @"|^(?:bitte\s+)?(?:kannst\s+du\s+|können\s+sie\s+)?(?:(?:das|dies|es|den\s+chat|das\s+gespräch|die\s+unterhaltung)\s+)?(?:bitte\s+)?zusammenfassen(?:\s+bitte)?$"
        + @"|^(?:bitte\s+)?fass(?:e)?\s+(?:(?:das|dies|es|den\s+chat|das\s+gespräch|die\s+unterhaltung)\s+)?(?:bitte\s+)?(?:kurz\s+)?zusammen(?:\s+bitte)?$"
        + @"|^(?:eine\s+)?(?:kurze\s+)?zusammenfassung(?:\s+bitte)?$")]
    private static partial Regex SummaryCommand();
}
