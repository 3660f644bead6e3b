using System.Globalization;
using System.Text;

namespace QanDu.Dashboard.Features.Analysis;

public sealed record SentimentScore(double Compound, string Label)
{
    public const string Positive = "positive", Neutral = "neutral", Negative = "negative";
}

/// <summary>
/// VADER (Hutto &amp; Gilbert, 2014) in C#, rule for rule as the reference implementation (cjhutto/vaderSentiment,
/// vaderSentiment.py): its lexicon and emoji lexicon (Data/, MIT), negation of the three preceding words ("n't" included,
/// "never so/this" and "without doubt" excepted), "no" negating a lexicon word one or two places after it, "least",
/// boosters and dampeners, "but", ALL-CAPS emphasis, ! and ? emphasis and the special-case idioms. Support chat adds
/// <see cref="SupportTextRules"/> on top (distress words, politeness that is not a feeling); without them the scores
/// are the reference's.
/// </summary>
public sealed class SentimentAnalyzer
{
    private const double NegationScalar = VaderRules.NegationScalar, CapsIncrease = 0.733;

    /// <summary>VADER's recommended thresholds on the compound score.</summary>
    public const double Threshold = 0.05;

    private readonly Dictionary<string, double> lexicon;
    private readonly IReadOnlyDictionary<string, string> emoji;
    private readonly SupportTextRules? support;

    public SentimentAnalyzer(Dictionary<string, double> lexicon, IReadOnlyDictionary<string, string>? emoji = null, SupportTextRules? support = null)
    {
        this.lexicon = lexicon;
        this.emoji = emoji ?? new Dictionary<string, string>();
        this.support = support;
    }

    /// <summary>The app's analyzer: the embedded VADER lexicons with the support-chat rules.</summary>
    public static SentimentAnalyzer LoadEmbedded() => LoadEmbedded(supportRules: true);

    /// <summary>The embedded lexicons; <paramref name="supportRules"/> false gives plain VADER, as the reference scores it.</summary>
    public static SentimentAnalyzer LoadEmbedded(bool supportRules)
    {
        var lexicon = new Dictionary<string, double>(StringComparer.Ordinal);
        foreach (var line in EmbeddedLines("vader_lexicon.txt"))
        {
            var parts = line.Split('\t');
            if (parts.Length >= 2 && double.TryParse(parts[1], NumberStyles.Float, CultureInfo.InvariantCulture, out var valence))
                lexicon[parts[0]] = valence;
        }
        var emoji = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var line in EmbeddedLines("emoji_utf8_lexicon.txt"))
        {
            var parts = line.Split('\t');
            if (parts.Length >= 2)
                emoji[parts[0]] = parts[1];
        }
        if (!supportRules)
            return new SentimentAnalyzer(lexicon, emoji);
        var support = SupportTextRules.LoadEmbedded();
        support.ApplyTo(lexicon, emoji);
        return new SentimentAnalyzer(lexicon, emoji, support);
    }

    internal static IEnumerable<string> EmbeddedLines(string fileName)
    {
        using var stream = typeof(SentimentAnalyzer).Assembly.GetManifestResourceStream("QanDu.Dashboard.Features.Analysis.Data." + fileName)
            ?? throw new InvalidOperationException($"The embedded file Features/Analysis/Data/{fileName} is missing from the build.");
        using var reader = new StreamReader(stream);
        while (reader.ReadLine() is { } line)
            yield return line;
    }

    /// <summary>
    /// The score of text in <paramref name="language"/> (ISO 639-1, or "und"): VADER's lexicon is English, so text detected
    /// as another language is neutral (German "die", Spanish "no" and "sin" would read as English words).
    /// </summary>
    public SentimentScore Score(string text, string language) =>
        language is "en" or LanguageDetector.Undetermined ? Score(text) : new SentimentScore(0, SentimentScore.Neutral);

    public SentimentScore Score(string text)
    {
        var compound = Compound(text);
        var label = compound >= Threshold ? SentimentScore.Positive : compound <= -Threshold ? SentimentScore.Negative : SentimentScore.Neutral;
        return new SentimentScore(Math.Round(compound, 4), label);
    }

    public double Compound(string text)
    {
        text = ReplaceEmoji(text);
        var words = VaderRules.Tokens(text);
        if (words.Count == 0)
            return 0;
        var lower = words.Select(w => w.ToLowerInvariant()).ToList();
        var capsDifferential = VaderRules.CapsDifferential(words);
        var context = support?.Read(words, lower, text, lexicon);
        var sentiments = new List<double>(words.Count);
        for (var i = 0; i < words.Count; i++)
        {
            var kindOf = i < words.Count - 1 && lower[i] == "kind" && lower[i + 1] == "of";
            sentiments.Add(kindOf || VaderRules.Boosters.ContainsKey(lower[i]) ? 0 : Valence(words, lower, i, capsDifferential, context));
        }
        VaderRules.ButCheck(lower, sentiments);
        var sum = sentiments.Sum();
        var emphasis = VaderRules.PunctuationEmphasis(text);
        if (context is not null) sum = support!.Emphasis(sum, emphasis, context);
        else if (sum > 0) sum += emphasis;
        else if (sum < 0) sum -= emphasis;
        return Math.Clamp(sum / Math.Sqrt(sum * sum + 15), -1, 1);
    }

    /// <summary>The reference's sentiment_valence: a lexicon word's valence after the rules of the words around it.</summary>
    private double Valence(List<string> words, List<string> lower, int i, bool capsDifferential, SupportTextRules.Context? context)
    {
        if (context is not null && support!.Valence(lower, i, context) is { } final)
            return final;
        if (!lexicon.ContainsKey(lower[i]))
            return 0;
        var valence = lexicon[lower[i]];
        // "no" before a lexicon word negates that word instead of counting as a word of its own.
        if (lower[i] == "no" && i != words.Count - 1 && lexicon.ContainsKey(lower[i + 1]))
            valence = 0;
        if ((i > 0 && lower[i - 1] == "no") || (i > 1 && lower[i - 2] == "no")
            || (i > 2 && lower[i - 3] == "no" && lower[i - 1] is "or" or "nor"))
            valence = lexicon[lower[i]] * NegationScalar;
        if (capsDifferential && VaderRules.IsUpper(words[i]))
            valence += valence > 0 ? CapsIncrease : -CapsIncrease;
        for (var start = 0; start < 3; start++)
        {
            if (i <= start || lexicon.ContainsKey(lower[i - (start + 1)]))
                continue;
            var s = VaderRules.ScalarIncDec(words[i - (start + 1)], valence, capsDifferential);
            if (start == 1) s *= 0.95;
            else if (start == 2) s *= 0.9;
            valence = VaderRules.NegationCheck(valence + s, lower, start, i);
            if (start == 2)
                valence = VaderRules.SpecialIdiomsCheck(valence, lower, i);
        }
        return LeastCheck(valence, lower, i);
    }

    private double LeastCheck(double valence, List<string> lower, int i)
    {
        if (i > 1 && lower[i - 1] == "least" && !lexicon.ContainsKey("least"))
            return lower[i - 2] is not ("at" or "very") ? valence * NegationScalar : valence;
        if (i > 0 && lower[i - 1] == "least" && !lexicon.ContainsKey("least"))
            return valence * NegationScalar;
        return valence;
    }

    /// <summary>Each emoji (one code point, as the reference reads them) becomes its description from the emoji lexicon.</summary>
    private string ReplaceEmoji(string text)
    {
        if (emoji.Count == 0 || text.All(char.IsAscii))
            return text;
        var result = new StringBuilder(text.Length + 16);
        var previousSpace = true;
        foreach (var rune in text.EnumerateRunes())
        {
            if (emoji.TryGetValue(rune.ToString(), out var description))
            {
                if (!previousSpace)
                    result.Append(' ');
                // A space after as well (the reference runs "😁and" into one word).
                result.Append(description).Append(' ');
                previousSpace = true;
            }
            else
            {
                result.Append(rune.ToString());
                previousSpace = rune.Value == ' ';
            }
        }
        return result.ToString().Trim();
    }
}
