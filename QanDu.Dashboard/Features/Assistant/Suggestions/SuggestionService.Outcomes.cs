using Microsoft.EntityFrameworkCore;
using QanDu.Dashboard.Data;
using QanDu.Dashboard.Data.Entities;
using QanDu.Dashboard.Features.Access;

namespace QanDu.Dashboard.Features.Assistant.Suggestions;

public sealed partial class SuggestionService
{
    /// <summary>The agent put the suggestion into the composer to edit it.</summary>
    public async Task InsertedAsync(ChatCaller caller, long suggestionId, CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var row = await OwnAsync(db, caller, suggestionId, ct);
        RequireOpen(row);
        Decide(row, SuggestionOutcome.Inserted);
        await db.SaveChangesAsync(ct);
    }

    /// <summary>
    /// The agent sent <paramref name="sentMessageId"/> from the suggestion: sent as is when the text is the suggestion's
    /// (ignoring surrounding spaces), edited otherwise.
    /// </summary>
    public async Task<SuggestionOutcome> SentAsync(ChatCaller caller, long suggestionId, long sentMessageId, CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var row = await OwnAsync(db, caller, suggestionId, ct);
        RequireOpen(row);
        var sent = await db.Messages.AsNoTracking()
            .Where(m => m.Id == sentMessageId && m.ThreadId == row.ThreadId && m.SenderId == caller.UserId && m.DeletedAt == null)
            .Select(m => m.Content).FirstOrDefaultAsync(ct)
            ?? throw new ChatValidationException("messageId", $"Message {sentMessageId} is not one you sent in this conversation.");
        Decide(row, sent.Trim() == row.Text.Trim() ? SuggestionOutcome.SentAsIs : SuggestionOutcome.Edited);
        row.SentMessageId = sentMessageId;
        await db.SaveChangesAsync(ct);
        return row.Outcome;
    }

    /// <summary>The agent dismissed these suggestions; ones already sent keep that outcome. Answers each one's outcome now.</summary>
    public async Task<IReadOnlyDictionary<long, SuggestionOutcome>> DismissAsync(ChatCaller caller, IReadOnlyCollection<long> suggestionIds,
        CancellationToken ct = default)
    {
        if (suggestionIds.Count == 0)
            return new Dictionary<long, SuggestionOutcome>();
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var rows = await db.AiSuggestions.Where(s => suggestionIds.Contains(s.Id) && s.UserId == caller.UserId).ToListAsync(ct);
        if (rows.Count != suggestionIds.Distinct().Count())
            throw new ChatNotFoundException($"Suggestion {suggestionIds.Except(rows.Select(r => r.Id)).First()}");
        foreach (var row in rows)
        {
            await RequireThreadAsync(db, caller, row, ct);
            if (row.Outcome is SuggestionOutcome.Shown or SuggestionOutcome.Inserted)
                Decide(row, SuggestionOutcome.Dismissed);
        }
        await db.SaveChangesAsync(ct);
        return rows.ToDictionary(r => r.Id, r => r.Outcome);
    }

    /// <summary>A suggestion shown to this caller, in a thread they may still see; otherwise not found.</summary>
    private static async Task<AiSuggestion> OwnAsync(ChatDbContext db, ChatCaller caller, long suggestionId, CancellationToken ct)
    {
        var row = await db.AiSuggestions.FirstOrDefaultAsync(s => s.Id == suggestionId && s.UserId == caller.UserId, ct)
                  ?? throw new ChatNotFoundException($"Suggestion {suggestionId}");
        await RequireThreadAsync(db, caller, row, ct);
        return row;
    }

    private static async Task RequireThreadAsync(ChatDbContext db, ChatCaller caller, AiSuggestion row, CancellationToken ct)
    {
        if (!await db.Threads.Visible(caller).AnyAsync(t => t.Id == row.ThreadId, ct))
            throw new ChatNotFoundException($"Suggestion {row.Id}");
    }

    private static void RequireOpen(AiSuggestion row)
    {
        if (row.Outcome is SuggestionOutcome.SentAsIs or SuggestionOutcome.Edited)
            throw new ChatValidationException("suggestionId", $"Suggestion {row.Id} was already sent.");
    }

    private void Decide(AiSuggestion row, SuggestionOutcome outcome)
    {
        row.Outcome = outcome;
        row.DecidedAt = clock.GetUtcNow().UtcDateTime;
    }
}
