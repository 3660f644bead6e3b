using Microsoft.EntityFrameworkCore;
using QanDu.Dashboard.Data;
using QanDu.Dashboard.Data.Entities;
using QanDu.Dashboard.Features.Assistant.Tools;
using QanDu.Dashboard.Realtime;

namespace QanDu.Dashboard.Features.Threads;

/// <summary>The approval cards on an AI message: always rebuilt from the <c>ToolApprovals</c> rows, one writer at a time.</summary>
public sealed partial class ConversationService
{
    // Cards and the finished reply both rewrite metadata.ai; serialized so neither overwrites the other with stale cards.
    private readonly SemaphoreSlim _aiMetadataLock = new(1, 1);

    /// <summary>Rebuilds the message's cards from its approvals and tells every circuit.</summary>
    internal async Task<MessageView> RefreshAiToolCardsAsync(long messageId, CancellationToken ct)
    {
        await _aiMetadataLock.WaitAsync(ct);
        try
        {
            await using var db = await dbFactory.CreateDbContextAsync(ct);
            var message = await db.Messages.SingleAsync(m => m.Id == messageId && m.SenderType == SenderType.Ai, ct);
            var ai = message.Metadata?.Ai ?? new AiMetadata(null, null, null);
            message.Metadata = new MessageMetadata
            {
                Ai = ai with { Tools = await ToolCardsAsync(db, messageId, ct) },
                Analysis = message.Metadata?.Analysis,
                System = message.Metadata?.System,
            };
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

    /// <summary>Pending changes asked for by an attempt that is being written again: they can no longer be approved.</summary>
    private static Task ExpirePendingApprovalsAsync(ChatDbContext db, long messageId, CancellationToken ct) =>
        db.ToolApprovals.Where(a => a.AiMessageId == messageId && a.Status == ToolApprovalStatus.Pending)
            .ExecuteUpdateAsync(s => s.SetProperty(a => a.Status, ToolApprovalStatus.Expired), ct);

    private static async Task<IReadOnlyList<AiToolCard>?> ToolCardsAsync(ChatDbContext db, long messageId, CancellationToken ct)
    {
        var approvals = await db.ToolApprovals.AsNoTracking().Where(a => a.AiMessageId == messageId).OrderBy(a => a.Id)
            .Select(a => new { a.Id, a.ToolName, a.ArgumentsJson, a.Status, a.Result, DecidedBy = db.Users.Where(u => u.Id == a.DecidedById).Select(u => u.DisplayName).FirstOrDefault() })
            .ToListAsync(ct);
        return approvals.Count == 0
            ? null
            : [.. approvals.Select(a => new AiToolCard(a.Id, a.ToolName, ToolDescriptions.Describe(a.ToolName, a.ArgumentsJson), a.Status, a.Result, a.DecidedBy))];
    }
}
