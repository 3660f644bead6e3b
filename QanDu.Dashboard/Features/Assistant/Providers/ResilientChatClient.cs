using System.Runtime.CompilerServices;
using Microsoft.Extensions.AI;

namespace QanDu.Dashboard.Features.Assistant.Providers;

/// <summary>
/// Retries 429 (honouring Retry-After, bounded), 5xx and connection failures, but only before the first token:
/// once text reached the caller a retry would duplicate it, so a later failure is reported instead. Bounds the wait
/// for the first token, and reports every failure as <see cref="AiProviderException"/>.
/// </summary>
internal sealed class ResilientChatClient(IChatClient inner, AiOptions options, TimeProvider time, ILogger<ResilientChatClient> logger)
    : DelegatingChatClient(inner)
{
    private readonly AiErrors _errors = AiErrors.For(options);

    public override async Task<ChatResponse> GetResponseAsync(IEnumerable<ChatMessage> messages, ChatOptions? chatOptions = null,
        CancellationToken cancellationToken = default)
    {
        var list = messages as IList<ChatMessage> ?? [.. messages];
        for (var attempt = 0; ; attempt++)
        {
            using var timer = new CancellationTokenSource(options.Timeout, time);
            using var linked = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, timer.Token);
            AiProviderException failure;
            try
            {
                return await base.GetResponseAsync(list, chatOptions, linked.Token);
            }
            catch (Exception ex) when (!cancellationToken.IsCancellationRequested)
            {
                failure = timer.IsCancellationRequested
                    ? _errors.Timeout(options.Timeout, ex, setting: "Ai:Timeout")
                    : _errors.Translate(ex, tokensReceived: false);
            }
            await WaitBeforeRetryAsync(failure, attempt, cancellationToken);
        }
    }

    public override async IAsyncEnumerable<ChatResponseUpdate> GetStreamingResponseAsync(IEnumerable<ChatMessage> messages,
        ChatOptions? chatOptions = null, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        var list = messages as IList<ChatMessage> ?? [.. messages];
        for (var attempt = 0; ; attempt++)
        {
            using var firstToken = new CancellationTokenSource(options.FirstTokenTimeout, time);
            using var linked = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, firstToken.Token);
            // Updates without content (the role, empty deltas) wait for the first real token, so that the timeout
            // measures the answer and "nothing reached the caller" still holds when a retry is decided.
            var held = new List<ChatResponseUpdate>();
            var started = false;
            var finished = false;
            AiProviderException? failure = null;
            var stream = base.GetStreamingResponseAsync(list, chatOptions, linked.Token).GetAsyncEnumerator(linked.Token);
            try
            {
                while (true)
                {
                    bool moved;
                    try
                    {
                        moved = await stream.MoveNextAsync();
                    }
                    catch (Exception ex) when (!cancellationToken.IsCancellationRequested)
                    {
                        var timedOut = !started && firstToken.IsCancellationRequested;
                        failure = _errors.Translate(ex, started, timedOut ? options.FirstTokenTimeout : null);
                        break;
                    }
                    if (!moved)
                        break;
                    var update = stream.Current;
                    finished |= update.FinishReason is not null;
                    if (!started && update.Contents.All(c => c is TextContent { Text: "" } or UsageContent) && update.FinishReason is null)
                    {
                        held.Add(update);
                        continue;
                    }
                    if (!started)
                    {
                        started = true;
                        firstToken.CancelAfter(Timeout.InfiniteTimeSpan);
                        foreach (var early in held)
                            yield return early;
                        held.Clear();
                    }
                    yield return update;
                }
            }
            finally
            {
                await stream.DisposeAsync();
            }

            // Every OpenAI-compatible server ends an answer with a finish reason; a stream that stops without one was cut
            // (the client libraries report a reset connection as a normal end of the stream).
            if (failure is null && !finished)
                failure = _errors.StreamEndedEarly(started);
            if (failure is null)
            {
                foreach (var early in held)
                    yield return early; // an answer with no content at all
                yield break;
            }
            if (started)
            {
                logger.LogWarning(failure, "The AI stream broke after tokens were delivered; not retrying");
                throw failure;
            }
            await WaitBeforeRetryAsync(failure, attempt, cancellationToken);
        }
    }

    private async Task WaitBeforeRetryAsync(AiProviderException failure, int attempt, CancellationToken ct)
    {
        if (!failure.IsTransient || attempt >= options.MaxRetries)
            throw failure;
        var backoff = options.RetryBaseDelay * Math.Pow(2, attempt);
        var delay = failure.RetryAfter ?? (backoff > options.MaxRetryDelay ? options.MaxRetryDelay : backoff);
        if (delay > options.MaxRetryDelay)
            throw failure; // waiting longer would hold the agent; the message says how long to wait
        logger.LogInformation("AI provider {Kind} ({Status}); retry {Attempt} of {Max} in {Delay}",
            failure.Kind, failure.StatusCode, attempt + 1, options.MaxRetries, delay);
        await Task.Delay(delay, time, ct);
    }
}
