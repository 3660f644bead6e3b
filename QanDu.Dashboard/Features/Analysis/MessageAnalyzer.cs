using QanDu.Dashboard.Data.Entities;

namespace QanDu.Dashboard.Features.Analysis;

/// <summary>
/// Sentiment, intent and language of one message, all local. The intent model trains in the background from the
/// moment this is created (on the shipped examples plus agents' corrections), so start-up never waits for it;
/// <see cref="AnalyzeAsync"/> waits for it when needed. <see cref="RetrainAsync"/> swaps in a model trained on the
/// corrections made since.
/// </summary>
public sealed class MessageAnalyzer
{
    private readonly Lazy<SentimentAnalyzer> sentiment = new(SentimentAnalyzer.LoadEmbedded);
    private readonly Lazy<LanguageDetector> language = new(LanguageDetector.LoadEmbedded);
    private readonly Lazy<List<IntentExample>> shipped = new(IntentClassifier.LoadEmbeddedExamples);
    private readonly AnalysisStore store;
    private readonly ILogger<MessageAnalyzer> logger;
    private volatile Task<IntentClassifier> intents;

    public MessageAnalyzer(AnalysisStore store, ILogger<MessageAnalyzer> logger)
    {
        this.store = store;
        this.logger = logger;
        intents = Task.Run(() => TrainAsync(CancellationToken.None));
    }

    public SentimentAnalyzer Sentiment => sentiment.Value;

    public LanguageDetector Language => language.Value;

    public Task<IntentClassifier> IntentsAsync => intents;

    /// <summary>The intents the shipped examples teach, in a stable order: what an agent may correct an intent to.</summary>
    public IReadOnlyList<string> KnownIntents => [.. shipped.Value.Select(e => e.Intent).Distinct().Order(StringComparer.Ordinal)];

    public async Task<MessageAnalysis> AnalyzeAsync(string text, CancellationToken ct = default)
    {
        var classifier = await intents.WaitAsync(ct);
        var score = Sentiment.Score(text);
        var intent = classifier.Predict(text);
        return new MessageAnalysis(new AnalysisMetadata(score.Label, intent.Intent, Language.Detect(text), score.Compound), intent.Confidence);
    }

    /// <summary>Trains a new intent model on the shipped examples and every correction, then uses it from the next message on.</summary>
    public async Task<IntentClassifier> RetrainAsync(CancellationToken ct = default)
    {
        var classifier = await TrainAsync(ct);
        intents = Task.FromResult(classifier);
        return classifier;
    }

    private async Task<IntentClassifier> TrainAsync(CancellationToken ct)
    {
        IReadOnlyList<(string Text, string Intent)> corrections = [];
        try
        {
            corrections = await store.IntentCorrectionsAsync(ct);
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            logger.LogError(ex, "Could not read the intent corrections; the intent classifier trains on the shipped examples only");
        }
        var known = shipped.Value.Select(e => e.Intent).ToHashSet(StringComparer.Ordinal);
        var classifier = new IntentClassifier([.. shipped.Value, .. corrections.Where(c => known.Contains(c.Intent)).Select(c => new IntentExample(c.Intent, c.Text))]);
        if (corrections.Count > 0)
            logger.LogInformation("Intent classifier trained on {Examples} examples ({Corrections} corrections) in {Ms} ms",
                classifier.ExampleCount, corrections.Count, (int)classifier.TrainingTime.TotalMilliseconds);
        return classifier;
    }
}

/// <summary>What is stored on the message, and how sure the classifier was of the intent (used by the priority rule only).</summary>
public sealed record MessageAnalysis(AnalysisMetadata Metadata, double IntentConfidence)
{
    public bool Matches(RaisePriorityRule rule) =>
        Metadata.SentimentScore <= rule.NegativeBelow
        || (IntentConfidence >= rule.MinIntentConfidence && rule.EffectiveIntents.Contains(Metadata.Intent, StringComparer.OrdinalIgnoreCase));
}
