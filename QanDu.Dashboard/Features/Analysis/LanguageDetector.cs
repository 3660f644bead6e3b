using System.Globalization;
using System.Text;

namespace QanDu.Dashboard.Features.Analysis;

/// <summary>
/// Language by character n-grams (1 to 3): a naive Bayes model over profiles built from the sample text shipped per
/// language (Data/languages/xx.txt). Too little text to tell answers <see cref="Undetermined"/> rather than a guess.
/// </summary>
public sealed class LanguageDetector
{
    public const string Undetermined = "und";
    private const int MinLetters = 12;

    private readonly Dictionary<string, Dictionary<string, double>> logProbabilities = [];
    private readonly Dictionary<string, double> unseen = [];

    public LanguageDetector(IReadOnlyDictionary<string, string> samples)
    {
        var vocabulary = new HashSet<string>();
        var counts = samples.ToDictionary(s => s.Key, s => Grams(s.Value).GroupBy(g => g).ToDictionary(g => g.Key, g => g.Count()));
        foreach (var c in counts.Values)
            vocabulary.UnionWith(c.Keys);
        foreach (var (language, grams) in counts)
        {
            var total = grams.Values.Sum() + vocabulary.Count + 1.0;
            logProbabilities[language] = grams.ToDictionary(g => g.Key, g => Math.Log((g.Value + 1) / total));
            unseen[language] = Math.Log(1 / total);
        }
    }

    public IReadOnlyCollection<string> Languages => logProbabilities.Keys;

    /// <summary>Loads the sample text embedded in the app.</summary>
    public static LanguageDetector LoadEmbedded()
    {
        const string prefix = "QanDu.Dashboard.Features.Analysis.Data.languages.";
        var assembly = typeof(LanguageDetector).Assembly;
        var samples = new Dictionary<string, string>();
        foreach (var name in assembly.GetManifestResourceNames().Where(n => n.StartsWith(prefix, StringComparison.Ordinal)))
        {
            using var reader = new StreamReader(assembly.GetManifestResourceStream(name)!);
            samples[name[prefix.Length..^".txt".Length]] = reader.ReadToEnd();
        }
        if (samples.Count == 0)
            throw new InvalidOperationException("The embedded language samples (Features/Analysis/Data/languages/*.txt) are missing from the build.");
        return new LanguageDetector(samples);
    }

    /// <summary>An ISO 639-1 code, or "und" for text too short or without letters.</summary>
    public string Detect(string text)
    {
        var letters = text.Count(char.IsLetter);
        var words = text.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries).Count(w => w.Any(char.IsLetter));
        if (letters < MinLetters || words < 2)
            return Undetermined;
        var grams = Grams(text).ToList();
        var best = Undetermined;
        var bestScore = double.NegativeInfinity;
        foreach (var (language, probabilities) in logProbabilities)
        {
            var fallback = unseen[language];
            var score = grams.Sum(g => probabilities.GetValueOrDefault(g, fallback));
            if (score > bestScore)
                (best, bestScore) = (language, score);
        }
        return best;
    }

    private static IEnumerable<string> Grams(string text)
    {
        foreach (var word in Normalize(text).Split(' ', StringSplitOptions.RemoveEmptyEntries))
        {
            var padded = " " + word + " ";
            for (var n = 1; n <= 3; n++)
                for (var i = 0; i + n <= padded.Length; i++)
                    if (n > 1 || padded[i] != ' ')
                        yield return padded.Substring(i, n);
        }
    }

    private static string Normalize(string text)
    {
        var builder = new StringBuilder(text.Length);
        foreach (var c in text.ToLower(CultureInfo.InvariantCulture))
            builder.Append(char.IsLetter(c) || c == '\'' ? c : ' ');
        return builder.ToString();
    }
}
