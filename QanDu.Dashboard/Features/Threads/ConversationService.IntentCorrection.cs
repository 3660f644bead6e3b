using Microsoft.EntityFrameworkCore;
using QanDu.Dashboard.Data;
using QanDu.Dashboard.Data.Entities;
using QanDu.Dashboard.Realtime;

namespace QanDu.Dashboard.Features.Threads;

public sealed partial class ConversationService
{
    /// <summary>
    /// Sets a message's intent by hand (the caller must see its thread) and records the correction for retraining, in
    /// one transaction; open threads get a MessageUpdated so the chip changes. The intent is checked by the caller.
    /// </summary>
    public async Task<MessageView> CorrectIntentAsync(ChatCaller caller, long messageId, string intent, CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var message = await db.RequireVisibleMessageAsync(caller, messageId, ct);
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
        await db.SaveChangesAsync(ct);
        var view = await ViewAsync(db, messageId, ct);
        events.Publish(new MessageUpdated(view));
        return view;
    }

    /// <summary>Every message's latest correction, as (text, intent): what the intent classifier learns from.</summary>
    public async Task<IReadOnlyList<(string Text, string Intent)>> IntentCorrectionsAsync(CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var rows = await db.IntentCorrections.AsNoTracking()
            .Where(c => !db.IntentCorrections.Any(later => later.MessageId == c.MessageId && later.Id > c.Id))
            .OrderBy(c => c.Id).Select(c => new { c.Text, c.Intent }).ToListAsync(ct);
        return [.. rows.Select(r => (r.Text, r.Intent))];
    }

    private static Task<string?> CorrectedTextAsync(ChatDbContext db, long messageId, CancellationToken ct) =>
        db.IntentCorrections.Where(c => c.MessageId == messageId).OrderByDescending(c => c.Id).Select(c => c.Text).FirstOrDefaultAsync(ct);
}
