using Microsoft.EntityFrameworkCore;

namespace QanDu.Dashboard.Features.Threads;

/// <summary>An earlier version of a message: the text as it was until <see cref="ReplacedAt"/>, and who replaced it.</summary>
public sealed record MessageVersionView(string Content, DateTime ReplacedAt, string ReplacedBy, bool Deleted);

public sealed partial class ConversationService
{
    /// <summary>
    /// Earlier versions of a message, newest first, for supervisors and admins (the audit trail). Others may see
    /// the thread but not this: a hidden thread is still not found, a visible one answers forbidden.
    /// </summary>
    public async Task<IReadOnlyList<MessageVersionView>> GetEditHistoryAsync(ChatCaller caller, long messageId, CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var message = await db.RequireVisibleMessageAsync(caller, messageId, ct);
        if (!caller.SeesAllThreads)
            throw new ChatForbiddenException("Only supervisors and admins can see earlier versions of a message.");
        var edits = await db.MessageEdits.AsNoTracking()
            .Where(e => e.MessageId == messageId)
            .OrderByDescending(e => e.Id)
            .Select(e => new
            {
                e.PreviousContent,
                e.EditedAt,
                Name = db.Users.Where(u => u.Id == e.EditedById).Select(u => u.DisplayName).FirstOrDefault(),
            })
            .ToListAsync(ct);
        // The newest entry of a deleted message is the deletion itself: its text is what was deleted.
        return edits.Select((e, i) => new MessageVersionView(e.PreviousContent, e.EditedAt, e.Name ?? "a removed user",
            i == 0 && message.DeletedAt is not null)).ToList();
    }
}
