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
/// queue, one loop analyses them, stores the result through <see cref="AnalysisStore"/> and applies the priority rule
/// (as the app itself). Posting never waits: when the queue is full its oldest message is put aside in the
/// <see cref="AnalysisBacklog"/>, and once the queue is empty (the load fell) a catch-up pass analyses what was put
/// aside, oldest first, a batch at a time with live messages first.
/// </summary>
internal sealed class AnalysisWorker(
    IChatEvents events,
    MessageAnalyzer analyzer,
    AnalysisStore store,
    ThreadService threads,
    IOptions<AnalysisOptions> options,
    AssistantSettingsStore settings,
    AnalysisBacklog backlog,
    TimeProvider clock,
    ILogger<AnalysisWorker> logger) : BackgroundService
{
    private const int CatchUpBatch = 200;
    private static readonly ChatCaller App = ChatCaller.System("Message analysis");

    private readonly Channel<Queued> _queue = Channel.CreateBounded<Queued>(
        new BoundedChannelOptions(options.Value.QueueCapacity) { SingleReader = true, FullMode = BoundedChannelFullMode.DropOldest },
        dropped => backlog.Dropped(dropped.Message.Id, dropped.Edit));

    // Rung when the bus reports lost events, so an idle worker wakes to catch up.
    private readonly Channel<bool> _doorbell = Channel.CreateBounded<bool>(new BoundedChannelOptions(1) { FullMode = BoundedChannelFullMode.DropWrite });
    private volatile CatchUpPass? _pass;
    private long _lastSeenId;

    /// <summary>A catch-up pass is under way, or messages the full queue let go wait for one.</summary>
    public bool CatchingUp => _pass is not null || backlog.HasWork;

    /// <summary>A message waiting for analysis; an edit's new text is found again by id, a post's by its missing analysis.</summary>
    private readonly record struct Queued(MessageSnapshot Message, bool Edit);

    /// <summary>A catch-up pass in progress: edits by id, then posts without analysis from an id on.</summary>
    private sealed class CatchUpPass(long? postsFrom, IReadOnlyList<long> edits)
    {
        public long? PostsFrom { get; set; } = postsFrom;
        public Queue<long> Edits { get; } = new(edits);
        public int Analysed { get; set; }
    }

    /// <summary>Messages waiting for analysis: queued, and put aside while the queue was full (the health page and metrics).</summary>
    public long Waiting => _queue.Reader.Count + backlog.Waiting;

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (!options.Value.Enabled)
            return;
        try
        {
            // Before listening: what came later arrives as events, what came before is the start-up catch-up's.
            backlog.Started(await store.LatestMessageIdAsync(stoppingToken));
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            logger.LogError(ex, "Could not read the newest message id; after lost events every message is checked for analysis");
        }
        using var subscription = events.Subscribe(null, Enqueue);
        await CatchUpEarlierAsync(stoppingToken);
        var reader = _queue.Reader;
        while (true)
        {
            _doorbell.Reader.TryRead(out _); // a ring from here on wakes the wait below
            while (reader.TryRead(out var queued))
                await AnalyseSafelyAsync(queued.Message.Id, queued.Message.ThreadId, queued.Message.Content, stoppingToken);
            // The queue is empty: the load fell. Catch up a batch, then look at the queue again.
            if (_pass is not null || backlog.HasWork)
            {
                await CatchUpBatchAsync(stoppingToken);
                continue;
            }
            // Idle: wait for a message, a ring, or the time to log the drops not logged yet.
            var waits = new List<Task> { reader.WaitToReadAsync(stoppingToken).AsTask(), _doorbell.Reader.WaitToReadAsync(stoppingToken).AsTask() };
            if (backlog.LogDueIn() is { } due)
                waits.Add(Task.Delay(due, clock, stoppingToken));
            await Task.WhenAny(waits);
            stoppingToken.ThrowIfCancellationRequested();
            backlog.ReportIfDue();
        }
    }

    /// <summary>
    /// Analyses the newest messages that have none (demo data, messages from before analysis was on), quietly and
    /// without the priority rule, which is for messages as they arrive. Live messages queue meanwhile.
    /// </summary>
    private async Task CatchUpEarlierAsync(CancellationToken ct)
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

    /// <summary>
    /// One batch of what the queue could not hold, analysed as if it had just arrived (published, priority rule applied):
    /// these are live messages that came in a burst.
    /// </summary>
    private async Task CatchUpBatchAsync(CancellationToken ct)
    {
        if (_pass is null)
        {
            var (postsFrom, edits) = backlog.Take();
            _pass = new CatchUpPass(postsFrom, edits);
        }
        var pass = _pass;
        IReadOnlyList<(long Id, long ThreadId, string Content)> batch = [];
        try
        {
            if (pass.Edits.Count > 0)
                batch = await store.MessagesAsync([.. Enumerable.Range(0, Math.Min(CatchUpBatch, pass.Edits.Count)).Select(_ => pass.Edits.Dequeue())], ct);
            else if (pass.PostsFrom is { } from)
            {
                batch = await store.UnanalysedFromAsync(from, CatchUpBatch, ct);
                pass.PostsFrom = batch.Count < CatchUpBatch ? null : batch[^1].Id + 1;
            }
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            // Not lost: a later burst starts a new pass, and the next start-up's catch-up finds messages without analysis.
            logger.LogError(ex, "Could not look up the messages analysis has to catch up on");
            pass.PostsFrom = null;
            pass.Edits.Clear();
        }
        foreach (var (id, threadId, content) in batch)
            await AnalyseSafelyAsync(id, threadId, content, ct);
        pass.Analysed += batch.Count;
        if (pass.PostsFrom is null && pass.Edits.Count == 0)
        {
            _pass = null;
            logger.LogInformation("Analysis caught up: {Count} messages analysed that it could not take as they arrived", pass.Analysed);
        }
    }

    private Task Enqueue(ChatEvent chatEvent)
    {
        if (chatEvent is ResyncRequired)
        {
            // The bus could not deliver some events to us: look again at everything posted since it last could not.
            backlog.Missed(Interlocked.Read(ref _lastSeenId));
            _doorbell.Writer.TryWrite(true);
            return Task.CompletedTask;
        }
        // The admin's switch on the AI settings page, read as each message arrives: turning it off or on applies at once.
        if (!settings.Current.AnalysisEnabled)
            return Task.CompletedTask;
        var (message, edit) = chatEvent switch
        {
            MessagePosted posted => (posted.Message, false),
            MessageUpdated { TextChanged: true } updated => (updated.Message, true), // an edit (not our own analysis coming back)
            _ => (null, false),
        };
        if (message is null)
            return Task.CompletedTask;
        if (!edit && message.Id > Interlocked.Read(ref _lastSeenId))
            Interlocked.Exchange(ref _lastSeenId, message.Id); // one reader (the bus's pump for this subscription)
        if (message is { SenderType: SenderType.User, Deleted: false } && !string.IsNullOrWhiteSpace(message.Content))
            _queue.Writer.TryWrite(new Queued(message, edit));
        return Task.CompletedTask;
    }

    private async Task AnalyseSafelyAsync(long messageId, long threadId, string content, CancellationToken ct)
    {
        try
        {
            await AnalyseAsync(messageId, threadId, content, ct);
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            logger.LogError(ex, "Could not analyse message {MessageId} in thread {ThreadId}", messageId, threadId);
        }
    }

    private async Task AnalyseAsync(long messageId, long threadId, string content, CancellationToken ct)
    {
        var analysis = await analyzer.AnalyzeAsync(content, ct);
        if (!await store.SetAnalysisAsync(App, messageId, content, analysis.Metadata, ct: ct))
            return;
        var rule = options.Value.RaisePriority;
        if (analysis.Matches(rule) && await threads.RaisePriorityAsync(App, threadId, rule.To, ct))
            logger.LogInformation("Raised thread {ThreadId} to {Priority}: message {MessageId} is {Sentiment} ({Score}), intent {Intent}",
                threadId, rule.To, messageId, analysis.Metadata.Sentiment, analysis.Metadata.SentimentScore, analysis.Metadata.Intent);
    }
}
