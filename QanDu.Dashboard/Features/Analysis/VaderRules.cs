namespace QanDu.Dashboard.Features.Analysis;

/// <summary>
/// The word lists and the context rules of VADER, as in the reference implementation (cjhutto/vaderSentiment,
/// vaderSentiment.py): NEGATE, BOOSTER_DICT, SPECIAL_CASES, _negation_check, _special_idioms_check, _but_check,
/// punctuation emphasis and the tokenizer.
/// </summary>
internal static class VaderRules
{
    public const double BoostIncrease = 0.293, BoostDecrease = -0.293, CapsIncrease = 0.733, NegationScalar = -0.74;

    private static readonly HashSet<string> Negate = new(StringComparer.Ordinal)
    {
        "aint", "arent", "cannot", "cant", "couldnt", "darent", "didnt", "doesnt", "ain't", "aren't", "can't", "couldn't",
        "daren't", "didn't", "doesn't", "dont", "hadnt", "hasnt", "havent", "isnt", "mightnt", "mustnt", "neither", "don't",
        "hadn't", "hasn't", "haven't", "isn't", "mightn't", "mustn't", "neednt", "needn't", "never", "none", "nope", "nor",
        "not", "nothing", "nowhere", "oughtnt", "shant", "shouldnt", "uhuh", "wasnt", "werent", "oughtn't", "shan't",
        "shouldn't", "uh-uh", "wasn't", "weren't", "without", "wont", "wouldnt", "won't", "wouldn't", "rarely", "seldom", "despite",
    };

    public static readonly Dictionary<string, double> Boosters = BuildBoosters();

    /// <summary>SPECIAL_CASES: phrases holding a lexicon word whose meaning is not that word's.</summary>
    private static readonly Dictionary<string, double> SpecialCases = new(StringComparer.Ordinal)
    {
        ["the shit"] = 3, ["the bomb"] = 3, ["bad ass"] = 1.5, ["badass"] = 1.5, ["bus stop"] = 0, ["yeah right"] = -2,
        ["kiss of death"] = -1.5, ["to die for"] = 3, ["beating heart"] = 3.1, ["broken heart"] = -2.9,
    };

    /// <summary>negated(): a negation word, or any word with "n't".</summary>
    public static bool Negated(string lowerWord) => Negate.Contains(lowerWord) || lowerWord.Contains("n't", StringComparison.Ordinal);

    public static double ScalarIncDec(string word, double valence, bool capsDifferential)
    {
        if (!Boosters.TryGetValue(word.ToLowerInvariant(), out var scalar))
            return 0;
        if (valence < 0) scalar = -scalar;
        if (IsUpper(word) && capsDifferential)
            scalar += valence > 0 ? CapsIncrease : -CapsIncrease;
        return scalar;
    }

    /// <summary>_negation_check: a negation one, two or three words before flips the valence, with the two special cases.</summary>
    public static double NegationCheck(double valence, List<string> lower, int start, int i)
    {
        string W(int back) => lower[i - back];
        switch (start)
        {
            case 0:
                return Negated(W(1)) ? valence * NegationScalar : valence;
            case 1:
                if (W(2) == "never" && W(1) is "so" or "this")
                    return valence * 1.25;
                if (W(2) == "without" && W(1) == "doubt")
                    return valence;
                return Negated(W(2)) ? valence * NegationScalar : valence;
            case 2:
                if ((W(3) == "never" && W(2) is "so" or "this") || W(1) is "so" or "this")
                    return valence * 1.25;
                if (W(3) == "without" && (W(2) == "doubt" || W(1) == "doubt"))
                    return valence;
                return Negated(W(3)) ? valence * NegationScalar : valence;
            default:
                return valence;
        }
    }

    /// <summary>_special_idioms_check (called with three words before <paramref name="i"/>).</summary>
    public static double SpecialIdiomsCheck(double valence, List<string> lower, int i)
    {
        string W(int k) => lower[k];
        string oneZero = $"{W(i - 1)} {W(i)}", twoOneZero = $"{W(i - 2)} {W(i - 1)} {W(i)}", twoOne = $"{W(i - 2)} {W(i - 1)}",
            threeTwoOne = $"{W(i - 3)} {W(i - 2)} {W(i - 1)}", threeTwo = $"{W(i - 3)} {W(i - 2)}";
        foreach (var sequence in new[] { oneZero, twoOneZero, twoOne, threeTwoOne, threeTwo })
            if (SpecialCases.TryGetValue(sequence, out var special)) { valence = special; break; }
        if (lower.Count - 1 > i && SpecialCases.TryGetValue($"{W(i)} {W(i + 1)}", out var next))
            valence = next;
        if (lower.Count - 1 > i + 1 && SpecialCases.TryGetValue($"{W(i)} {W(i + 1)} {W(i + 2)}", out var next2))
            valence = next2;
        foreach (var nGram in new[] { threeTwoOne, threeTwo, twoOne })
            if (Boosters.TryGetValue(nGram, out var booster))
                valence += booster;
        return valence;
    }

    /// <summary>_but_check: words before the first "but" count half, words after it half as much again.</summary>
    public static void ButCheck(List<string> lower, List<double> sentiments)
    {
        var but = lower.IndexOf("but");
        if (but < 0)
            return;
        for (var k = 0; k < sentiments.Count; k++)
        {
            if (k < but) sentiments[k] *= 0.5;
            else if (k > but) sentiments[k] *= 1.5;
        }
    }

    /// <summary>Up to four "!" add 0.292 each; two or three "?" add 0.18 each, more add 0.96.</summary>
    public static double PunctuationEmphasis(string text)
    {
        var exclamations = Math.Min(text.Count(c => c == '!'), 4) * 0.292;
        var questions = text.Count(c => c == '?');
        var question = questions <= 1 ? 0 : questions <= 3 ? questions * 0.18 : 0.96;
        return exclamations + question;
    }

    /// <summary>Python's str.isupper(): at least one cased letter and no lower-case one.</summary>
    public static bool IsUpper(string word)
    {
        var cased = false;
        foreach (var c in word)
        {
            if (char.IsLower(c))
                return false;
            cased |= char.IsUpper(c);
        }
        return cased;
    }

    /// <summary>allcap_differential: some, but not all, words are in capitals.</summary>
    public static bool CapsDifferential(List<string> words)
    {
        var caps = words.Count(IsUpper);
        return caps > 0 && caps < words.Count;
    }

    /// <summary>
    /// Whitespace tokens with leading and trailing punctuation removed, unless that leaves under two characters (then the
    /// token is likely an emoticon such as ":)" or ":D" and is kept whole). The reference keeps tokens that strip to two
    /// characters whole as well, which loses "ok," and "no!"; this reads them as words.
    /// </summary>
    public static List<string> Tokens(string text)
    {
        var tokens = new List<string>();
        foreach (var raw in text.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries))
        {
            var stripped = raw.Trim(PunctuationChars);
            tokens.Add(stripped.Length >= 2 ? stripped : raw);
        }
        return tokens;
    }

    private static readonly char[] PunctuationChars = "!\"#$%&'()*+,-./:;<=>?@[\\]^_`{|}~".ToCharArray();

    private static Dictionary<string, double> BuildBoosters()
    {
        var boosters = new Dictionary<string, double>(StringComparer.Ordinal);
        foreach (var w in ("absolutely amazingly awfully completely considerable considerably decidedly deeply effing enormous enormously "
            + "entirely especially exceptional exceptionally extreme extremely fabulously flipping flippin frackin fracking fricking frickin "
            + "frigging friggin fully fuckin fucking fuggin fugging greatly hella highly hugely incredible incredibly intensely major majorly "
            + "more most particularly purely quite really remarkably so substantially thoroughly total totally tremendous tremendously uber "
            + "unbelievably unusually utter utterly very").Split(' '))
            boosters[w] = BoostIncrease;
        foreach (var w in ("almost barely hardly kinda kindof kind-of less little marginal marginally occasional occasionally partly scarce "
            + "scarcely slight slightly somewhat sorta sortof sort-of").Split(' '))
            boosters[w] = BoostDecrease;
        foreach (var w in new[] { "just enough", "kind of", "sort of" })
            boosters[w] = BoostDecrease;
        return boosters;
    }
}
