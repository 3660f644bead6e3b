using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using QanDu.Dashboard.Data;
using QanDu.Dashboard.Data.Entities;
using QanDu.Dashboard.Features.Access;
using QanDu.Dashboard.Features.Assistant.Tools;
using QanDu.Dashboard.Features.Messages;
using QanDu.Dashboard.Realtime;

namespace QanDu.Dashboard.Features.Assistant;

/// <summary>
/// The only writer of the assistant's replies (their text, status and <c>metadata.ai</c>) and of the ToolApprovals
/// table. A reply is created empty in status sending, grows while streaming, then is finished once; its approval cards
/// are always rebuilt from the approvals. Writes to a reply go through the message's concurrency token, so a finished
/// reply and a refreshed card never overwrite each other with a stale copy.
/// </summary>
public sealed class AiReplyStore(
    IDbContextFactory<ChatDbContext> dbFactory,
    MessageWriter writer,
    IChatEvents events,
    TimeProvider clock,
    IOptions<MessageOptions> options)
{
    /// <summary>A new, empty AI message in status sending, posted through the writer like any message.</summary>
    internal async Task<MessageView> CreateAiMessageAsync(long threadId, string assistantName, CancellationToken ct)
    {
        var message = new Message
        {
            ThreadId = threadId,
            Content = "",
            Type = MessageType.Text,
            SenderName = assistantName,
            SenderType = SenderType.Ai,
            Status = MessageStatus.Sending,
            ClientKey = "ai-" + Guid.NewGuid().ToString("N"),
        };
        return (await writer.WriteAsync(message, ct)).Message;
    }

    /// <summary>Shows the text so far to every open circuit without a write: streaming publishes many times a second.</summary>
    internal void PublishAiProgress(MessageView message, string text) =>
        events.Publish(new MessageUpdated(MessageProjection.ToSnapshot(message with { Content = ClipAi(text), Status = MessageStatus.Sending })));

    /// <summary>Stores the text so far, every few seconds while streaming, so a crash loses little.</summary>
    internal async Task SaveAiProgressAsync(long messageId, string text, CancellationToken ct)
    {
        var content = ClipAi(text);
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        await db.Messages.Where(m => m.Id == messageId && m.SenderType == SenderType.Ai)
            .ExecuteUpdateAsync(s => s.SetProperty(m => m.Content, content), ct);
    }

    /// <summary>Stores the final text, status (sent or failed) and <c>metadata.ai</c> in one write, then tells every circuit.</summary>
    /// <remarks>A null <paramref name="text"/> keeps what was stored last (a reply interrupted by a restart).</remarks>
    internal async Task<MessageView> FinishAiMessageAsync(long messageId, string? text, MessageStatus status, AiMetadata ai, CancellationToken ct)
    {
        await ChangeAiMessageAsync(messageId, async (db, message) =>
        {
            if (text is not null)
                message.Content = ClipAi(text);
            message.Status = status;
            message.Metadata = new MessageMetadata
            {
                Ai = ai with { Tools = await ToolCardsAsync(db, messageId, ct) }, Analysis = message.Metadata?.Analysis, System = message.Metadata?.System,
            };
            await MessageQueries.UpdatePreviewIfLastAsync(db, message, ct);
        }, ct);
        return await PublishAsync(messageId, ct);
    }

    /// <summary>Empties an AI message and puts it back to sending, so a retry regenerates into the same message.</summary>
    internal async Task<MessageView> RestartAiMessageAsync(long messageId, CancellationToken ct)
    {
        await ChangeAiMessageAsync(messageId, async (db, message) =>
        {
            // Pending changes asked for by the attempt being written again can no longer be approved.
            await db.ToolApprovals.Where(a => a.AiMessageId == messageId && a.Status == ToolApprovalStatus.Pending)
                .ExecuteUpdateAsync(s => s.SetProperty(a => a.Status, ToolApprovalStatus.Expired), ct);
            message.Content = "";
            message.Status = MessageStatus.Sending;
            message.Metadata = new MessageMetadata { Analysis = message.Metadata?.Analysis, System = message.Metadata?.System };
        }, ct);
        return await PublishAsync(messageId, ct);
    }

    /// <summary>
    /// An AI message the caller may act on (stop, retry): it must be in a thread they can see and they must take
    /// part in it; a supervisor only looking on watches, they do not steer someone else's assistant.
    /// </summary>
    internal async Task<MessageView> RequireOwnAiMessageAsync(ChatCaller caller, long messageId, CancellationToken ct)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var message = await db.RequireVisibleMessageAsync(caller, messageId, ct);
        if (message.SenderType != SenderType.Ai)
            throw new ChatValidationException("messageId", $"Message {messageId} is not a reply from the assistant.");
        if (!await db.Participants.AnyAsync(p => p.ThreadId == message.ThreadId && p.UserId == caller.UserId, ct))
            throw new ChatForbiddenException("Only people in this conversation can stop or retry the assistant.");
        return await MessageQueries.ViewAsync(db, messageId, ct);
    }

    /// <summary>The reply as stored, whole (the progress the stream shows must carry its approval cards).</summary>
    internal async Task<MessageView> ReadAsync(long messageId, CancellationToken ct)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        return await MessageQueries.ViewAsync(db, messageId, ct);
    }

    /// <summary>The reply recorded with question <paramref name="questionId"/> (<see cref="PendingAiReplies"/>), while it waits to be written.</summary>
    internal async Task<long?> PendingReplyIdAsync(long threadId, long questionId, CancellationToken ct)
    {
        var key = PendingAiReplies.KeyFor(questionId);
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        return await db.Messages.Where(m => m.ClientKey == key && m.ThreadId == threadId && m.SenderType == SenderType.Ai && m.Status == MessageStatus.Sending)
            .Select(m => (long?)m.Id).FirstOrDefaultAsync(ct);
    }

    /// <summary>
    /// AI replies in staff threads that were still streaming when the app stopped: they are marked failed, with Retry.
    /// Replies to customers are not among them: the customer assistant writes those again (<see cref="PendingCustomerRepliesAsync"/>).
    /// </summary>
    internal async Task<IReadOnlyList<long>> AbandonedAiMessagesAsync(CancellationToken ct)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        return await db.Messages.Where(m => m.SenderType == SenderType.Ai && m.Status == MessageStatus.Sending && m.Thread!.ContactId == null)
            .Select(m => m.Id).ToListAsync(ct);
    }

    /// <summary>Replies to customers still to write (recorded with the customer's message, or interrupted by a restart), oldest first.</summary>
    internal async Task<IReadOnlyList<(long Id, long ThreadId, string? ClientKey)>> PendingCustomerRepliesAsync(CancellationToken ct)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var rows = await db.Messages.Where(m => m.SenderType == SenderType.Ai && m.Status == MessageStatus.Sending && m.Thread!.ContactId != null)
            .OrderBy(m => m.Id).Select(m => new { m.Id, m.ThreadId, m.ClientKey }).ToListAsync(ct);
        return [.. rows.Select(r => (r.Id, r.ThreadId, r.ClientKey))];
    }

    /// <summary>
    /// Withdraws an empty pending reply nobody needs any more (a person took the conversation before it was written): it
    /// is deleted, so neither the customer nor the team sees an empty message. False when it had text or was finished.
    /// </summary>
    internal async Task<bool> DiscardPendingAsync(long messageId, CancellationToken ct)
    {
        var now = clock.GetUtcNow().UtcDateTime;
        await using (var db = await dbFactory.CreateDbContextAsync(ct))
        {
            var discarded = await db.Messages.Where(m => m.Id == messageId && m.SenderType == SenderType.Ai && m.Status == MessageStatus.Sending && m.Content == "")
                .ExecuteUpdateAsync(s => s.SetProperty(m => m.Status, MessageStatus.Sent).SetProperty(m => m.DeletedAt, now), ct);
            if (discarded == 0)
                return false;
        }
        await PublishAsync(messageId, ct);
        return true;
    }

    /// <summary>Records a pending change the assistant asked for while writing <paramref name="aiMessageId"/>, and shows its card.</summary>
    internal async Task<ToolApproval> RequestApprovalAsync(AssistantRequest request, long aiMessageId, string toolName,
        IReadOnlyDictionary<string, string> arguments, string? callId, CancellationToken ct)
    {
        var approval = new ToolApproval
        {
            ThreadId = request.ThreadId,
            AiMessageId = aiMessageId,
            RequestedById = request.Requester.UserId,
            ToolName = toolName,
            ArgumentsJson = JsonSerializer.Serialize(arguments),
            CallId = callId,
            Status = ToolApprovalStatus.Pending,
            CreatedAt = clock.GetUtcNow().UtcDateTime,
        };
        await using (var db = await dbFactory.CreateDbContextAsync(ct))
        {
            db.ToolApprovals.Add(approval);
            await db.SaveChangesAsync(ct);
        }
        await RefreshAiToolCardsAsync(aiMessageId, ct);
        return approval;
    }

    /// <summary>
    /// Claims a pending approval for one decision in one conditional update, so a second click or a stale card can never
    /// decide it twice; false when it was already decided (the status returned says how).
    /// </summary>
    internal async Task<(bool Claimed, ToolApprovalStatus Current)> ClaimApprovalAsync(
        ChatCaller decider, long approvalId, ToolApprovalStatus decision, CancellationToken ct)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var now = clock.GetUtcNow().UtcDateTime;
        var claimed = await db.ToolApprovals.Where(a => a.Id == approvalId && a.Status == ToolApprovalStatus.Pending)
            .ExecuteUpdateAsync(s => s.SetProperty(a => a.Status, decision).SetProperty(a => a.DecidedById, decider.UserId)
                .SetProperty(a => a.DecidedAt, now), ct);
        if (claimed > 0)
            return (true, decision);
        return (false, await db.ToolApprovals.AsNoTracking().Where(a => a.Id == approvalId).Select(a => a.Status).SingleAsync(ct));
    }

    /// <summary>How an approved change's run ended (ran or failed), with what it said. Not cancellable: the run happened.</summary>
    internal async Task RecordRunAsync(long approvalId, bool ran, string result)
    {
        await using var db = await dbFactory.CreateDbContextAsync(CancellationToken.None);
        await db.ToolApprovals.Where(a => a.Id == approvalId).ExecuteUpdateAsync(s => s
            .SetProperty(a => a.Status, ran ? ToolApprovalStatus.Ran : ToolApprovalStatus.Failed)
            .SetProperty(a => a.Result, result), CancellationToken.None);
    }

    /// <summary>Rebuilds the message's cards from its approvals and tells every circuit.</summary>
    internal async Task<MessageView> RefreshAiToolCardsAsync(long messageId, CancellationToken ct)
    {
        await ChangeAiMessageAsync(messageId, async (db, message) =>
        {
            var ai = message.Metadata?.Ai ?? new AiMetadata(null, null, null);
            message.Metadata = new MessageMetadata
            {
                Ai = ai with { Tools = await ToolCardsAsync(db, messageId, ct) }, Analysis = message.Metadata?.Analysis, System = message.Metadata?.System,
            };
        }, ct);
        return await PublishAsync(messageId, ct);
    }

    private async Task ChangeAiMessageAsync(long messageId, Func<ChatDbContext, Message, Task> change, CancellationToken ct)
    {
        var found = await MessageQueries.ChangeAsync(dbFactory,
            db => db.Messages.Include(m => m.Attachments).SingleOrDefaultAsync(m => m.Id == messageId && m.SenderType == SenderType.Ai, ct),
            async (db, message) =>
            {
                await change(db, message);
                return true;
            }, ct);
        if (!found)
            throw new InvalidOperationException($"Message {messageId} is not a reply from the assistant.");
    }

    private async Task<MessageView> PublishAsync(long messageId, CancellationToken ct)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var view = await MessageQueries.ViewAsync(db, messageId, ct);
        events.Publish(new MessageUpdated(MessageProjection.ToSnapshot(view)));
        return view;
    }

    private static async Task<IReadOnlyList<AiToolCard>?> ToolCardsAsync(ChatDbContext db, long messageId, CancellationToken ct)
    {
        var approvals = await db.ToolApprovals.AsNoTracking().Where(a => a.AiMessageId == messageId).OrderBy(a => a.Id)
            .Select(a => new { a.Id, a.ToolName, a.ArgumentsJson, a.Status, a.Result, DecidedBy = db.Users.Where(u => u.Id == a.DecidedById).Select(u => u.DisplayName).FirstOrDefault() })
            .ToListAsync(ct);
        return approvals.Count == 0
            ? null
            : [.. approvals.Select(a => new AiToolCard(a.Id, a.ToolName, ToolDescriptions.Describe(a.ToolName, a.ArgumentsJson), a.Status, a.Result, a.DecidedBy))];
    }

    private string ClipAi(string text) => MessageRules.ClipAi(text, options.Value.MaxMessageLength);
}
