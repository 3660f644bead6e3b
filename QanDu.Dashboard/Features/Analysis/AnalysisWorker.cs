using System.Threading.Channels;
using Microsoft.Extensions.Options;
using QanDu.Dashboard.Data.Entities;
using QanDu.Dashboard.Features.Access;
using QanDu.Dashboard.Features.AiSettings;
using QanDu.Dashboard.Features.Threads;
using QanDu.Dashboard.Realtime;

namespace QanDu.Dashboard.Features.Analysis;

/// <summary>
/// Analyses every message a person posts or edits, after its commit and off the write path: events go into a bounded
/// queue (the oldest waiting message is dropped when it is full, posting never waits), one loop analyses them, stores
/// the result through <see cref="AnalysisStore"/> and applies the priority rule (as the app itself).
/// </summary>
internal sealed class AnalysisWorker(
    IChatEvents events,
    MessageAnalyzer analyzer,
    AnalysisStore store,
    ThreadService threads,
    IOptions<AnalysisOptions> options,
    AssistantSettingsStore settings,
    ILogger<AnalysisWorker> logger) : BackgroundService
{
    private static readonly ChatCaller App = ChatCaller.System("Message analysis");

    private readonly Channel<MessageSnapshot> queue = Channel.CreateBounded<MessageSnapshot>(
        new BoundedChannelOptions(options.Value.QueueCapacity) { SingleReader = true, FullMode = BoundedChannelFullMode.DropOldest },
        dropped => logger.LogWarning("Analysis queue full: message {MessageId} was not analysed", dropped.Id));

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (!options.Value.Enabled)
            return;
        using var subscription = events.Subscribe(null, Enqueue);
        await CatchUpAsync(stoppingToken);
        await foreach (var message in queue.Reader.ReadAllAsync(stoppingToken))
        {
            try
            {
                await AnalyseAsync(message, stoppingToken);
            }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                logger.LogError(ex, "Could not analyse message {MessageId} in thread {ThreadId}", message.Id, message.ThreadId);
            }
        }
    }

    /// <summary>
    /// Analyses the newest messages that have none (demo data, messages from before analysis was on), quietly and
    /// without the priority rule, which is for messages as they arrive. Live messages queue meanwhile.
    /// </summary>
    private async Task CatchUpAsync(CancellationToken ct)
    {
        try
        {
            var messages = await store.UnanalysedMessagesAsync(options.Value.CatchUpLimit, ct);
            foreach (var (id, content) in messages)
                await store.SetAnalysisAsync(App, id, content, (await analyzer.AnalyzeAsync(content, ct)).Metadata, publish: false, ct);
            if (messages.Count > 0)
                logger.LogInformation("Analysed {Count} earlier messages", messages.Count);
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            logger.LogError(ex, "Could not analyse earlier messages; new messages are still analysed");
        }
    }

    private Task Enqueue(ChatEvent chatEvent)
    {
        // The admin's switch on the AI settings page, read as each message arrives: turning it off or on applies at once.
        if (!settings.Current.AnalysisEnabled)
            return Task.CompletedTask;
        var message = chatEvent switch
        {
            MessagePosted posted => posted.Message,
            MessageUpdated updated => updated.Message, // an edit; our own update comes back too and then writes nothing
            _ => null,
        };
        if (message is { SenderType: SenderType.User, Deleted: false } && !string.IsNullOrWhiteSpace(message.Content))
            queue.Writer.TryWrite(message);
        return Task.CompletedTask;
    }

    private async Task AnalyseAsync(MessageSnapshot message, CancellationToken ct)
    {
        var analysis = await analyzer.AnalyzeAsync(message.Content, ct);
        if (!await store.SetAnalysisAsync(App, message.Id, message.Content, analysis.Metadata, ct: ct))
            return;
        var rule = options.Value.RaisePriority;
        if (analysis.Matches(rule) && await threads.RaisePriorityAsync(App, message.ThreadId, rule.To, ct))
            logger.LogInformation("Raised thread {ThreadId} to {Priority}: message {MessageId} is {Sentiment} ({Score}), intent {Intent}",
                message.ThreadId, rule.To, message.Id, analysis.Metadata.Sentiment, analysis.Metadata.SentimentScore, analysis.Metadata.Intent);
    }
}
