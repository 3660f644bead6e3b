using System.Threading.Channels;
using Microsoft.Extensions.Options;
using QanDu.Dashboard.Features.Access;
using QanDu.Dashboard.Features.Messages;

namespace QanDu.Dashboard.Features.Analysis;

/// <summary>
/// Agents correct a message's intent: the message changes through <see cref="AnalysisStore"/> (live in open
/// threads) and the intent classifier retrains in the background, once per burst of corrections (debounced by
/// <see cref="AnalysisOptions.RetrainDelay"/>), so a few corrections teach it the kind of message it got wrong.
/// </summary>
public sealed class IntentCorrectionService(
    AnalysisStore store,
    MessageAnalyzer analyzer,
    IOptions<AnalysisOptions> options,
    ILogger<IntentCorrectionService> logger) : BackgroundService
{
    private readonly Channel<bool> requests = Channel.CreateBounded<bool>(new BoundedChannelOptions(1) { FullMode = BoundedChannelFullMode.DropWrite });

    /// <summary>The intents a message can be corrected to.</summary>
    public IReadOnlyList<string> Intents => analyzer.KnownIntents;

    /// <summary>Raised after each retraining, with the new model (tests and logs).</summary>
    public event Action<IntentClassifier>? Retrained;

    public async Task<MessageView> CorrectAsync(ChatCaller caller, long messageId, string? intent, CancellationToken ct = default)
    {
        var known = Intents;
        if (string.IsNullOrWhiteSpace(intent) || !known.Contains(intent.Trim(), StringComparer.Ordinal))
            throw new ChatValidationException("intent", $"Pick one of the known intents: {string.Join(", ", known)}.");
        var view = await store.CorrectIntentAsync(caller, messageId, intent.Trim(), ct);
        requests.Writer.TryWrite(true);
        return view;
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        await foreach (var _ in requests.Reader.ReadAllAsync(stoppingToken))
        {
            try
            {
                // Corrections come in bursts (an agent fixes several messages): train once after the burst.
                await Task.Delay(options.Value.RetrainDelay, stoppingToken);
                var classifier = await analyzer.RetrainAsync(stoppingToken);
                Retrained?.Invoke(classifier);
            }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                logger.LogError(ex, "Could not retrain the intent classifier on the corrections; the previous model stays in use");
            }
        }
    }
}
