using Microsoft.EntityFrameworkCore;
using QanDu.Dashboard.Data;
using QanDu.Dashboard.Data.Entities;
using QanDu.Dashboard.Features.Access;
using QanDu.Dashboard.Features.Assistant.Feedback;
using QanDu.Dashboard.Features.Knowledge;
using QanDu.Dashboard.Features.Assistant.Customers;

namespace QanDu.Dashboard.Features.Widget;

/// <summary>
/// A customer's side of the assistant: "Was this helpful?" on its answers (stored through <see cref="FeedbackService"/>
/// as the contact's stand-in user, counted for the cited articles by <see cref="KnowledgePopularity"/>; "not helpful"
/// hands the conversation to a person), and the widget's "Talk to a person" button. Only the visitor's own
/// conversations; anything else is not found.
/// </summary>
public sealed class CustomerFeedback(
    IDbContextFactory<ChatDbContext> dbFactory, CustomerConversations conversations, FeedbackService feedback,
    KnowledgePopularity popularity, CustomerReplies customerReplies)
{
    public const string Helpful = "helpful", Unhelpful = "unhelpful";

    public async Task RateAsync(Visitor visitor, long messageId, bool? helpful, CancellationToken ct = default)
    {
        if (helpful is not { } isHelpful)
            throw new ChatValidationException("helpful", "Say whether the answer helped: {\"helpful\": true} or {\"helpful\": false}.");
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var message = await db.Messages.AsNoTracking().Where(m => m.Id == messageId)
            .Select(m => new { m.ThreadId, m.SenderType, m.IsPrivate, m.DeletedAt, m.Status, m.Metadata }).FirstOrDefaultAsync(ct);
        if (message is not { SenderType: SenderType.Ai, IsPrivate: false, DeletedAt: null })
            throw new ChatNotFoundException($"Assistant message {messageId}");
        await conversations.RequireOwnAsync(visitor, message.ThreadId, ct); // not found when it is not the visitor's conversation
        if (message.Status == MessageStatus.Sending)
            throw new ChatConflictException("The answer is still being written; rate it once it is complete.", "Answer not complete");
        var before = (await feedback.GetAsync(visitor.Caller, messageId, ct)).Mine;
        var rating = isHelpful ? FeedbackRating.Up : FeedbackRating.Down;
        await feedback.RateAsync(visitor.Caller, messageId, new RateAiMessageRequest(rating), ct);
        if (before != rating) // a repeated click is one vote for the articles
            await popularity.RecordAsync(KnowledgePopularity.CitedArticleIds(message.Metadata?.Ai?.Sources), isHelpful, ct);
        if (!isHelpful)
            await customerReplies.HandOffAsync(message.ThreadId, HandOffRules.NotHelpful, ct);
    }

    /// <summary>The widget's "Talk to a person": a no-op when a person already has the conversation.</summary>
    public async Task AskForPersonAsync(Visitor visitor, long conversationId, CancellationToken ct = default)
    {
        await conversations.RequireOwnAsync(visitor, conversationId, ct);
        await customerReplies.HandOffAsync(conversationId, HandOffRules.AskedForPerson, ct);
    }

    /// <summary>The visitor's own votes on <paramref name="messageIds"/>, for the widget's history.</summary>
    public async Task<IReadOnlyDictionary<long, string>> VotesAsync(Visitor visitor, IReadOnlyCollection<long> messageIds, CancellationToken ct = default)
    {
        if (messageIds.Count == 0)
            return new Dictionary<long, string>();
        var userId = visitor.UserId;
        var ids = messageIds.ToList();
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var votes = await db.AiFeedback.AsNoTracking().Where(f => f.UserId == userId && ids.Contains(f.MessageId))
            .Select(f => new { f.MessageId, f.Rating }).ToListAsync(ct);
        return votes.ToDictionary(v => v.MessageId, v => v.Rating == FeedbackRating.Up ? Helpful : Unhelpful);
    }
}
