using System.Collections.Concurrent;
using System.Text;
using Microsoft.Extensions.AI;
using Microsoft.Extensions.Options;
using QanDu.Dashboard.Data.Entities;
using QanDu.Dashboard.Features.Access;
using QanDu.Dashboard.Features.Assistant.Context;
using QanDu.Dashboard.Features.Assistant.Providers;
using QanDu.Dashboard.Features.Assistant.Tools;
using QanDu.Dashboard.Realtime;

namespace QanDu.Dashboard.Features.Assistant;

/// <summary>
/// Answers in AI threads: when someone posts there, a reply message streams from <see cref="IChatClient"/> into the
/// thread. Growth is shown coalesced (<see cref="AssistantOptions.FlushInterval"/>) and stored every few seconds; the
/// final text is stored once. One stream per thread, each with its own cancellation; threads stream independently.
/// </summary>
public sealed partial class AssistantService(
    IChatClient client,
    AiReplyStore replies,
    CallerDirectory callers,
    AssistantContextBuilder contextBuilder,
    AssistantTools tools,
    IChatEvents events,
    IOptions<AssistantOptions> options,
    TimeProvider clock,
    ILogger<AssistantService> logger) : IHostedService
{
    private readonly ConcurrentDictionary<long, ActiveStream> _streams = new();
    private readonly CancellationTokenSource _shutdown = new();
    private IDisposable? _subscription;
    private long _flushes;

    /// <summary>How many times a growing reply was shown to open threads, across all streams.</summary>
    public long FlushCount => Interlocked.Read(ref _flushes);

    public async Task StartAsync(CancellationToken cancellationToken)
    {
        // Replies that were streaming when the app stopped cannot resume: they fail visibly, with Retry.
        foreach (var id in await replies.AbandonedAiMessagesAsync(cancellationToken))
            await FinishAsync(id, null, MessageStatus.Failed, null, "The app restarted while this reply was being written.", []);
        _subscription = events.Subscribe(null, OnEventAsync);
    }

    public async Task StopAsync(CancellationToken cancellationToken)
    {
        _subscription?.Dispose();
        await _shutdown.CancelAsync();
        await Task.WhenAll(_streams.Values.Select(s => s.Completion)).WaitAsync(cancellationToken);
    }

    /// <summary>Stops the reply streaming into <paramref name="messageId"/>; its text so far stays, marked stopped.</summary>
    public async Task StopAsync(ChatCaller caller, long messageId, CancellationToken ct = default)
    {
        var message = await replies.RequireOwnAiMessageAsync(caller, messageId, ct);
        if (_streams.TryGetValue(message.ThreadId, out var stream) && stream.MessageId == messageId)
        {
            await stream.StopAsync();
            return;
        }
        if (message.Status == MessageStatus.Sending) // nothing streams it any more (it was interrupted): settle it
            await FinishAsync(messageId, message.Content, MessageStatus.Sent, null, null, [], stopped: true);
    }

    /// <summary>Writes the failed reply <paramref name="messageId"/> again, into the same message.</summary>
    public async Task RetryAsync(ChatCaller caller, long messageId, CancellationToken ct = default)
    {
        var message = await replies.RequireOwnAiMessageAsync(caller, messageId, ct);
        if (message.Status != MessageStatus.Failed)
            throw new ChatValidationException("messageId", "Only a reply that failed can be retried.");
        Start(caller, message.ThreadId, messageId, restart: true);
    }

    private async Task OnEventAsync(ChatEvent chatEvent)
    {
        if (chatEvent is not MessagePosted { Message: { SenderType: SenderType.User, SenderId: { } senderId } message } posted)
            return;
        if (posted.ThreadType is { } type && type != ThreadType.Ai)
            return; // most posts: known not to be an AI thread without asking the database
        // The reply was recorded with the question, unless automatic replies were off (the thread then shows a note).
        if (await replies.PendingReplyIdAsync(message.ThreadId, message.Id, _shutdown.Token) is not { } replyId)
            return;
        if (await callers.FindAsync(senderId, _shutdown.Token) is { } requester)
            Start(requester, message.ThreadId, replyId, restart: false);
        else
            await FinishAsync(replyId, null, MessageStatus.Failed, null, "The person who asked no longer exists.", []);
    }

    /// <summary>
    /// Writes the reply into <paramref name="messageId"/> (empty and sending, or failed and <paramref name="restart"/>ed).
    /// A new question in a thread that is still answering stops the older answer (kept, marked stopped).
    /// </summary>
    private void Start(ChatCaller requester, long threadId, long messageId, bool restart)
    {
        var stream = new ActiveStream(CancellationTokenSource.CreateLinkedTokenSource(_shutdown.Token)) { MessageId = messageId };
        var previous = _streams.TryGetValue(threadId, out var running) ? running : null;
        _streams[threadId] = stream;
        stream.Completion = Task.Run(async () =>
        {
            if (previous is not null)
                await previous.StopAsync();
            await RunAsync(stream, requester, threadId, messageId, restart);
        });
    }

    private async Task RunAsync(ActiveStream stream, ChatCaller requester, long threadId, long messageId, bool restart)
    {
        var ct = stream.Token;
        var text = new StringBuilder();
        var reply = new ReplyInfo();
        try
        {
            var message = restart ? await replies.RestartAiMessageAsync(messageId, ct) : await replies.ReadAsync(messageId, ct);
            try
            {
                await StreamAsync(message, requester, text, reply, ct);
                await FinishAsync(message.Id, text.ToString(), MessageStatus.Sent, reply, null, reply.Sources);
            }
            catch (OperationCanceledException) when (ct.IsCancellationRequested)
            {
                await FinishAsync(message.Id, text.ToString(), MessageStatus.Sent, reply, null, reply.Sources, stopped: true);
            }
            catch (Exception ex)
            {
                logger.LogWarning(ex, "The assistant failed while answering in thread {ThreadId}", threadId);
                await FinishAsync(message.Id, text.ToString(), MessageStatus.Failed, reply, Reason(ex), reply.Sources);
            }
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            logger.LogError(ex, "Could not start or finish the assistant's reply in thread {ThreadId}", threadId);
            await SettleAsync(messageId, MessageStatus.Failed, Reason(ex));
        }
        catch (OperationCanceledException)
        {
            await SettleAsync(messageId, MessageStatus.Sent, null); // stopped before it began: stored as stopped, not left sending
        }
        finally
        {
            _streams.TryRemove(new KeyValuePair<long, ActiveStream>(threadId, stream));
            stream.Dispose();
        }
    }

    /// <summary>Finishes a reply that never streamed, keeping what is stored; a failure here is logged (the restart settles it).</summary>
    private async Task SettleAsync(long messageId, MessageStatus status, string? error)
    {
        try
        {
            await FinishAsync(messageId, null, status, null, error, [], stopped: status == MessageStatus.Sent);
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            logger.LogError(ex, "Could not mark the assistant's reply {MessageId}; it is marked failed at the next start", messageId);
        }
    }

    private Task FinishAsync(long messageId, string? text, MessageStatus status, ReplyInfo? reply, string? error,
        IReadOnlyList<AiSource> sources, bool stopped = false)
    {
        sources = sources.Count > 0 ? sources : reply?.Context?.Sources ?? [];
        var ai = new AiMetadata(reply?.Confidence, sources.Count == 0 ? null : string.Join("; ", sources.Select(s => s.Title)), reply?.Model)
        {
            ContextUsed = reply?.Context,
            Notes = reply?.Notes.Count > 0 ? [.. reply.Notes] : null,
            Drafts = reply?.Drafts.Count > 0 ? [.. reply.Drafts] : null,
            Outcome = stopped ? "stopped" : status == MessageStatus.Failed ? "failed" : null,
            Error = error,
            Sources = sources.Count == 0 ? null : sources,
        };
        // Not the stream's token: a stopped or failed reply must still be stored as such.
        return replies.FinishAiMessageAsync(messageId, text, status, ai, CancellationToken.None);
    }

    internal static string Reason(Exception ex) => ex switch
    {
        AiProviderException provider => provider.Message,
        HttpRequestException http => $"The AI provider could not be reached ({http.Message}).",
        TimeoutException => "The AI provider did not answer in time.",
        _ => $"The assistant stopped with an error: {ex.Message}",
    };
}
