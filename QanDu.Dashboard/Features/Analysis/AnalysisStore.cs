using Microsoft.EntityFrameworkCore;
using QanDu.Dashboard.Data;
using QanDu.Dashboard.Data.Entities;
using QanDu.Dashboard.Features.Access;
using QanDu.Dashboard.Features.Activity;
using QanDu.Dashboard.Features.Messages;
using QanDu.Dashboard.Realtime;

namespace QanDu.Dashboard.Features.Analysis;

/// <summary>
/// The only writer of a message's analysis (<c>metadata.analysis</c>) and of the IntentCorrections table. Writes go
/// through the message's concurrency token, so an edit or the assistant's reply store writing meanwhile is never
/// overwritten. Publishes <see cref="MessageUpdated"/> after each commit.
/// </summary>
public sealed class AnalysisStore(IDbContextFactory<ChatDbContext> dbFactory, IChatEvents events, TimeProvider clock)
{
    /// <summary>
    /// Stores the local analysis of a message, for the app's analysis (a <see cref="CallerKind.System"/> caller). Written
    /// only when the message still has the analysed text and the result changed, so an edit made meanwhile is never
    /// labelled with its old text and re-analysing an unchanged message writes nothing. Open threads get a MessageUpdated,
    /// unless publish is false (the start-up catch-up of older messages, which no open thread is waiting for).
    /// </summary>
    public async Task<bool> SetAnalysisAsync(
        ChatCaller caller, long messageId, string analysedContent, AnalysisMetadata analysis, bool publish = true, CancellationToken ct = default)
    {
        var changed = await MessageQueries.ChangeAsync(dbFactory,
            db => db.Messages.Where(m => m.Id == messageId && db.Threads.Visible(caller).Any(t => t.Id == m.ThreadId)).SingleOrDefaultAsync(ct),
            async (db, message) =>
            {
                if (message.DeletedAt != null || message.Content != analysedContent)
                    return false;
                var stored = analysis;
                if (message.Metadata?.Analysis is { IntentCorrected: true } corrected && await CorrectedTextAsync(db, messageId, ct) == analysedContent)
                    stored = analysis with { Intent = corrected.Intent, IntentCorrected = true }; // the agent's correction of this very text stands
                if (message.Metadata?.Analysis == stored)
                    return false;
                // A new metadata object, so the value comparer sees the change and the other parts (ai, system) are kept.
                message.Metadata = new MessageMetadata { Ai = message.Metadata?.Ai, System = message.Metadata?.System, Analysis = stored };
                await ConversationActivityLog.CopyAnalysisAsync(db, messageId, stored, ct);
                return true;
            }, ct);
        if (changed && publish)
            await PublishAsync(messageId, ct);
        return changed;
    }

    /// <summary>The newest messages from people that have no analysis yet (posted before analysis ran or while it was off); for the app's catch-up.</summary>
    internal async Task<IReadOnlyList<(long Id, string Content)>> UnanalysedMessagesAsync(int limit, CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var rows = await db.Database.SqlQuery<UnanalysedRow>(
                $"SELECT Id, Content FROM Messages WHERE SenderType = {(int)SenderType.User} AND DeletedAt IS NULL AND Content <> '' AND json_extract(Metadata, '$.analysis') IS NULL ORDER BY Id DESC LIMIT {limit}")
            .ToListAsync(ct);
        return [.. rows.Select(r => (r.Id, r.Content))];
    }

    /// <summary>The newest message's id (0 when there is none).</summary>
    internal async Task<long> LatestMessageIdAsync(CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        return await db.Messages.MaxAsync(m => (long?)m.Id, ct) ?? 0;
    }

    /// <summary>
    /// Messages from people without analysis from <paramref name="fromId"/> on, oldest first: what the analysis could not
    /// take as it arrived, for its catch-up in batches.
    /// </summary>
    internal async Task<IReadOnlyList<(long Id, long ThreadId, string Content)>> UnanalysedFromAsync(long fromId, int limit, CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var rows = await db.Database.SqlQuery<WaitingRow>(
                $"SELECT Id, ThreadId, Content FROM Messages WHERE Id >= {fromId} AND SenderType = {(int)SenderType.User} AND DeletedAt IS NULL AND Content <> '' AND json_extract(Metadata, '$.analysis') IS NULL ORDER BY Id LIMIT {limit}")
            .ToListAsync(ct);
        return [.. rows.Select(r => (r.Id, r.ThreadId, r.Content))];
    }

    /// <summary>The current text of messages from people (edited ones whose new text the analysis could not take as it arrived).</summary>
    internal async Task<IReadOnlyList<(long Id, long ThreadId, string Content)>> MessagesAsync(IReadOnlyList<long> ids, CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var rows = await db.Messages.AsNoTracking()
            .Where(m => ids.Contains(m.Id) && m.SenderType == SenderType.User && m.DeletedAt == null && m.Content != "")
            .OrderBy(m => m.Id).Select(m => new { m.Id, m.ThreadId, m.Content }).ToListAsync(ct);
        return [.. rows.Select(r => (r.Id, r.ThreadId, r.Content))];
    }

    /// <summary>
    /// Sets a message's intent by hand (the caller must see its thread) and records the correction for retraining, in
    /// one transaction; open threads get a MessageUpdated so the chip changes. The intent is checked by the caller.
    /// </summary>
    public async Task<MessageView> CorrectIntentAsync(ChatCaller caller, long messageId, string intent, CancellationToken ct = default)
    {
        caller.RequireStaff("Correcting a message's intent");
        await MessageQueries.ChangeAsync(dbFactory, async db => await db.RequireVisibleMessageAsync(caller, messageId, ct), async (db, message) =>
        {
            if (message.SenderType != SenderType.User || message.DeletedAt != null || string.IsNullOrWhiteSpace(message.Content))
                throw new ChatValidationException("messageId", $"Message {messageId} has no intent to correct: only people's messages with text are analysed.");
            var analysis = message.Metadata?.Analysis ?? new AnalysisMetadata(null, null, null);
            db.IntentCorrections.Add(new IntentCorrection
            {
                MessageId = messageId, Text = message.Content, PreviousIntent = analysis.Intent, Intent = intent,
                UserId = caller.UserId, CreatedAt = clock.GetUtcNow().UtcDateTime,
            });
            message.Metadata = new MessageMetadata
            {
                Ai = message.Metadata?.Ai, System = message.Metadata?.System, Analysis = analysis with { Intent = intent, IntentCorrected = true },
            };
            await ConversationActivityLog.CopyAnalysisAsync(db, messageId, message.Metadata.Analysis, ct);
            return true;
        }, ct);
        return MessageProjection.For(caller, await PublishAsync(messageId, ct));
    }

    /// <summary>
    /// What the shared intent classifier learns from: each text once, with the intent people agreed on. A text's correction
    /// counts when a supervisor or admin made it, or when <paramref name="peopleNeeded"/> different people corrected it to
    /// the same intent; one person alone, however many messages they correct, never changes everyone's classifier.
    /// </summary>
    internal async Task<IReadOnlyList<(string Text, string Intent)>> IntentCorrectionsAsync(int peopleNeeded, CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var rows = await db.IntentCorrections.AsNoTracking()
            .Where(c => !db.IntentCorrections.Any(later => later.MessageId == c.MessageId && later.Id > c.Id))
            .OrderBy(c => c.Id).Select(c => new { c.Id, c.Text, c.Intent, c.UserId }).ToListAsync(ct);
        var reviewers = (await db.UserRoles.Join(db.Roles, ur => ur.RoleId, r => r.Id, (ur, r) => new { ur.UserId, r.Name })
            .Where(r => r.Name == Roles.Supervisor || r.Name == Roles.Admin).Select(r => r.UserId).ToListAsync(ct)).ToHashSet();
        return [.. rows
            .GroupBy(r => (Text: SameText(r.Text), r.Intent))
            .Select(g => (g.Key, Text: g.Last().Text, LastId: g.Max(r => r.Id),
                People: g.Select(r => r.UserId).Distinct().Count(), Reviewed: g.Any(r => reviewers.Contains(r.UserId))))
            .Where(g => g.Reviewed || g.People >= peopleNeeded)
            // A text corrected to different intents by enough people: the reviewed one, then the most people, then the latest.
            .GroupBy(g => g.Key.Text)
            .Select(t => t.OrderByDescending(g => g.Reviewed).ThenByDescending(g => g.People).ThenByDescending(g => g.LastId).First())
            .OrderBy(g => g.LastId)
            .Select(g => (g.Text, g.Key.Intent))];
    }

    /// <summary>The same text however it was spaced or capitalised.</summary>
    private static string SameText(string text) =>
        string.Join(' ', text.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries)).ToLowerInvariant();

    private async Task<MessageView> PublishAsync(long messageId, CancellationToken ct)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var view = await MessageQueries.ViewAsync(db, messageId, ct);
        events.Publish(new MessageUpdated(MessageProjection.ToSnapshot(view)) { TextChanged = false }); // metadata only: no echo back into the analysis
        return view;
    }

    private static Task<string?> CorrectedTextAsync(ChatDbContext db, long messageId, CancellationToken ct) =>
        db.IntentCorrections.Where(c => c.MessageId == messageId).OrderByDescending(c => c.Id).Select(c => c.Text).FirstOrDefaultAsync(ct);

    private sealed class WaitingRow
    {
        public long Id { get; init; }
        public long ThreadId { get; init; }
        public string Content { get; init; } = "";
    }

    private sealed class UnanalysedRow
    {
        public long Id { get; init; }
        public string Content { get; init; } = "";
    }
}
