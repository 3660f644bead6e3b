using System.Text;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.AI;
using Microsoft.Extensions.Options;
using QanDu.Dashboard.Data;
using QanDu.Dashboard.Data.Entities;
using QanDu.Dashboard.Features.Access;
using QanDu.Dashboard.Features.AiSettings;
using QanDu.Dashboard.Features.Analysis;
using QanDu.Dashboard.Features.Assistant.Local;
using QanDu.Dashboard.Features.Messages;
using QanDu.Dashboard.Realtime;

namespace QanDu.Dashboard.Features.Assistant.Customers;

/// <summary>
/// The assistant's first replies to customers, on channels that turn them on. When a customer writes in a conversation
/// that waits on the assistant, the writer records an empty reply in the same commit (<see cref="PendingAiReplies"/>);
/// this service writes it: a hand-off when the customer asks for a person, sounds very upset or asks the same again;
/// otherwise an answer from public knowledge that streams into the widget, or a hand-off when the answer's confidence
/// is below the channel's threshold. Work in one conversation runs in order, one item at a time; replies interrupted by
/// a restart are written again at start-up. It never runs tools and reads only the conversation it answers.
/// </summary>
public sealed class CustomerReplies(
    IChatClient client,
    AiReplyStore replies,
    CustomerAnswerer answerer,
    CustomerContextBuilder contextBuilder,
    CustomerHandOff handOff,
    MessageAnalyzer analyzer,
    AssistantSettingsStore settings,
    IDbContextFactory<ChatDbContext> dbFactory,
    IChatEvents events,
    IOptions<AssistantOptions> options,
    TimeProvider clock,
    ILogger<CustomerReplies> logger) : IHostedService
{
    private readonly CancellationTokenSource _shutdown = new();
    private readonly Lock _gate = new();
    private readonly Dictionary<long, Task> _tails = [];
    private readonly Dictionary<long, CancellationTokenSource> _answering = [];
    private IDisposable? _subscription;

    public async Task StartAsync(CancellationToken cancellationToken)
    {
        _subscription = events.Subscribe(null, OnEventAsync);
        // Replies recorded before a restart (or cut off by it) are written now: a customer is never left unanswered.
        foreach (var (id, threadId, key) in await replies.PendingCustomerRepliesAsync(cancellationToken))
        {
            if (PendingAiReplies.QuestionOf(key) is { } questionId)
                _ = Enqueue(threadId, ct => AnswerAsync(threadId, id, questionId, restart: true, ct));
            else
                await replies.FinishAiMessageAsync(id, null, MessageStatus.Failed,
                    new AiMetadata(null, null, null) { Outcome = "failed", Error = "The app restarted while this message was being written." }, cancellationToken);
        }
    }

    public async Task StopAsync(CancellationToken cancellationToken)
    {
        _subscription?.Dispose();
        await _shutdown.CancelAsync();
        Task[] running;
        lock (_gate)
            running = [.. _tails.Values];
        await Task.WhenAll(running).WaitAsync(cancellationToken);
    }

    /// <summary>
    /// Hands the conversation to a person now (the customer asked, or rated an answer not helpful): an answer being written
    /// stops (its text so far stays). False when it did not wait on the assistant any more.
    /// </summary>
    internal Task<bool> HandOffAsync(long threadId, string reason, CancellationToken ct)
    {
        lock (_gate)
        {
            if (_answering.TryGetValue(threadId, out var answering))
                answering.Cancel();
        }
        return Enqueue(threadId, async _ => await handOff.HandOffAsync(threadId, reason, await LanguageAsync(threadId, null, ct), null, null, ct));
    }

    private async Task OnEventAsync(ChatEvent chatEvent)
    {
        if (chatEvent is not MessagePosted { Message: { SenderType: SenderType.User, IsPrivate: false } message } posted
            || posted.ThreadType is not (ThreadType.Group or null))
            return;
        if (await replies.PendingReplyIdAsync(message.ThreadId, message.Id, _shutdown.Token) is { } replyId)
            _ = Enqueue(message.ThreadId, ct => AnswerAsync(message.ThreadId, replyId, message.Id, restart: false, ct));
    }

    /// <summary>Runs <paramref name="work"/> after everything queued for the conversation before it.</summary>
    private Task<T> Enqueue<T>(long threadId, Func<CancellationToken, Task<T>> work)
    {
        lock (_gate)
        {
            var previous = _tails.GetValueOrDefault(threadId) ?? Task.CompletedTask;
            var next = RunAfterAsync(previous, work);
            _tails[threadId] = next;
            _ = next.ContinueWith(_ =>
            {
                lock (_gate)
                {
                    if (_tails.TryGetValue(threadId, out var tail) && tail == next)
                        _tails.Remove(threadId);
                }
            }, TaskScheduler.Default);
            return next;
        }
    }

    private Task Enqueue(long threadId, Func<CancellationToken, Task> work) =>
        Enqueue(threadId, async ct =>
        {
            try
            {
                await work(ct);
            }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                logger.LogError(ex, "The assistant could not finish its work in customer conversation {ThreadId}", threadId);
            }
            catch (OperationCanceledException) when (_shutdown.IsCancellationRequested)
            {
                // Shutting down: what is left pending is written at the next start.
            }
            return true;
        });

    private async Task<T> RunAfterAsync<T>(Task previous, Func<CancellationToken, Task<T>> work)
    {
        try
        {
            await previous;
        }
        catch (Exception)
        {
            // The earlier item reported its own failure; this one runs regardless.
        }
        await Task.Yield();
        return await work(_shutdown.Token);
    }

    private async Task AnswerAsync(long threadId, long replyId, long questionId, bool restart, CancellationToken ct)
    {
        var state = await StateAsync(threadId, questionId, ct);
        if (state is null || !state.Waiting)
        {
            await replies.DiscardPendingAsync(replyId, ct); // a person took the conversation meanwhile
            return;
        }
        if (restart)
            await replies.RestartAiMessageAsync(replyId, ct);
        var analysis = await analyzer.AnalyzeAsync(state.Question, ct);
        var language = await LanguageAsync(threadId, analysis.Metadata.Language, ct);
        var reason = HandOffRules.AsksForPerson(state.Question) ? HandOffRules.AskedForPerson
            : analysis.Metadata.SentimentScore <= HandOffRules.NegativeSentimentAt ? HandOffRules.NegativeSentiment
            : state.Answered.Any(earlier => HandOffRules.SameQuestion(state.Question, earlier)) ? HandOffRules.RepeatedQuestion
            : null;
        if (reason is not null)
        {
            await handOff.HandOffAsync(threadId, reason, language, replyId, null, ct);
            return;
        }
        var gate = await answerer.AnswerAsync(state.Question, language, ct);
        if (!gate.Found || gate.Confidence < state.Threshold)
        {
            // No article answer below the threshold: only the hand-off message.
            await handOff.HandOffAsync(threadId, HandOffRules.LowConfidence, language, replyId, null, ct);
            return;
        }
        await StreamAsync(state, replyId, gate, language, ct);
    }

    /// <summary>Streams the answer into the pending reply, as an agent's reply grows in the widget; a failure hands off.</summary>
    private async Task StreamAsync(ConversationState state, long replyId, CustomerAnswer gate, string language, CancellationToken ct)
    {
        using var answering = CancellationTokenSource.CreateLinkedTokenSource(ct);
        lock (_gate)
            _answering[state.ThreadId] = answering;
        var text = new StringBuilder();
        string? model = null;
        AiContextReport? report = null;
        try
        {
            var customer = ChatCaller.Visitor(state.CustomerUserId, state.CustomerName);
            var context = await contextBuilder.BuildAsync(customer, state.ThreadId, replyId, language,
                retrieve: client.GetService(typeof(LocalChatClient)) is null, answering.Token);
            report = context.Report;
            context.Options.Tools = null; // never tools for a customer
            var message = await replies.ReadAsync(replyId, answering.Token);
            var lastFlush = clock.GetTimestamp();
            var lastSave = lastFlush;
            var shown = 0;
            await foreach (var update in client.GetStreamingResponseAsync(context.Messages, context.Options, answering.Token))
            {
                model ??= update.ModelId;
                text.Append(update.Text);
                if (clock.GetElapsedTime(lastFlush) >= options.Value.FlushInterval && text.Length != shown)
                {
                    replies.PublishAiProgress(message, text.ToString());
                    shown = text.Length;
                    lastFlush = clock.GetTimestamp();
                }
                if (clock.GetElapsedTime(lastSave) >= options.Value.SaveInterval)
                {
                    await replies.SaveAiProgressAsync(replyId, text.ToString(), answering.Token);
                    lastSave = clock.GetTimestamp();
                }
            }
            if (text.ToString().Trim().Length == 0)
            {
                await handOff.HandOffAsync(state.ThreadId, HandOffRules.LowConfidence, language, replyId, "The model returned no text.", ct);
                return;
            }
            await replies.FinishAiMessageAsync(replyId, text.ToString(), MessageStatus.Sent, Metadata(gate, model, report, null), CancellationToken.None);
        }
        catch (OperationCanceledException) when (answering.IsCancellationRequested && !ct.IsCancellationRequested)
        {
            // Stopped for a hand-off the customer asked for: what was written stays, or the empty reply is withdrawn.
            if (text.Length > 0 || !await replies.DiscardPendingAsync(replyId, CancellationToken.None))
                await replies.FinishAiMessageAsync(replyId, text.ToString(), MessageStatus.Sent, Metadata(gate, model, report, "stopped"), CancellationToken.None);
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            logger.LogWarning(ex, "The assistant failed while answering customer conversation {ThreadId}; handing off", state.ThreadId);
            await handOff.HandOffAsync(state.ThreadId, HandOffRules.AssistantUnavailable, language, replyId, AssistantService.Reason(ex), CancellationToken.None);
        }
        finally
        {
            lock (_gate)
            {
                if (_answering.TryGetValue(state.ThreadId, out var current) && current == answering)
                    _answering.Remove(state.ThreadId);
            }
        }
    }

    private static AiMetadata Metadata(CustomerAnswer gate, string? model, AiContextReport? report, string? outcome) =>
        new(gate.Confidence, gate.Sources.Count == 0 ? null : string.Join("; ", gate.Sources.Select(s => s.Title)), model ?? LocalChatClient.ModelName)
        {
            ContextUsed = report,
            Sources = gate.Sources.Count == 0 ? null : gate.Sources,
            Outcome = outcome,
        };

    /// <summary>
    /// The customer's language: the admin's default when the assistant always replies in it; otherwise the question's
    /// (or, when it is too short to tell, that of the customer's recent messages), else the default.
    /// </summary>
    private async Task<string> LanguageAsync(long threadId, string? detected, CancellationToken ct)
    {
        var current = settings.Current;
        if (current.LanguagePolicy == LanguagePolicy.AlwaysDefault)
            return current.DefaultLanguage;
        if (IsLanguage(detected))
            return detected!;
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var customerUserId = await db.Threads.Where(t => t.Id == threadId)
            .Select(t => db.Contacts.Where(c => c.Id == t.ContactId).Select(c => c.UserId).FirstOrDefault()).FirstOrDefaultAsync(ct);
        var recent = await db.Messages.AsNoTracking()
            .Where(m => m.ThreadId == threadId && m.SenderId == customerUserId && !m.IsPrivate && m.DeletedAt == null)
            .OrderByDescending(m => m.Id).Take(5).Select(m => m.Content).ToListAsync(ct);
        var language = analyzer.Language.Detect(string.Join(' ', recent));
        return IsLanguage(language) ? language : current.DefaultLanguage;
    }

    private static bool IsLanguage(string? code) => code is { Length: 2 } && code.All(char.IsAsciiLetterLower);

    /// <summary>The conversation as the assistant needs it to answer <paramref name="questionId"/>; null when it is gone.</summary>
    private async Task<ConversationState?> StateAsync(long threadId, long questionId, CancellationToken ct)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var thread = await db.Threads.AsNoTracking().Where(t => t.Id == threadId && t.ContactId != null)
            .Select(t => new
            {
                t.Status, t.HandedOffAt,
                Contact = db.Contacts.Where(c => c.Id == t.ContactId).Select(c => new { c.UserId, c.Name }).FirstOrDefault(),
                Channel = db.Channels.Where(c => c.Id == t.ChannelId).Select(c => new { c.AssistantFirstReply, c.AssistantHandOffThreshold }).FirstOrDefault(),
            })
            .FirstOrDefaultAsync(ct);
        var question = await db.Messages.AsNoTracking().Where(m => m.Id == questionId && m.ThreadId == threadId)
            .Select(m => new { m.Content, m.DeletedAt }).FirstOrDefaultAsync(ct);
        if (thread?.Contact is null || question is null)
            return null;
        var customerUserId = thread.Contact.UserId;
        // Earlier questions the assistant answered: asking one again means its answer did not help. (An answer the
        // customer has seen is "read", not "sent".)
        var earlier = await db.Messages.AsNoTracking()
            .Where(m => m.ThreadId == threadId && m.Id < questionId && m.SenderId == customerUserId && !m.IsPrivate && m.DeletedAt == null)
            .OrderByDescending(m => m.Id).Take(10).Select(m => new { m.Id, m.Content }).ToListAsync(ct);
        var keys = earlier.Select(e => PendingAiReplies.KeyFor(e.Id)).ToList();
        var answeredKeys = (await db.Messages.AsNoTracking()
                .Where(m => m.ThreadId == threadId && m.SenderType == SenderType.Ai && m.Status != MessageStatus.Sending && m.Status != MessageStatus.Failed && m.DeletedAt == null
                            && keys.Contains(m.ClientKey!) && m.Content != "")
                .Select(m => m.ClientKey!).ToListAsync(ct))
            .ToHashSet();
        var waiting = thread is { Status: ThreadStatus.Pending, HandedOffAt: null, Channel.AssistantFirstReply: true } && question.DeletedAt is null;
        return new ConversationState(threadId, customerUserId, thread.Contact.Name ?? "Customer", question.Content, waiting,
            thread.Channel?.AssistantHandOffThreshold ?? 0.5,
            [.. earlier.Where(e => answeredKeys.Contains(PendingAiReplies.KeyFor(e.Id))).Select(e => e.Content)]);
    }

    private sealed record ConversationState(
        long ThreadId, string CustomerUserId, string CustomerName, string Question, bool Waiting, double Threshold, IReadOnlyList<string> Answered);
}
