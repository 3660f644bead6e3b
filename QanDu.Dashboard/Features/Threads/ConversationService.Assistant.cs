using Microsoft.EntityFrameworkCore;
using QanDu.Dashboard.Data.Entities;
using QanDu.Dashboard.Realtime;

namespace QanDu.Dashboard.Features.Threads;

/// <summary>The assistant's replies: created empty in status sending, grown while streaming, then finished once.</summary>
public sealed partial class ConversationService
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
        events.Publish(new MessageUpdated(message with { Content = ClipAi(text), Status = MessageStatus.Sending }));

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
        await _aiMetadataLock.WaitAsync(ct);
        try
        {
            await using var db = await dbFactory.CreateDbContextAsync(ct);
            var message = await db.Messages.Include(m => m.Attachments).SingleAsync(m => m.Id == messageId && m.SenderType == SenderType.Ai, ct);
            if (text is not null)
                message.Content = ClipAi(text);
            message.Status = status;
            ai = ai with { Tools = await ToolCardsAsync(db, messageId, ct) };
            message.Metadata = new MessageMetadata { Ai = ai, Analysis = message.Metadata?.Analysis, System = message.Metadata?.System };
            await UpdatePreviewIfLastAsync(db, message, ct);
            await db.SaveChangesAsync(ct);
            var view = await ViewAsync(db, messageId, ct);
            events.Publish(new MessageUpdated(view));
            return view;
        }
        finally
        {
            _aiMetadataLock.Release();
        }
    }

    /// <summary>Empties an AI message and puts it back to sending, so a retry regenerates into the same message.</summary>
    internal async Task<MessageView> RestartAiMessageAsync(long messageId, CancellationToken ct)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var message = await db.Messages.SingleAsync(m => m.Id == messageId && m.SenderType == SenderType.Ai, ct);
        await ExpirePendingApprovalsAsync(db, messageId, ct);
        message.Content = "";
        message.Status = MessageStatus.Sending;
        message.Metadata = new MessageMetadata { Analysis = message.Metadata?.Analysis, System = message.Metadata?.System };
        await db.SaveChangesAsync(ct);
        var view = await ViewAsync(db, messageId, ct);
        events.Publish(new MessageUpdated(view));
        return view;
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
        return await ViewAsync(db, messageId, ct);
    }

    /// <summary>AI replies that were still streaming when the app stopped: they are marked failed, with Retry.</summary>
    internal async Task<IReadOnlyList<long>> AbandonedAiMessagesAsync(CancellationToken ct)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        return await db.Messages.Where(m => m.SenderType == SenderType.Ai && m.Status == MessageStatus.Sending)
            .Select(m => m.Id).ToListAsync(ct);
    }

    private string ClipAi(string text)
    {
        var trimmed = text.Trim();
        return trimmed.Length <= options.Value.MaxMessageLength ? trimmed : trimmed[..(options.Value.MaxMessageLength - 1)] + "…";
    }
}
