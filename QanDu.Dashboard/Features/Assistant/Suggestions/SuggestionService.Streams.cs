using System.Text;
using System.Text.RegularExpressions;
using System.Threading.Channels;
using Microsoft.Extensions.AI;
using QanDu.Dashboard.Features.Access;
using QanDu.Dashboard.Features.Assistant.Local;
using QanDu.Dashboard.Features.Messages;

namespace QanDu.Dashboard.Features.Assistant.Suggestions;

public sealed partial class SuggestionService
{
    /// <summary>The Local assistant's suggestions: the best distinct allowed sources, cleaned and greeting the person asking.</summary>
    private async Task<List<Task>> LocalProducersAsync(ChatCaller caller, MessageView target, ChannelWriter<SuggestionUpdate> writer,
        CancellationToken ct)
    {
        var found = await sources.FindAsync(caller, target, MaxSuggestions, ct);
        return [.. found.Select((candidate, rank) => LocalAsync(rank, candidate, writer, ct))];
    }

    private async Task LocalAsync(int rank, SuggestionCandidate candidate, ChannelWriter<SuggestionUpdate> writer, CancellationToken ct)
    {
        var delay = options.Value.Local.TokenDelay;
        var sofar = new StringBuilder();
        var emitter = new Emitter(clock, options.Value.FlushInterval, rank, writer);
        try
        {
            foreach (Match token in TokenPattern().Matches(candidate.Text))
            {
                if (sofar.Length > 0 && delay > TimeSpan.Zero)
                    await Task.Delay(delay, clock, ct);
                sofar.Append(token.Value);
                emitter.Progress(sofar);
            }
            writer.TryWrite(new SuggestionUpdate(rank, candidate.Text, SuggestionStatus.Done, Model: LocalChatClient.ModelName, Source: candidate.Source));
        }
        catch (OperationCanceledException) when (ct.IsCancellationRequested)
        {
            // A newer message or a closed thread stopped it; nothing is shown, nothing stored.
        }
    }

    /// <summary>
    /// Three requests in parallel, one per variant, on this thread's recent messages as the caller sees them (private notes
    /// left out: the model writes what the customer will read) with the allowed sources as the only reference material.
    /// </summary>
    private async Task<List<Task>> RemoteProducersAsync(ChatCaller caller, MessageView target, ChannelWriter<SuggestionUpdate> writer,
        CancellationToken ct)
    {
        var history = await messages.GetHistoryAsync(caller, target.ThreadId, before: target.Id + 1, limit: SuggestionPrompt.HistoryMessages, ct);
        var reference = await sources.FindAsync(caller, target, SuggestionPrompt.ReferenceSources, ct);
        var current = settings.Current;
        return [.. SuggestionPrompt.Variants.Select((variant, rank) =>
            RemoteAsync(caller, target, rank, SuggestionPrompt.Build(current, caller, history.Messages, variant, reference), writer, ct))];
    }

    private async Task RemoteAsync(ChatCaller caller, MessageView target, int rank, IReadOnlyList<ChatMessage> prompt,
        ChannelWriter<SuggestionUpdate> writer, CancellationToken ct)
    {
        var current = settings.Current;
        var chatOptions = new Microsoft.Extensions.AI.ChatOptions
        {
            Temperature = (float)current.Temperature,
            MaxOutputTokens = current.MaxOutputTokens,
            ModelId = current.Model,
            AdditionalProperties = new AdditionalPropertiesDictionary { [AssistantRequest.Key] = new AssistantRequest(caller, target.ThreadId) },
        };
        var text = new StringBuilder();
        string? model = null;
        var emitter = new Emitter(clock, options.Value.FlushInterval, rank, writer);
        try
        {
            await foreach (var update in client.GetStreamingResponseAsync(prompt, chatOptions, ct))
            {
                model ??= update.ModelId;
                if (update.Text.Length == 0)
                    continue;
                text.Append(update.Text);
                emitter.Progress(text);
            }
            var final = text.ToString().Trim();
            writer.TryWrite(final.Length == 0
                ? new SuggestionUpdate(rank, "", SuggestionStatus.Failed, Error: "The assistant returned an empty suggestion.")
                : new SuggestionUpdate(rank, final, SuggestionStatus.Done, Model: model));
        }
        catch (OperationCanceledException) when (ct.IsCancellationRequested)
        {
            // Stopped by the caller: nothing to show.
        }
        catch (Exception ex)
        {
            logger.LogWarning(ex, "A reply suggestion failed in thread {ThreadId}", target.ThreadId);
            writer.TryWrite(new SuggestionUpdate(rank, text.ToString(), SuggestionStatus.Failed, Error: AssistantService.Reason(ex)));
        }
    }

    /// <summary>Coalesces a growing text: at most one update per flush interval, so the card re-renders ~13 times a second.</summary>
    private sealed class Emitter(TimeProvider clock, TimeSpan interval, int rank, ChannelWriter<SuggestionUpdate> writer)
    {
        private long _last;

        public void Progress(StringBuilder text)
        {
            if (_last != 0 && clock.GetElapsedTime(_last) < interval)
                return;
            _last = clock.GetTimestamp();
            writer.TryWrite(new SuggestionUpdate(rank, text.ToString(), SuggestionStatus.Streaming));
        }
    }

    // A word with the spaces or line breaks after it, as the Local assistant streams.
    [GeneratedRegex(@"\s*\S+\s*")]
    private static partial Regex TokenPattern();
}
