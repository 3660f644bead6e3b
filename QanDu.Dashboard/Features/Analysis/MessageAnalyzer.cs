using QanDu.Dashboard.Data.Entities;

namespace QanDu.Dashboard.Features.Analysis;

/// <summary>
/// Sentiment, intent and language of one message, all local. The intent model trains in the background from the
/// moment this is created, so start-up never waits for it; <see cref="AnalyzeAsync"/> waits for it when needed.
/// </summary>
public sealed class MessageAnalyzer
{
    private readonly Lazy<SentimentAnalyzer> sentiment = new(SentimentAnalyzer.LoadEmbedded);
    private readonly Lazy<LanguageDetector> language = new(LanguageDetector.LoadEmbedded);
    private readonly Task<IntentClassifier> intents;

    public MessageAnalyzer() =>
        intents = Task.Run(() => new IntentClassifier(IntentClassifier.LoadEmbeddedExamples()));

    public SentimentAnalyzer Sentiment => sentiment.Value;

    public LanguageDetector Language => language.Value;

    public Task<IntentClassifier> IntentsAsync => intents;

    public async Task<MessageAnalysis> AnalyzeAsync(string text, CancellationToken ct = default)
    {
        var classifier = await intents.WaitAsync(ct);
        var score = Sentiment.Score(text);
        var intent = classifier.Predict(text);
        return new MessageAnalysis(new AnalysisMetadata(score.Label, intent.Intent, Language.Detect(text), score.Compound), intent.Confidence);
    }
}

/// <summary>What is stored on the message, and how sure the classifier was of the intent (used by the priority rule only).</summary>
public sealed record MessageAnalysis(AnalysisMetadata Metadata, double IntentConfidence)
{
    public bool Matches(RaisePriorityRule rule) =>
        Metadata.SentimentScore <= rule.NegativeBelow
        || (IntentConfidence >= rule.MinIntentConfidence && rule.EffectiveIntents.Contains(Metadata.Intent, StringComparer.OrdinalIgnoreCase));
}
