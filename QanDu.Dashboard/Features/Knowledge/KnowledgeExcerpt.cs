using System.Text.RegularExpressions;

namespace QanDu.Dashboard.Features.Knowledge;

/// <summary>The sentences of an article that answer a question: those sharing the most question words, in article order.</summary>
public static partial class KnowledgeExcerpt
{
    public static IReadOnlyList<string> KeySentences(string markdown, IReadOnlyList<string> terms, int max = 3)
    {
        var stems = terms.Select(Stem).ToHashSet();
        var sentences = Sentences(markdown).ToList();
        var scored = sentences
            .Select((sentence, index) => (sentence, index, score: KnowledgeText.Words(sentence).Select(Stem).Distinct().Count(stems.Contains)))
            .Where(s => s.score > 0)
            .OrderByDescending(s => s.score).ThenBy(s => s.index)
            .Take(max)
            .OrderBy(s => s.index)
            .Select(s => s.sentence)
            .ToList();
        // Nothing matched word for word (a synonym found the article): its opening says what it is about.
        return scored.Count > 0 ? scored : sentences.Take(Math.Min(max, 2)).ToList();
    }

    /// <summary>Plain sentences of a Markdown text: headings, list markers, emphasis and link targets removed.</summary>
    internal static IEnumerable<string> Sentences(string markdown)
    {
        foreach (var rawLine in markdown.Split('\n'))
        {
            var line = Heading().Replace(rawLine, "");
            line = ListMarker().Replace(line, "");
            line = Link().Replace(line, "$1");
            line = line.Replace("**", "").Replace("__", "").Replace("`", "").Trim();
            if (rawLine.TrimStart().StartsWith('#') || line.Length == 0)
                continue;
            foreach (var sentence in SentenceEnd().Split(line))
                if (sentence.Trim() is { Length: > 0 } s)
                    yield return s;
        }
    }

    // Five leading letters are a crude but language-neutral stem: refund/refunded, password/passwords, cancel/cancellation.
    private static string Stem(string word) => word.Length > 5 ? word[..5] : word;

    [GeneratedRegex(@"^\s*#{1,6}\s*")]
    private static partial Regex Heading();

    [GeneratedRegex(@"^\s*(?:[-*+]|\d+[.)])\s+")]
    private static partial Regex ListMarker();

    [GeneratedRegex(@"\[([^\]]*)\]\([^)]*\)")]
    private static partial Regex Link();

    [GeneratedRegex(@"(?<=[.!?])\s+(?=[\p{Lu}\d])")]
    private static partial Regex SentenceEnd();
}
