using Microsoft.EntityFrameworkCore;
using QanDu.Dashboard.Data;
using QanDu.Dashboard.Data.Entities;
using QanDu.Dashboard.Features.Access;
using QanDu.Dashboard.Features.Knowledge;

namespace QanDu.Dashboard.Features.Assistant.Feedback;

public enum CandidateKind { RatedAnswer, SentSuggestion, EditedSuggestion }

/// <summary>Something the team's use showed to be a good answer, waiting to become knowledge.</summary>
public sealed record KnowledgeCandidate(CandidateKind Kind, long ThreadId, string ThreadTitle, long? MessageId, string Text, int Up, DateTime At);

/// <summary>
/// Candidate knowledge for supervisors and admins to review: AI answers rated up and never down, and suggested replies
/// agents sent as they were or after editing (the text they sent). Newest first. Approving one makes it a published
/// knowledge-base article (used by retrieval from then on); rejecting keeps it as a rejected article, so either way it
/// leaves the queue and the decision is kept.
/// </summary>
public sealed class ReviewQueue(IDbContextFactory<ChatDbContext> dbFactory, KnowledgeService knowledge)
{
    public async Task<IReadOnlyList<KnowledgeCandidate>> ListAsync(ChatCaller caller, int limit = 200, CancellationToken ct = default)
    {
        if (!caller.SeesAllThreads)
            throw new ChatForbiddenException("Only supervisors and admins review candidate knowledge.");
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var decided = db.KnowledgeArticles.Where(a => a.SourceMessageId != null).Select(a => a.SourceMessageId);
        var answers = await db.Messages.AsNoTracking()
            .Where(m => !decided.Contains(m.Id))
            .Where(m => m.SenderType == SenderType.Ai && m.DeletedAt == null && m.Status != MessageStatus.Sending && m.Status != MessageStatus.Failed
                        && db.AiFeedback.Any(f => f.MessageId == m.Id && f.Rating == FeedbackRating.Up)
                        && !db.AiFeedback.Any(f => f.MessageId == m.Id && f.Rating == FeedbackRating.Down))
            .OrderByDescending(m => m.Id).Take(limit)
            .Select(m => new
            {
                m.Id, m.ThreadId, m.Thread!.Title, m.Content, m.Timestamp,
                Up = db.AiFeedback.Count(f => f.MessageId == m.Id && f.Rating == FeedbackRating.Up),
            })
            .ToListAsync(ct);
        var suggestions = await (
                from s in db.AiSuggestions.AsNoTracking()
                where s.Outcome == SuggestionOutcome.SentAsIs || s.Outcome == SuggestionOutcome.Edited
                where s.SentMessageId == null || !decided.Contains(s.SentMessageId)
                join t in db.Threads on s.ThreadId equals t.Id
                join m in db.Messages.Where(m => m.DeletedAt == null) on s.SentMessageId equals m.Id into sent
                from m in sent.DefaultIfEmpty()
                orderby s.Id descending
                select new { s.Outcome, s.ThreadId, t.Title, s.SentMessageId, s.Text, SentText = m == null ? null : m.Content, s.DecidedAt, s.CreatedAt })
            .Take(limit).ToListAsync(ct);

        return [.. answers.Select(a => new KnowledgeCandidate(CandidateKind.RatedAnswer, a.ThreadId, a.Title ?? $"Thread {a.ThreadId}", a.Id, a.Content, a.Up, a.Timestamp))
            .Concat(suggestions.Select(s => new KnowledgeCandidate(
                s.Outcome == SuggestionOutcome.SentAsIs ? CandidateKind.SentSuggestion : CandidateKind.EditedSuggestion,
                s.ThreadId, s.Title ?? $"Thread {s.ThreadId}", s.SentMessageId, s.SentText ?? s.Text, 0, s.DecidedAt ?? s.CreatedAt)))
            .OrderByDescending(c => c.At).Take(limit)];
    }

    /// <summary>
    /// Publishes the candidate message <paramref name="messageId"/> as a knowledge-base article titled
    /// <paramref name="title"/> (the conversation's title when empty); refused when it is not in the queue.
    /// </summary>
    public async Task<KnowledgeArticleView> ApproveAsync(ChatCaller caller, long messageId, string? title, CancellationToken ct = default)
    {
        var candidate = await RequireCandidateAsync(caller, messageId, ct);
        return await knowledge.CreateAsync(caller, Article(candidate, string.IsNullOrWhiteSpace(title) ? candidate.ThreadTitle : title,
            await LanguageAsync(messageId, ct), KnowledgeStatus.Published), ct);
    }

    /// <summary>Keeps the candidate out of the knowledge base and out of the queue (a rejected article records the decision).</summary>
    public async Task RejectAsync(ChatCaller caller, long messageId, CancellationToken ct = default)
    {
        var candidate = await RequireCandidateAsync(caller, messageId, ct);
        await knowledge.CreateAsync(caller, Article(candidate, candidate.ThreadTitle, await LanguageAsync(messageId, ct), KnowledgeStatus.Rejected), ct);
    }

    private async Task<KnowledgeCandidate> RequireCandidateAsync(ChatCaller caller, long messageId, CancellationToken ct) =>
        (await ListAsync(caller, limit: int.MaxValue, ct)).FirstOrDefault(c => c.MessageId == messageId)
        ?? throw new ChatValidationException("messageId", $"Message {messageId} is not waiting for review (already decided, deleted, or never a candidate).");

    /// <summary>The language the analysis found in the message, when the knowledge base knows it; English otherwise.</summary>
    private async Task<string> LanguageAsync(long messageId, CancellationToken ct)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var metadata = await db.Messages.AsNoTracking().Where(m => m.Id == messageId).Select(m => m.Metadata).FirstOrDefaultAsync(ct);
        return metadata?.Analysis?.Language is { } language && KnowledgeLanguages.IsKnown(language) ? language : "en";
    }

    private static SaveKnowledgeRequest Article(KnowledgeCandidate candidate, string title, string language, KnowledgeStatus status) => new(
        title.Trim().Length > 200 ? title.Trim()[..200] : title.Trim(), candidate.Text, language, Tags: "learned", Status: status,
        Source: candidate.Kind == CandidateKind.RatedAnswer ? KnowledgeSource.RatedAnswer : KnowledgeSource.Suggestion,
        SourceMessageId: candidate.MessageId);
}
