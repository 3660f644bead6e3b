using System.Text;
using QanDu.Dashboard.Features.Analysis;
using Xunit.Abstractions;

namespace QanDu.Dashboard.Tests.Features.Analysis;

/// <summary>
/// Accuracy on Data/support-chat-labelled.tsv (315 support-chat lines written for this, labelled by hand): sentiment,
/// intent and language on the tuning half and the held-out half. Rules were tuned on the tuning half only: its misses are
/// printed, the held-out half's only counted.
/// </summary>
public sealed class AnalysisAccuracyTests(ITestOutputHelper output)
{
    private static readonly List<Line> Lines = Load();

    [Fact]
    public void Sentiment_HeldOutHalf_AccuracyPrintedAndAtLeastTheMeasured()
    {
        var app = SentimentAnalyzer.LoadEmbedded();
        var vader = SentimentAnalyzer.LoadEmbedded(supportRules: false);
        var detector = LanguageDetector.LoadEmbedded();
        // As the app scores a message: in the language it detects (another language than English is neutral).
        SentimentScore Score(Line l) => app.Score(l.Text, detector.Detect(l.Text));
        foreach (var split in new[] { "tune", "heldout" })
        {
            var lines = Lines.Where(l => l.Split == split).ToList();
            var english = lines.Where(l => l.Language == "en").ToList();
            var predicted = lines.Select(l => Score(l).Label).ToList();
            output.WriteLine($"Sentiment, {split} half: {Accuracy(lines, predicted, l => l.Sentiment)} (English only: "
                + $"{Accuracy(english, english.Select(l => Score(l).Label).ToList(), l => l.Sentiment)}); plain VADER: "
                + Accuracy(lines, lines.Select(l => vader.Score(l.Text).Label).ToList(), l => l.Sentiment));
            output.WriteLine(Confusion(lines, predicted, l => l.Sentiment));
            if (split == "tune")
                Misses(lines, predicted, l => l.Sentiment, l => $" ({Score(l).Compound:+0.00;-0.00;0.00})");
        }
        var heldOut = Lines.Where(l => l.Split == "heldout").ToList();
        Lines.Count.Should().BeGreaterThanOrEqualTo(300);
        Rate(heldOut, heldOut.Select(l => Score(l).Label).ToList(), l => l.Sentiment).Should().BeGreaterThanOrEqualTo(HeldOutSentimentAtLeast);
    }

    [Fact]
    public void Intent_HeldOutHalf_AccuracyPrintedAndAtLeastTheMeasured()
    {
        var examples = IntentClassifier.LoadEmbeddedExamples();
        var classifier = new IntentClassifier(examples);
        Lines.Select(l => l.Text).Should().NotIntersectWith(examples.Select(e => e.Text), "no labelled line is a training example");
        foreach (var split in new[] { "tune", "heldout" })
        {
            var lines = Lines.Where(l => l.Split == split).ToList();
            var predicted = lines.Select(l => classifier.Predict(l.Text).Intent).ToList();
            output.WriteLine($"Intent, {split} half: {Accuracy(lines, predicted, l => l.Intent)}");
            output.WriteLine(Confusion(lines, predicted, l => l.Intent));
            if (split == "tune")
                Misses(lines, predicted, l => l.Intent, _ => "");
        }
        var heldOut = Lines.Where(l => l.Split == "heldout").ToList();
        Rate(heldOut, heldOut.Select(l => classifier.Predict(l.Text).Intent).ToList(), l => l.Intent).Should().BeGreaterThanOrEqualTo(HeldOutIntentAtLeast);
    }

    [Fact]
    public void Language_GermanAndSpanishLines_Detected()
    {
        var detector = LanguageDetector.LoadEmbedded();
        var foreign = Lines.Where(l => l.Language != "en").ToList();
        var detected = foreign.Select(l => detector.Detect(l.Text)).ToList();
        var undetermined = detected.Count(d => d == LanguageDetector.Undetermined);
        var wrong = foreign.Zip(detected).Count(p => p.Second != LanguageDetector.Undetermined && p.Second != p.First.Language);
        output.WriteLine($"Language, {foreign.Count} German and Spanish lines: {foreign.Count - undetermined - wrong} right, "
            + $"{undetermined} too short to tell, {wrong} wrong");
        var english = Lines.Where(l => l.Language == "en").Select(l => detector.Detect(l.Text)).ToList();
        output.WriteLine($"Language, {english.Count} English lines: {english.Count(d => d == "en")} right, "
            + $"{english.Count(d => d == LanguageDetector.Undetermined)} too short to tell, {english.Count(d => d is not ("en" or LanguageDetector.Undetermined))} wrong");
        foreach (var (line, language) in foreign.Zip(detected).Where(p => p.Second != p.First.Language))
            output.WriteLine($"    {line.Language} read as {language}: {line.Text}");
        foreign.Count.Should().BeGreaterThanOrEqualTo(20);
        wrong.Should().Be(0);
        (foreign.Count - undetermined).Should().BeGreaterThanOrEqualTo(foreign.Count * 3 / 4);
    }

    // What the held-out half measured when the rules were last tuned (see docs/using-the-dashboard.md, "Analysis accuracy").
    private const double HeldOutSentimentAtLeast = 0.82, HeldOutIntentAtLeast = 0.78;

    private sealed record Line(string Split, string Sentiment, string Intent, string Language, string Text);

    private static List<Line> Load() =>
        [.. File.ReadAllLines(Path.Combine(AppContext.BaseDirectory, "Features", "Analysis", "Data", "support-chat-labelled.tsv"))
            .Where(l => l.Length > 0 && !l.StartsWith('#')).Select(l => l.Split('\t')).Select(p => new Line(p[0], p[1], p[2], p[3], p[4]))];

    private static double Rate(List<Line> lines, List<string> predicted, Func<Line, string> label) =>
        (double)lines.Zip(predicted).Count(p => label(p.First) == p.Second) / lines.Count;

    private static string Accuracy(List<Line> lines, List<string> predicted, Func<Line, string> label) =>
        $"{Rate(lines, predicted, label):P1} ({lines.Zip(predicted).Count(p => label(p.First) == p.Second)}/{lines.Count})";

    /// <summary>One row per true label: how its lines were predicted.</summary>
    private static string Confusion(List<Line> lines, List<string> predicted, Func<Line, string> label)
    {
        var text = new StringBuilder("  confusion (expected: predicted counts)");
        foreach (var group in lines.Zip(predicted).GroupBy(p => label(p.First)).OrderBy(g => g.Key, StringComparer.Ordinal))
            text.Append($"\n    {group.Key}: ").AppendJoin(", ", group.GroupBy(p => p.Second).OrderByDescending(g => g.Count()).Select(g => $"{g.Key} {g.Count()}"));
        return text.ToString();
    }

    private void Misses(List<Line> lines, List<string> predicted, Func<Line, string> label, Func<Line, string> detail)
    {
        foreach (var (line, guess) in lines.Zip(predicted).Where(p => label(p.First) != p.Second))
            output.WriteLine($"    tune miss: expected {label(line)}, got {guess}{detail(line)}: {line.Text}");
    }
}
