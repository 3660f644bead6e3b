using System.Globalization;
using System.Text;

namespace QanDu.Dashboard.Features.Knowledge;

/// <summary>
/// Words out of free text, and FTS5 queries built from them. A query holds only letter-and-digit tokens, each
/// quoted, so nothing a user types can become FTS syntax, let alone SQL (the query is a parameter besides).
/// </summary>
internal static partial class KnowledgeText
{
    /// <summary>Lower-case runs of letters and digits, in order.</summary>
    public static List<string> Words(string? text)
    {
        var words = new List<string>();
        if (string.IsNullOrEmpty(text))
            return words;
        var current = new StringBuilder();
        foreach (var c in text.ToLower(CultureInfo.InvariantCulture))
        {
            if (char.IsLetterOrDigit(c))
            {
                current.Append(c);
                continue;
            }
            Flush();
        }
        Flush();
        return words;

        void Flush()
        {
            if (current.Length > 0)
                words.Add(current.ToString());
            current.Clear();
        }
    }

    /// <summary>The list's search box: every word must match, the last one as a prefix (the user may still be typing).</summary>
    public static string? ListMatch(string? query)
    {
        var words = Words(query).Take(12).ToList();
        if (words.Count == 0)
            return null;
        return string.Join(" ", words.Select((w, i) => i == words.Count - 1 ? $"\"{w}\"*" : $"\"{w}\""));
    }

    /// <summary>
    /// The significant words of a question plus the words of any synonym group it mentions, OR-combined, so a
    /// question phrased differently from the article still finds it; bm25 ranks articles that share more (and
    /// rarer) words higher.
    /// </summary>
    public static IReadOnlyList<string> QuestionTerms(string? question)
    {
        var words = Words(question);
        var terms = new List<string>();
        foreach (var word in words)
            if (word.Length > 1 && !StopWords.Contains(word) && !terms.Contains(word))
                terms.Add(word);
        foreach (var extra in Synonyms.Expand(words))
            if (!terms.Contains(extra))
                terms.Add(extra);
        return terms.Take(40).ToList();
    }

    public static string? OrMatch(IReadOnlyList<string> terms) =>
        terms.Count == 0 ? null : string.Join(" OR ", terms.Select(t => $"\"{t}\""));
}

internal static partial class KnowledgeText
{
    /// <summary>Plural and -ing/-ed endings off an English word; enough to compare synonym triggers, not a real stemmer.</summary>
    internal static string LightStem(string word)
    {
        if (word.Length > 5 && word.EndsWith("ing", StringComparison.Ordinal))
            return word[..^3];
        if (word.Length > 4 && word.EndsWith("ed", StringComparison.Ordinal))
            return word[..^2];
        if (word.Length > 3 && word.EndsWith('s') && !word.EndsWith("ss", StringComparison.Ordinal))
            return word[..^1];
        return word;
    }
}
