using Microsoft.EntityFrameworkCore;
using QanDu.Dashboard.Data;
using QanDu.Dashboard.Data.Entities;
using QanDu.Dashboard.Features.Threads;

namespace QanDu.Dashboard.Features.Assistant.Feedback;

public enum CandidateKind { RatedAnswer, SentSuggestion, EditedSuggestion }

/// <summary>Something the team's use showed to be a good answer, waiting to become knowledge.</summary>
public sealed record KnowledgeCandidate(CandidateKind Kind, long ThreadId, string ThreadTitle, long? MessageId, string Text, int Up, DateTime At);

/// <summary>
/// Candidate knowledge for supervisors and admins to review: AI answers rated up and never down, and suggested replies
/// agents sent as they were or after editing (the text they sent). Newest first.
/// </summary>
public sealed class ReviewQueue(IDbContextFactory<ChatDbContext> dbFactory)
{
    public async Task<IReadOnlyList<KnowledgeCandidate>> ListAsync(ChatCaller caller, int limit = 200, CancellationToken ct = default)
    {
        if (!caller.SeesAllThreads)
            throw new ChatForbiddenException("Only supervisors and admins review candidate knowledge.");
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var answers = await db.Messages.AsNoTracking()
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
}
