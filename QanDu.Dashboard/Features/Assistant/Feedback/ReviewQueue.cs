using Microsoft.EntityFrameworkCore;
using QanDu.Dashboard.Data;
using QanDu.Dashboard.Data.Entities;
using QanDu.Dashboard.Features.Access;
using QanDu.Dashboard.Features.Knowledge;
using QanDu.Dashboard.Features.Threads;
using QanDu.Dashboard.Rendering;

namespace QanDu.Dashboard.Features.Assistant.Feedback;

public enum CandidateKind { RatedAnswer, SentSuggestion, EditedSuggestion }

/// <summary>
/// Something the team's use showed to be a good answer, waiting to become knowledge. <see cref="Text"/> is what would be
/// published (<see cref="KnowledgeDraft"/>); <see cref="Question"/> what it answered, the article's title by default;
/// <see cref="ThreadVisible"/> whether the reviewer may open its conversation (someone's AI thread is private to them).
/// </summary>
public sealed record KnowledgeCandidate(
    CandidateKind Kind, long ThreadId, string ThreadTitle, long? MessageId, string Text, int Up, DateTime At,
    string? Question = null, bool ThreadVisible = true);

/// <summary>
/// Candidate knowledge for supervisors and admins to review: AI answers rated up and never down, and suggested replies
/// agents sent as they were or after editing (the text they sent). Newest first. Approving one makes it a published
/// knowledge-base article titled by the question it answered (used by retrieval from then on); rejecting keeps it as a
/// rejected article, so either way it leaves the queue and the decision is kept. Neither ever publishes what an answer
/// quoted from a conversation without a customer in it.
/// </summary>
public sealed class ReviewQueue(IDbContextFactory<ChatDbContext> dbFactory, KnowledgeService knowledge)
{
    /// <summary>The longest title taken from a question; the reviewer can edit the article afterwards.</summary>
    public const int MaxQuestionTitle = 120;

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
                m.Id, m.ThreadId, m.Content, m.Timestamp,
                Up = db.AiFeedback.Count(f => f.MessageId == m.Id && f.Rating == FeedbackRating.Up),
                // What the person asked: their latest message before the answer.
                Question = db.Messages.Where(q => q.ThreadId == m.ThreadId && q.Id < m.Id && q.SenderType == SenderType.User && q.DeletedAt == null)
                    .OrderByDescending(q => q.Id).Select(q => q.Content).FirstOrDefault(),
            })
            .ToListAsync(ct);
        var suggestions = await (
                from s in db.AiSuggestions.AsNoTracking()
                where s.Outcome == SuggestionOutcome.SentAsIs || s.Outcome == SuggestionOutcome.Edited
                where s.SentMessageId == null || !decided.Contains(s.SentMessageId)
                join m in db.Messages.Where(m => m.DeletedAt == null) on s.SentMessageId equals m.Id into sent
                from m in sent.DefaultIfEmpty()
                join q in db.Messages.Where(q => q.DeletedAt == null) on s.ForMessageId equals q.Id into asked
                from q in asked.DefaultIfEmpty()
                orderby s.Id descending
                select new
                {
                    s.Outcome, s.ThreadId, s.SentMessageId, s.Text, SentText = m == null ? null : m.Content, s.DecidedAt, s.CreatedAt,
                    Question = q == null ? null : q.Content,
                })
            .Take(limit).ToListAsync(ct);

        var rows = answers.Select(a => (Kind: CandidateKind.RatedAnswer, a.ThreadId, MessageId: (long?)a.Id, Text: a.Content, a.Up, At: a.Timestamp, Question: (string?)a.Question))
            .Concat(suggestions.Select(s => (
                Kind: s.Outcome == SuggestionOutcome.SentAsIs ? CandidateKind.SentSuggestion : CandidateKind.EditedSuggestion,
                s.ThreadId, MessageId: s.SentMessageId, Text: s.SentText ?? s.Text, Up: 0, At: s.DecidedAt ?? s.CreatedAt, Question: (string?)s.Question)))
            .OrderByDescending(r => r.At).Take(limit).ToList();
        var threads = await ThreadsAsync(db, caller, rows.Select(r => r.ThreadId).Distinct().ToList(), ct);
        var customerThreads = await CustomerThreadsAsync(db, rows.SelectMany(r => KnowledgeDraft.CitedThreads(r.Text)).Distinct().ToList(), ct);
        return [.. rows.Select(r => new KnowledgeCandidate(
            r.Kind, r.ThreadId, threads.TryGetValue(r.ThreadId, out var thread) ? thread.Title : "A deleted conversation", r.MessageId,
            KnowledgeDraft.WithoutInternal(r.Text, customerThreads), r.Up, r.At,
            r.Question is { } question && MarkdownText.OneLine(question) is { Length: > 0 } asked ? MarkdownText.Shorten(asked, MaxQuestionTitle) : null,
            thread.Visible))];
    }

    /// <summary>
    /// Publishes the candidate message <paramref name="messageId"/> as a knowledge-base article titled
    /// <paramref name="title"/> (when empty: the question it answered, else its conversation's title); refused when it is
    /// not in the queue, or when nothing of it may be published.
    /// </summary>
    public async Task<KnowledgeArticleView> ApproveAsync(ChatCaller caller, long messageId, string? title, CancellationToken ct = default)
    {
        var candidate = await RequireCandidateAsync(caller, messageId, ct);
        if (string.IsNullOrWhiteSpace(candidate.Text))
            throw new ChatValidationException("messageId",
                "This answer only quotes conversations without a customer, so nothing of it can be published. Reject it, or write the article on the knowledge page.");
        return await knowledge.CreateAsync(caller, Article(candidate, string.IsNullOrWhiteSpace(title) ? DefaultTitle(candidate) : title,
            await LanguageAsync(messageId, ct), KnowledgeStatus.Published), ct: ct);
    }

    /// <summary>Keeps the candidate out of the knowledge base and out of the queue (a rejected article records the decision).</summary>
    public async Task RejectAsync(ChatCaller caller, long messageId, CancellationToken ct = default)
    {
        var candidate = await RequireCandidateAsync(caller, messageId, ct);
        var record = string.IsNullOrWhiteSpace(candidate.Text) ? candidate with { Text = "(Only quotes of internal conversations.)" } : candidate;
        await knowledge.CreateAsync(caller, Article(record, DefaultTitle(candidate), await LanguageAsync(messageId, ct), KnowledgeStatus.Rejected), ct: ct);
    }

    private static string DefaultTitle(KnowledgeCandidate candidate) => candidate.Question ?? candidate.ThreadTitle;

    /// <summary>Each thread's name as the reviewer would see it, and whether they may open it.</summary>
    private static async Task<Dictionary<long, (string Title, bool Visible)>> ThreadsAsync(
        ChatDbContext db, ChatCaller caller, List<long> ids, CancellationToken ct)
    {
        var visible = (await db.Threads.Visible(caller).Where(t => ids.Contains(t.Id)).Select(t => t.Id).ToListAsync(ct)).ToHashSet();
        var threads = await db.Threads.AsNoTracking().AsSplitQuery().Where(t => ids.Contains(t.Id))
            .Select(t => new { t.Id, t.Title, t.Type, Names = t.Participants.Where(p => p.UserId != caller.UserId).Select(p => p.User!.DisplayName).ToList() })
            .ToListAsync(ct);
        return threads.ToDictionary(t => t.Id, t => (ThreadSummaries.DisplayTitle(t.Title, t.Type, t.Names), visible.Contains(t.Id)));
    }

    /// <summary>Of <paramref name="ids"/>, the conversations with a customer in them (someone without a staff role).</summary>
    private static async Task<IReadOnlySet<long>> CustomerThreadsAsync(ChatDbContext db, List<long> ids, CancellationToken ct)
    {
        if (ids.Count == 0)
            return new HashSet<long>();
        var staffRoles = Roles.All.ToList();
        var staff = db.UserRoles.Join(db.Roles.Where(r => staffRoles.Contains(r.Name!)), ur => ur.RoleId, r => r.Id, (ur, _) => ur.UserId);
        return (await db.Threads.Where(t => ids.Contains(t.Id) && t.Participants.Any(p => !staff.Contains(p.UserId)))
            .Select(t => t.Id).ToListAsync(ct)).ToHashSet();
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
