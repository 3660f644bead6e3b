using System.Runtime.CompilerServices;
using System.Text;
using Microsoft.Extensions.AI;
using QanDu.Dashboard.Features.Assistant.Context;
using QanDu.Dashboard.Features.Operations;

namespace QanDu.Dashboard.Features.Assistant.Providers;

/// <summary>
/// The outermost layer of every chat client, Local included: counts requests, tokens (as the provider reports them,
/// else counted with <see cref="TokenCounter"/>), time to first token and errors, per provider
/// (<see cref="QanduMetrics"/>). Retries happen inside it, so one question is one request and an error is one that
/// reached the caller. A caller's own cancellation is not an error.
/// </summary>
internal sealed class MeteredChatClient(IChatClient inner, string provider, QanduMetrics metrics, TokenCounter tokens, TimeProvider clock)
    : DelegatingChatClient(inner)
{
    /// <summary>The provider's name in metrics: <c>Local</c>, <c>AzureOpenAI</c> or <c>OpenAI-compatible</c>.</summary>
    public static string ProviderName(AiProviderKind kind) => kind switch
    {
        AiProviderKind.AzureOpenAI => "AzureOpenAI",
        AiProviderKind.OpenAI => "OpenAI-compatible",
        _ => "Local",
    };

    public override async Task<ChatResponse> GetResponseAsync(IEnumerable<ChatMessage> messages, ChatOptions? options = null,
        CancellationToken cancellationToken = default)
    {
        var list = messages as IReadOnlyList<ChatMessage> ?? [.. messages];
        metrics.AiRequest(provider);
        try
        {
            var response = await base.GetResponseAsync(list, options, cancellationToken);
            metrics.AiTokens(provider, response.Usage?.InputTokenCount ?? InputTokens(list), response.Usage?.OutputTokenCount ?? tokens.Count(response.Text));
            return response;
        }
        catch (Exception ex) when (!cancellationToken.IsCancellationRequested)
        {
            metrics.AiError(provider, ex);
            throw;
        }
    }

    public override async IAsyncEnumerable<ChatResponseUpdate> GetStreamingResponseAsync(IEnumerable<ChatMessage> messages,
        ChatOptions? options = null, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        var list = messages as IReadOnlyList<ChatMessage> ?? [.. messages];
        metrics.AiRequest(provider);
        var started = clock.GetTimestamp();
        var text = new StringBuilder();
        UsageDetails? usage = null;
        var first = true;
        await using var updates = base.GetStreamingResponseAsync(list, options, cancellationToken).GetAsyncEnumerator(cancellationToken);
        try
        {
            while (true)
            {
                try
                {
                    if (!await updates.MoveNextAsync())
                        break;
                }
                catch (Exception ex) when (!cancellationToken.IsCancellationRequested)
                {
                    metrics.AiError(provider, ex);
                    throw;
                }
                var update = updates.Current;
                if (first && update.Text.Length > 0)
                {
                    first = false;
                    metrics.AiFirstToken(provider, clock.GetElapsedTime(started));
                }
                foreach (var content in update.Contents)
                {
                    if (content is UsageContent reported)
                        usage = reported.Details;
                }
                text.Append(update.Text);
                yield return update;
            }
        }
        finally
        {
            // Also when the caller stopped early: what was sent and received so far was spent.
            metrics.AiTokens(provider, usage?.InputTokenCount ?? InputTokens(list), usage?.OutputTokenCount ?? tokens.Count(text.ToString()));
        }
    }

    private long InputTokens(IReadOnlyList<ChatMessage> messages)
    {
        long count = 0;
        foreach (var message in messages)
            count += tokens.Count(message.Text) + TokenCounter.PerMessage;
        return count;
    }
}
