using System.Runtime.CompilerServices;
using System.Threading.Channels;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.AI;
using Microsoft.Extensions.Options;
using QanDu.Dashboard.Data;
using QanDu.Dashboard.Data.Entities;
using QanDu.Dashboard.Features.Access;
using QanDu.Dashboard.Features.AiSettings;
using QanDu.Dashboard.Features.Assistant.Local;
using QanDu.Dashboard.Features.Messages;
using QanDu.Dashboard.Features.Threads;

namespace QanDu.Dashboard.Features.Assistant.Suggestions;

/// <summary>
/// Suggests up to three replies to the latest message from someone else in a thread, streamed. Remote providers get
/// three requests in parallel (short, detailed, clarifying) with the allowed sources as reference; the offline Local
/// assistant offers the best distinct of those sources as they are (<see cref="SuggestionSources"/>: knowledge articles
/// and cleaned answers from resolved customer conversations, nothing else). Each finished suggestion is stored (outcome Shown), and what the agent did with it is
/// recorded later (<see cref="InsertedAsync"/>, <see cref="SentAsync"/>, <see cref="DismissAsync"/>).
/// </summary>
public sealed partial class SuggestionService(
    IChatClient client,
    MessageService messages,
    ThreadService threads,
    SuggestionSources sources,
    AssistantSettingsStore settings,
    IOptions<AssistantOptions> options,
    IDbContextFactory<ChatDbContext> dbFactory,
    TimeProvider clock,
    ILogger<SuggestionService> logger)
{
    public const int MaxSuggestions = 3;

    /// <summary>Whether suggestions are on in the assistant's settings (read at each use, so a change applies at once).</summary>
    public bool Enabled => settings.Current.SuggestionsEnabled;

    /// <summary>True when the built-in offline assistant writes the suggestions.</summary>
    public bool IsLocal => client.GetService(typeof(LocalChatClient)) is not null;

    /// <summary>Who writes the suggestions, as the UI labels them.</summary>
    public string AssistantLabel => IsLocal ? $"{settings.Current.Name} · built-in offline assistant" : settings.Current.Name;

    /// <summary>
    /// Streams the suggestions for <paramref name="forMessageId"/> (default: the latest message from someone else).
    /// Throws <see cref="ChatNotFoundException"/> for a thread the caller cannot see and <see cref="ChatValidationException"/>
    /// when suggestions are off, the thread is an AI thread or there is nothing to answer. Cancel to stop them.
    /// </summary>
    public async IAsyncEnumerable<SuggestionUpdate> SuggestAsync(ChatCaller caller, long threadId, long? forMessageId,
        [EnumeratorCancellation] CancellationToken ct = default)
    {
        var target = await TargetAsync(caller, threadId, forMessageId, ct);
        var channel = Channel.CreateUnbounded<SuggestionUpdate>(new UnboundedChannelOptions { SingleReader = true });
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(ct);
        var producers = IsLocal
            ? await LocalProducersAsync(caller, target, channel.Writer, stop.Token)
            : await RemoteProducersAsync(caller, target, channel.Writer, stop.Token);
        var all = Task.WhenAll(producers).ContinueWith(_ => channel.Writer.TryComplete(), TaskScheduler.Default);
        try
        {
            await foreach (var update in channel.Reader.ReadAllAsync(ct))
            {
                ct.ThrowIfCancellationRequested(); // what was already queued is not shown once cancelled
                if (update.Status == SuggestionStatus.Done)
                {
                    var id = await StoreAsync(caller, target, update, ct);
                    yield return update with { SuggestionId = id };
                }
                else
                {
                    yield return update;
                }
            }
        }
        finally
        {
            await stop.CancelAsync(); // the reader left early (a newer message, the thread closed): stop writing
            await all;
        }
    }

    /// <summary>Collects the suggestions without streaming (the REST API).</summary>
    public async Task<SuggestionsResult> SuggestAllAsync(ChatCaller caller, long threadId, long? forMessageId, CancellationToken ct = default)
    {
        var target = await TargetAsync(caller, threadId, forMessageId, ct);
        var done = new List<SuggestionView>();
        string? error = null;
        await foreach (var update in SuggestAsync(caller, threadId, target.Id, ct))
        {
            if (update is { Status: SuggestionStatus.Done, SuggestionId: { } id })
                done.Add(new SuggestionView(id, update.Rank, update.Text, update.Model, update.Source));
            else if (update.Status == SuggestionStatus.Failed)
                error ??= update.Error;
        }
        return new SuggestionsResult(target.Id, [.. done.OrderBy(s => s.Rank)], done.Count == 0 ? error : null);
    }

    /// <summary>The message to answer: given, or the latest from someone else; checked against the caller's rights.</summary>
    private async Task<MessageView> TargetAsync(ChatCaller caller, long threadId, long? forMessageId, CancellationToken ct)
    {
        var thread = await threads.GetThreadAsync(caller, threadId, ct);
        if (!Enabled)
            throw new ChatValidationException("suggestions", "Reply suggestions are turned off in the assistant's settings.");
        if (thread.Type == ThreadType.Ai)
            throw new ChatValidationException("threadId", "Suggestions are for conversations with people; in an AI thread the assistant answers itself.");
        if (forMessageId is { } id)
        {
            var message = await messages.GetMessageAsync(caller, id, ct);
            if (message.ThreadId != threadId)
                throw new ChatNotFoundException($"Message {id}");
            if (message.SenderId == caller.UserId || message.SenderType != SenderType.User || message.Deleted || message.Content.Length == 0)
                throw new ChatValidationException("messageId", "Suggestions answer a message someone else wrote.");
            return message;
        }
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var latest = await db.Messages.AsNoTracking()
            .Where(m => m.ThreadId == threadId && m.SenderType == SenderType.User && m.SenderId != caller.UserId && m.DeletedAt == null && m.Content != "")
            .OrderByDescending(m => m.Id).Select(m => (long?)m.Id).FirstOrDefaultAsync(ct);
        return latest is { } found
            ? await messages.GetMessageAsync(caller, found, ct)
            : throw new ChatValidationException("messageId", "There is no message from someone else in this conversation to reply to yet.");
    }

    private async Task<long> StoreAsync(ChatCaller caller, MessageView target, SuggestionUpdate update, CancellationToken ct)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var row = new AiSuggestion
        {
            ThreadId = target.ThreadId,
            ForMessageId = target.Id,
            UserId = caller.UserId,
            Rank = update.Rank,
            Text = update.Text,
            Model = update.Model,
            Outcome = SuggestionOutcome.Shown,
            CreatedAt = clock.GetUtcNow().UtcDateTime,
        };
        db.AiSuggestions.Add(row);
        await db.SaveChangesAsync(ct);
        return row.Id;
    }
}
