namespace QanDu.Dashboard.Features.Knowledge;

internal static partial class KnowledgeText
{
    /// <summary>The significant words a person wrote (stop words dropped, no synonyms), in order, once each.</summary>
    public static IReadOnlyList<string> DirectWords(string? text) =>
        [.. Words(text).Where(w => w.Length > 1 && !StopWords.Contains(w)).Distinct()];

    /// <summary>
    /// Two words are the same when they share their first five letters, or all of the shorter one (at least three):
    /// ship/shipping, refund/refunded, return/returns, but not card/carrier. Crude, language-neutral, fast.
    /// </summary>
    public static bool SameWord(string a, string b)
    {
        var need = Math.Min(5, Math.Min(a.Length, b.Length));
        if (need < 3)
            return a == b;
        return string.CompareOrdinal(a, 0, b, 0, need) == 0;
    }

    public static bool ContainsWord(IEnumerable<string> words, string word) => words.Any(w => SameWord(w, word));
}
