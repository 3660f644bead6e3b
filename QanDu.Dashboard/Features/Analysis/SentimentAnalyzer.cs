using System.Globalization;
using System.Text.RegularExpressions;
using QanDu.Dashboard.Data.Entities;

namespace QanDu.Dashboard.Features.Analysis;

public sealed record SentimentScore(double Compound, string Label)
{
    public const string Positive = "positive", Neutral = "neutral", Negative = "negative";
}

/// <summary>
/// VADER (Hutto &amp; Gilbert, 2014) in C#: the vendored lexicon (Data/vader_lexicon.txt, MIT) with the published rules —
/// negation, boosters and dampeners, "but", ALL-CAPS emphasis, ! and ? emphasis, idioms — and a few emoji read as words.
/// </summary>
public sealed partial class SentimentAnalyzer
{
    private const double BoostIncrease = 0.293, BoostDecrease = -0.293, CapsIncrease = 0.733, NegationScalar = -0.74;

    /// <summary>VADER's recommended thresholds on the compound score.</summary>
    public const double Threshold = 0.05;

    private static readonly HashSet<string> Negations =
    [
        "aint", "arent", "cannot", "cant", "couldnt", "darent", "didnt", "doesnt", "ain't", "aren't", "can't", "couldn't",
        "daren't", "didn't", "doesn't", "dont", "hadnt", "hasnt", "havent", "isnt", "mightnt", "mustnt", "neither", "don't",
        "hadn't", "hasn't", "haven't", "isn't", "mightn't", "mustn't", "neednt", "needn't", "never", "none", "nope", "nor",
        "not", "nothing", "nowhere", "oughtnt", "shant", "shouldnt", "uhuh", "wasnt", "werent", "oughtn't", "shan't",
        "shouldn't", "uh-uh", "wasn't", "weren't", "without", "wont", "wouldnt", "won't", "wouldn't", "rarely", "seldom", "despite",
    ];

    private static readonly Dictionary<string, double> Boosters = BuildBoosters();

    private static readonly Dictionary<string, double> Idioms = new()
    {
        ["the shit"] = 3, ["the bomb"] = 3, ["bad ass"] = 1.5, ["yeah right"] = -2,
        ["cut the mustard"] = 2, ["kiss of death"] = -1.5, ["hand to mouth"] = -2,
    };

    // The lexicon has emoticons but no emoji; common chat emoji are read as the word they show.
    private static readonly Dictionary<string, string> Emoji = new()
    {
        ["🙂"] = "smile", ["😀"] = "smile", ["😃"] = "smile", ["😄"] = "smile", ["😊"] = "smile", ["😁"] = "grin",
        ["😍"] = "love", ["❤️"] = "love", ["❤"] = "love", ["👍"] = "good", ["🎉"] = "celebrate", ["🙏"] = "thanks",
        ["😞"] = "sad", ["😢"] = "sad", ["😭"] = "cry", ["🙁"] = "sad", ["☹️"] = "sad", ["😠"] = "angry", ["😡"] = "angry",
        ["🤬"] = "furious", ["👎"] = "bad", ["😤"] = "frustrated",
    };

    private readonly Dictionary<string, double> lexicon;

    public SentimentAnalyzer(Dictionary<string, double> lexicon) => this.lexicon = lexicon;

    /// <summary>Loads the lexicon embedded in the app.</summary>
    public static SentimentAnalyzer LoadEmbedded()
    {
        using var stream = typeof(SentimentAnalyzer).Assembly.GetManifestResourceStream("QanDu.Dashboard.Features.Analysis.Data.vader_lexicon.txt")
            ?? throw new InvalidOperationException("The embedded VADER lexicon (Features/Analysis/Data/vader_lexicon.txt) is missing from the build.");
        using var reader = new StreamReader(stream);
        var lexicon = new Dictionary<string, double>(StringComparer.Ordinal);
        while (reader.ReadLine() is { } line)
        {
            var parts = line.Split('\t');
            if (parts.Length >= 2 && double.TryParse(parts[1], NumberStyles.Float, CultureInfo.InvariantCulture, out var valence))
                lexicon[parts[0]] = valence;
        }
        // In a support desk these are topics, not feelings ("the widget support", "the shared folder").
        foreach (var topic in DomainNeutral)
            lexicon.Remove(topic);
        return new SentimentAnalyzer(lexicon);
    }

    private static readonly string[] DomainNeutral = ["support", "supported", "supports", "shared"];

    public SentimentScore Score(string text)
    {
        var compound = Compound(text);
        var label = compound >= Threshold ? SentimentScore.Positive : compound <= -Threshold ? SentimentScore.Negative : SentimentScore.Neutral;
        return new SentimentScore(Math.Round(compound, 4), label);
    }

    public double Compound(string text)
    {
        foreach (var (emoji, word) in Emoji)
            text = text.Replace(emoji, " " + word + " ", StringComparison.Ordinal);
        var words = Tokens(text);
        if (words.Count == 0)
            return 0;
        var capsDifferential = CapsDifferential(words);
        var sentiments = new List<double>(words.Count);
        for (var i = 0; i < words.Count; i++)
        {
            var lower = words[i].ToLowerInvariant();
            var kindOf = i < words.Count - 1 && lower == "kind" && words[i + 1].Equals("of", StringComparison.OrdinalIgnoreCase);
            sentiments.Add(kindOf || Boosters.ContainsKey(lower) ? 0 : Valence(words, i, capsDifferential));
        }
        ButCheck(words, sentiments);
        var sum = sentiments.Sum();
        var emphasis = PunctuationEmphasis(text);
        if (sum > 0) sum += emphasis;
        else if (sum < 0) sum -= emphasis;
        return Math.Clamp(sum / Math.Sqrt(sum * sum + 15), -1, 1);
    }

    private double Valence(List<string> words, int i, bool capsDifferential)
    {
        if (!lexicon.TryGetValue(words[i].ToLowerInvariant(), out var valence))
            return 0;
        if (capsDifferential && IsUpper(words[i]))
            valence += valence > 0 ? CapsIncrease : -CapsIncrease;
        for (var start = 0; start < 3; start++)
        {
            if (i <= start || lexicon.ContainsKey(words[i - (start + 1)].ToLowerInvariant()))
                continue;
            var s = ScalarIncDec(words[i - (start + 1)], valence, capsDifferential);
            if (start == 1) s *= 0.95;
            else if (start == 2) s *= 0.9;
            valence = NeverCheck(valence + s, words, start, i);
            if (start == 2)
                valence = IdiomsCheck(valence, words, i);
        }
        return LeastCheck(valence, words, i);
    }

    private static double ScalarIncDec(string word, double valence, bool capsDifferential)
    {
        if (!Boosters.TryGetValue(word.ToLowerInvariant(), out var scalar))
            return 0;
        if (valence < 0) scalar = -scalar;
        if (capsDifferential && IsUpper(word))
            scalar += valence > 0 ? CapsIncrease : -CapsIncrease;
        return scalar;
    }

    private static double NeverCheck(double valence, List<string> words, int start, int i)
    {
        string W(int back) => words[i - back].ToLowerInvariant();
        if (start == 0 && IsNegation(W(1)))
            return valence * NegationScalar;
        if (start == 1)
            return W(2) == "never" && W(1) is "so" or "this" ? valence * 1.5 : IsNegation(W(2)) ? valence * NegationScalar : valence;
        if (start == 2)
            return (W(3) == "never" && W(2) is "so" or "this") || W(1) is "so" or "this" ? valence * 1.25
                : IsNegation(W(3)) ? valence * NegationScalar : valence;
        return valence;
    }

    private static double IdiomsCheck(double valence, List<string> words, int i)
    {
        string W(int k) => words[k].ToLowerInvariant();
        string[] sequences = [$"{W(i - 1)} {W(i)}", $"{W(i - 2)} {W(i - 1)} {W(i)}", $"{W(i - 2)} {W(i - 1)}",
            $"{W(i - 3)} {W(i - 2)} {W(i - 1)}", $"{W(i - 3)} {W(i - 2)}"];
        foreach (var sequence in sequences)
            if (Idioms.TryGetValue(sequence, out var idiom)) { valence = idiom; break; }
        if (words.Count - 1 > i && Idioms.TryGetValue($"{W(i)} {W(i + 1)}", out var next))
            valence = next;
        if (words.Count - 1 > i + 1 && Idioms.TryGetValue($"{W(i)} {W(i + 1)} {W(i + 2)}", out var next2))
            valence = next2;
        if (Boosters.ContainsKey(sequences[4]) || Boosters.ContainsKey(sequences[2]))
            valence += BoostDecrease;
        return valence;
    }

    private double LeastCheck(double valence, List<string> words, int i)
    {
        if (i > 0 && words[i - 1].Equals("least", StringComparison.OrdinalIgnoreCase) && !lexicon.ContainsKey("least"))
        {
            if (i == 1 || words[i - 2].ToLowerInvariant() is not ("at" or "very"))
                return valence * NegationScalar;
        }
        return valence;
    }

    private static void ButCheck(List<string> words, List<double> sentiments)
    {
        var but = words.FindIndex(w => w is "but" or "BUT" or "But");
        if (but < 0)
            return;
        for (var k = 0; k < sentiments.Count; k++)
        {
            if (k < but) sentiments[k] *= 0.5;
            else if (k > but) sentiments[k] *= 1.5;
        }
    }

    private static double PunctuationEmphasis(string text)
    {
        var exclamations = Math.Min(text.Count(c => c == '!'), 4) * 0.292;
        var questions = text.Count(c => c == '?');
        var question = questions <= 1 ? 0 : questions <= 3 ? questions * 0.18 : 0.96;
        return exclamations + question;
    }

    private static bool IsNegation(string word) => Negations.Contains(word) || word.Contains("n't", StringComparison.Ordinal);

    private static bool IsUpper(string word) => UpperWord().IsMatch(word);

    private static bool CapsDifferential(List<string> words)
    {
        var caps = words.Count(IsUpper);
        return caps > 0 && caps < words.Count;
    }

    /// <summary>Whitespace tokens of 2+ characters, with leading and trailing punctuation removed unless that leaves 1 character (keeps emoticons).</summary>
    private static List<string> Tokens(string text)
    {
        var tokens = new List<string>();
        foreach (var raw in text.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries))
        {
            if (raw.Length <= 1)
                continue;
            var stripped = raw.Trim(PunctuationChars);
            tokens.Add(stripped.Length > 1 ? stripped : raw);
        }
        return tokens;
    }

    private static readonly char[] PunctuationChars = "!\"#$%&()*+,-./:;<=>?@[\\]^_`{|}~".ToCharArray();

    private static Dictionary<string, double> BuildBoosters()
    {
        var boosters = new Dictionary<string, double>(StringComparer.Ordinal);
        foreach (var w in "absolutely amazingly awfully completely considerably decidedly deeply effing enormously entirely especially exceptionally extremely fabulously flipping flippin fricking frickin frigging friggin fully fucking greatly hella highly hugely incredibly intensely majorly more most particularly purely quite really remarkably so substantially thoroughly totally tremendously uber unbelievably unusually utterly very".Split(' '))
            boosters[w] = BoostIncrease;
        foreach (var w in "almost barely hardly kinda kindof kind-of less little marginally occasionally partly scarcely slightly somewhat sorta sortof sort-of".Split(' '))
            boosters[w] = BoostDecrease;
        foreach (var w in new[] { "just enough", "kind of", "sort of" })
            boosters[w] = BoostDecrease;
        return boosters;
    }

    [GeneratedRegex("^[^a-z]*[A-Z]+[^a-z]*$")]
    private static partial Regex UpperWord();
}
