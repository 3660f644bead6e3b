using Microsoft.Extensions.Options;
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
    private readonly IOptions<AnalysisOptions> options;
    private readonly ILogger<MessageAnalyzer> logger;
    private readonly Task<IntentClassifier> shippedIntents;
    private volatile Task<IntentClassifier> intents;

    public MessageAnalyzer(AnalysisStore store, IOptions<AnalysisOptions> options, ILogger<MessageAnalyzer> logger)
    {
        this.store = store;
        this.options = options;
        this.logger = logger;
        intents = Task.Run(() => TrainAsync(CancellationToken.None));
        // The priority rule asks a model no correction has touched: people's corrections change labels, never priorities.
        shippedIntents = Task.Run(() => new IntentClassifier(shipped.Value));
    }

    public SentimentAnalyzer Sentiment => sentiment.Value;

    public LanguageDetector Language => language.Value;

    public Task<IntentClassifier> IntentsAsync => intents;

    /// <summary>The intents the shipped examples teach, in a stable order: what an agent may correct an intent to.</summary>
    public IReadOnlyList<string> KnownIntents => [.. shipped.Value.Select(e => e.Intent).Distinct().Order(StringComparer.Ordinal)];

    public async Task<MessageAnalysis> AnalyzeAsync(string text, CancellationToken ct = default)
    {
        var classifier = await intents.WaitAsync(ct);
        var language = Language.Detect(text);
        var score = Sentiment.Score(text, language);
        var intent = classifier.Predict(text);
        var forRule = (await shippedIntents.WaitAsync(ct)).Predict(text);
        return new MessageAnalysis(new AnalysisMetadata(score.Label, intent.Intent, language, score.Compound), forRule.Intent, forRule.Confidence);
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
            corrections = await store.IntentCorrectionsAsync(options.Value.CorrectionsNeeded, ct);
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

/// <summary>
/// What is stored on the message, and the intent the priority rule goes by: the shipped model's, with its confidence, so
/// no correction can make the app raise a thread.
/// </summary>
public sealed record MessageAnalysis(AnalysisMetadata Metadata, string RuleIntent, double RuleIntentConfidence)
{
    public bool Matches(RaisePriorityRule rule) =>
        Metadata.SentimentScore <= rule.NegativeBelow
        || (RuleIntentConfidence >= rule.MinIntentConfidence && rule.EffectiveIntents.Contains(RuleIntent, StringComparer.OrdinalIgnoreCase));
}
