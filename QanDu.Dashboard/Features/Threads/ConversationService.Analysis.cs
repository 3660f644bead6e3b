using Microsoft.EntityFrameworkCore;
using QanDu.Dashboard.Data.Entities;
using QanDu.Dashboard.Realtime;

namespace QanDu.Dashboard.Features.Threads;

public sealed partial class ConversationService
{
    /// <summary>
    /// Stores the local analysis of a message (for the analysis service, not for callers acting as a user). Written only
    /// when the message still has the analysed text and the result changed, so an edit made meanwhile is never labelled
    /// with its old text and re-analysing an unchanged message writes nothing. Open threads get a MessageUpdated, unless
    /// publish is false (the start-up catch-up of older messages, which no open thread is waiting for).
    /// </summary>
    public async Task<bool> SetAnalysisAsync(long messageId, string analysedContent, AnalysisMetadata analysis, bool publish = true, CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var message = await db.Messages.SingleOrDefaultAsync(m => m.Id == messageId, ct);
        if (message is null || message.DeletedAt != null || message.Content != analysedContent)
            return false;
        if (message.Metadata?.Analysis is { IntentCorrected: true } corrected && await CorrectedTextAsync(db, messageId, ct) == analysedContent)
            analysis = analysis with { Intent = corrected.Intent, IntentCorrected = true }; // the agent's correction of this very text stands
        if (message.Metadata?.Analysis == analysis)
            return false;
        // A new metadata object, so the value comparer sees the change and the other parts (ai, system) are kept.
        message.Metadata = new MessageMetadata { Ai = message.Metadata?.Ai, System = message.Metadata?.System, Analysis = analysis };
        await db.SaveChangesAsync(ct);
        if (publish)
            events.Publish(new MessageUpdated(await ViewAsync(db, messageId, ct)));
        return true;
    }

    /// <summary>The newest messages from people that have no analysis yet (posted before analysis ran or while it was off).</summary>
    public async Task<IReadOnlyList<(long Id, string Content)>> UnanalysedMessagesAsync(int limit, CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var rows = await db.Database.SqlQuery<UnanalysedRow>(
                $"SELECT Id, Content FROM Messages WHERE SenderType = {(int)SenderType.User} AND DeletedAt IS NULL AND Content <> '' AND json_extract(Metadata, '$.analysis') IS NULL ORDER BY Id DESC LIMIT {limit}")
            .ToListAsync(ct);
        return [.. rows.Select(r => (r.Id, r.Content))];
    }

    private sealed class UnanalysedRow
    {
        public long Id { get; init; }
        public string Content { get; init; } = "";
    }

    /// <summary>Raises a thread's priority to <paramref name="to"/> if it is lower (never lowers it), for automatic rules.</summary>
    public async Task<bool> RaisePriorityAsync(long threadId, PriorityLevel to, CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var thread = await db.Threads.SingleOrDefaultAsync(t => t.Id == threadId, ct);
        if (thread is null || thread.Priority >= to)
            return false;
        thread.Priority = to;
        await db.SaveChangesAsync(ct);
        events.Publish(new ThreadChanged(threadId));
        return true;
    }
}
