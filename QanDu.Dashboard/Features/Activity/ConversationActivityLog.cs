using Microsoft.EntityFrameworkCore;
using QanDu.Dashboard.Data;
using QanDu.Dashboard.Data.Entities;

namespace QanDu.Dashboard.Features.Activity;

/// <summary>
/// The one set of rules for the activity log's rows (<see cref="ConversationActivity"/>): which message counts as what,
/// and the shape of each fact. Rows are added to the caller's unit of work, so a fact commits with its change or not at all.
/// </summary>
public static class ConversationActivityLog
{
    /// <summary>A fact about <paramref name="thread"/> with its channel and team as they are now.</summary>
    public static ConversationActivity Fact(ChatThread thread, ActivityKind kind, DateTime at, string? userId = null) => new()
    {
        Thread = thread.Id == 0 ? thread : null, // a conversation created in this commit has no id yet: EF links it
        ThreadId = thread.Id,
        Kind = kind,
        At = at,
        UserId = userId,
        ChannelId = thread.ChannelId,
        TeamId = thread.TeamId,
    };

    /// <summary>
    /// What a new message in a customer conversation counts as: the customer's message, a person's reply or the assistant's;
    /// null for private notes, system lines, and messages outside customer conversations.
    /// </summary>
    public static ActivityKind? KindOf(Message message, ChatThread thread, string? customerUserId)
    {
        if (thread.ContactId == null || message.IsPrivate || message.Type == MessageType.System)
            return null;
        return message.SenderType switch
        {
            SenderType.Ai => ActivityKind.AssistantReply,
            SenderType.User when message.SenderId != null && message.SenderId == customerUserId => ActivityKind.CustomerMessage,
            SenderType.User => ActivityKind.AgentReply,
            _ => null,
        };
    }

    /// <summary>Adds the fact of a message just inserted (it has its id) to <paramref name="db"/>'s unit of work, when it is one.</summary>
    public static void AddMessage(ChatDbContext db, Message message, ChatThread thread, string? customerUserId)
    {
        if (KindOf(message, thread, customerUserId) is not { } kind)
            return;
        var fact = Fact(thread, kind, message.Timestamp, kind == ActivityKind.CustomerMessage ? null : message.SenderId);
        fact.MessageId = message.Id;
        db.ConversationActivity.Add(fact);
    }

    /// <summary>
    /// Copies a customer message's analysis onto its fact (null clears it: the message was deleted), in the caller's unit of
    /// work, so the sentiment report reads the log alone. Messages outside customer conversations have no fact: nothing happens.
    /// </summary>
    public static async Task CopyAnalysisAsync(ChatDbContext db, long messageId, AnalysisMetadata? analysis, CancellationToken ct)
    {
        var fact = await db.ConversationActivity.FirstOrDefaultAsync(a => a.MessageId == messageId && a.Kind == ActivityKind.CustomerMessage, ct);
        if (fact is null)
            return;
        fact.Sentiment = analysis?.Sentiment;
        fact.SentimentScore = analysis?.SentimentScore;
        fact.Intent = analysis?.Intent;
    }

    /// <summary>The assistant handed <paramref name="threadId"/> to a person; in the caller's transaction.</summary>
    public static async Task AddHandOffAsync(ChatDbContext db, long threadId, string reason, DateTime at, CancellationToken ct)
    {
        var thread = await db.Threads.AsNoTracking().Where(t => t.Id == threadId).Select(t => new { t.ChannelId, t.TeamId }).SingleAsync(ct);
        db.ConversationActivity.Add(new ConversationActivity
        {
            ThreadId = threadId, Kind = ActivityKind.HandedOff, At = at, ChannelId = thread.ChannelId, TeamId = thread.TeamId, Detail = reason,
        });
    }

    /// <summary>The customer rated <paramref name="threadId"/>; in the caller's transaction.</summary>
    public static async Task AddRatingAsync(ChatDbContext db, long threadId, int rating, DateTime at, CancellationToken ct)
    {
        var thread = await db.Threads.AsNoTracking().Where(t => t.Id == threadId)
            .Select(t => new { t.ChannelId, t.TeamId, t.AssigneeId }).SingleAsync(ct);
        db.ConversationActivity.Add(new ConversationActivity
        {
            ThreadId = threadId, Kind = ActivityKind.Rated, At = at, ChannelId = thread.ChannelId, TeamId = thread.TeamId,
            UserId = thread.AssigneeId, Value = rating,
        });
    }

    /// <summary>The name of a metric in <see cref="ConversationActivity.Detail"/> of a breach: first-response, next-response, resolution.</summary>
    public static string MetricName(SlaMetric metric) => metric switch
    {
        SlaMetric.FirstResponse => "first-response",
        SlaMetric.NextResponse => "next-response",
        _ => "resolution",
    };
}
