using System.Diagnostics;
using System.Text.RegularExpressions;

namespace QanDu.Dashboard.Features.Analysis;

public sealed record IntentExample(string Intent, string Text);

public sealed record IntentPrediction(string Intent, double Confidence);

/// <summary>
/// Multinomial naive Bayes over words and word pairs, trained on labelled examples (Data/intents.txt). Chosen over
/// ML.NET because it trains on a few hundred lines in milliseconds and adds no native dependency to start-up.
/// </summary>
public sealed partial class IntentClassifier
{
    private const double Smoothing = 0.5;
    private readonly Dictionary<string, double> priors = [];
    private readonly Dictionary<string, Dictionary<string, double>> likelihoods = [];
    private readonly Dictionary<string, double> unseen = [];

    public IntentClassifier(IEnumerable<IntentExample> examples)
    {
        var watch = Stopwatch.StartNew();
        var byIntent = examples.GroupBy(e => e.Intent).ToDictionary(g => g.Key, g => g.Select(e => Features(e.Text)).ToList());
        if (byIntent.Count == 0)
            throw new ArgumentException("The intent classifier needs labelled examples.", nameof(examples));
        var total = byIntent.Values.Sum(v => v.Count);
        var vocabulary = byIntent.Values.SelectMany(v => v).SelectMany(f => f).ToHashSet();
        foreach (var (intent, documents) in byIntent)
        {
            var counts = documents.SelectMany(d => d).GroupBy(f => f).ToDictionary(g => g.Key, g => (double)g.Count());
            var denominator = counts.Values.Sum() + Smoothing * (vocabulary.Count + 1);
            priors[intent] = Math.Log((double)documents.Count / total);
            likelihoods[intent] = counts.ToDictionary(c => c.Key, c => Math.Log((c.Value + Smoothing) / denominator));
            unseen[intent] = Math.Log(Smoothing / denominator);
        }
        TrainingTime = watch.Elapsed;
        ExampleCount = total;
    }

    public TimeSpan TrainingTime { get; }

    public int ExampleCount { get; }

    public IReadOnlyCollection<string> Intents => priors.Keys;

    public IntentPrediction Predict(string text)
    {
        var features = Features(text);
        var scores = priors.ToDictionary(p => p.Key, p => p.Value + features.Sum(f => likelihoods[p.Key].GetValueOrDefault(f, unseen[p.Key])));
        var max = scores.Values.Max();
        var sum = scores.Values.Sum(s => Math.Exp(s - max));
        var best = scores.MaxBy(s => s.Value);
        return new IntentPrediction(best.Key, Math.Round(1 / sum, 3));
    }

    /// <summary>Parses "intent|text" lines; blank lines and lines starting with # are skipped.</summary>
    public static List<IntentExample> ParseExamples(string text) =>
        text.Split('\n').Select(l => l.Trim()).Where(l => l.Length > 0 && !l.StartsWith('#'))
            .Select(l => l.Split('|', 2)).Where(p => p.Length == 2)
            .Select(p => new IntentExample(p[0].Trim(), p[1].Trim())).ToList();

    public static List<IntentExample> LoadEmbeddedExamples()
    {
        using var stream = typeof(IntentClassifier).Assembly.GetManifestResourceStream("QanDu.Dashboard.Features.Analysis.Data.intents.txt")
            ?? throw new InvalidOperationException("The embedded intent examples (Features/Analysis/Data/intents.txt) are missing from the build.");
        using var reader = new StreamReader(stream);
        return ParseExamples(reader.ReadToEnd());
    }

    private static List<string> Features(string text)
    {
        var words = Word().Matches(text.ToLowerInvariant()).Select(m => Stem(m.Value)).ToList();
        var features = new List<string>(words.Count * 2 + 2);
        features.AddRange(words);
        for (var i = 0; i + 1 < words.Count; i++)
            features.Add(words[i] + "_" + words[i + 1]);
        if (text.Contains('!'))
            features.Add("<!>");
        if (text.Split(' ').Any(w => w.Length > 2 && w.All(char.IsUpper)))
            features.Add("<CAPS>");
        return features;
    }

    // A light suffix strip so "charged", "charges" and "charge" count as one word.
    private static string Stem(string word) => word.Length <= 4 ? word
        : word.EndsWith("ing", StringComparison.Ordinal) ? word[..^3]
        : word.EndsWith("ed", StringComparison.Ordinal) ? word[..^2]
        : word.EndsWith("es", StringComparison.Ordinal) ? word[..^2]
        : word.EndsWith('s') ? word[..^1]
        : word;

    [GeneratedRegex(@"[\p{L}\p{N}']+")]
    private static partial Regex Word();
}
