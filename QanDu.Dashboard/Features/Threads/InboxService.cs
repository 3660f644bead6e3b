using Microsoft.EntityFrameworkCore;
using QanDu.Dashboard.Data;
using QanDu.Dashboard.Data.Entities;
using QanDu.Dashboard.Features.Access;

namespace QanDu.Dashboard.Features.Threads;

/// <summary>The inbox's reads: the threads of one view with its filters, whether a thread belongs in it, and the counts.</summary>
public sealed class InboxService(IDbContextFactory<ChatDbContext> dbFactory)
{
    /// <summary>The threads of one inbox view with its filters, in the query's order.</summary>
    public async Task<IReadOnlyList<ThreadSummary>> GetThreadsAsync(ChatCaller caller, InboxQuery? query = null, CancellationToken ct = default)
    {
        query ??= InboxQuery.Default;
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        await ValidateAsync(db, query, ct);
        var threads = await ThreadSummaries.Query(db, Filter(db, caller, query), caller).ToListAsync(ct);
        var named = threads.ConvertAll(t => ThreadSummaries.For(caller, t));
        named.Sort(query.Compare);
        return named;
    }

    /// <summary>
    /// One thread as the given view shows it, or null when it does not belong in that view. A thread the caller
    /// may not see is not found. The live list asks this after every change, so it and the query never disagree.
    /// </summary>
    public async Task<ThreadSummary?> GetThreadInViewAsync(ChatCaller caller, InboxQuery query, long threadId, CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        await db.RequireVisibleAsync(caller, threadId, ct);
        var thread = await ThreadSummaries.Query(db, Filter(db, caller, query).Where(t => t.Id == threadId), caller).FirstOrDefaultAsync(ct);
        return thread is null ? null : ThreadSummaries.For(caller, thread);
    }

    public async Task<InboxCounts> GetInboxCountsAsync(ChatCaller caller, CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var visible = db.Threads.AsNoTracking().Visible(caller);
        var active = visible.Where(t => t.Status == ThreadStatus.Active);
        return new InboxCounts(
            await active.CountAsync(t => t.AssigneeId == caller.UserId, ct),
            await active.CountAsync(t => t.AssigneeId == null && t.Type != ThreadType.Ai, ct),
            await active.CountAsync(ct),
            await visible.CountAsync(t => t.Status == ThreadStatus.Archived, ct))
        {
            Pending = await visible.CountAsync(t => t.Status == ThreadStatus.Pending, ct),
            Snoozed = await visible.CountAsync(t => t.Status == ThreadStatus.Snoozed, ct),
        };
    }

    private static IQueryable<ChatThread> Filter(ChatDbContext db, ChatCaller caller, InboxQuery query)
    {
        var me = caller.UserId;
        var status = query.EffectiveStatus;
        var threads = db.Threads.AsNoTracking().Visible(caller).Where(t => t.Status == status);
        threads = query.View switch
        {
            InboxView.Mine => threads.Where(t => t.AssigneeId == me),
            // An AI thread is private to who asked and never assigned: it is nobody's work to pick up.
            InboxView.Unassigned => threads.Where(t => t.AssigneeId == null && t.Type != ThreadType.Ai),
            _ => threads,
        };
        if (query.Priority is { } priority)
            threads = threads.Where(t => t.Priority == priority);
        if (query.Type is { } type)
            threads = threads.Where(t => t.Type == type);
        if (query.LabelId is { } labelId)
            threads = threads.Where(t => t.Labels.Any(l => l.LabelId == labelId));
        if (query.TeamId is { } teamId)
            threads = threads.Where(t => t.TeamId == teamId);
        if (query.UnreadOnly)
            threads = threads.Where(t => db.Messages.Any(m => m.ThreadId == t.Id
                && m.SenderId != me
                && m.DeletedAt == null
                && m.Id > (db.ReadCursors.Where(c => c.ThreadId == t.Id && c.UserId == me)
                    .Select(c => (long?)c.LastReadMessageId).FirstOrDefault() ?? 0)));
        return threads;
    }

    private static async Task ValidateAsync(ChatDbContext db, InboxQuery query, CancellationToken ct)
    {
        var errors = new Dictionary<string, string[]>();
        if (!Enum.IsDefined(query.View))
            errors["view"] = ["View must be all, mine, unassigned or archived."];
        if (!Enum.IsDefined(query.Sort))
            errors["sort"] = ["Sort must be recent or waiting."];
        if (query.Status is { } status && !Enum.IsDefined(status))
            errors["status"] = ["Status must be active, archived, pending or snoozed."];
        if (query.Priority is { } priority && !Enum.IsDefined(priority))
            errors["priority"] = ["Priority must be low, normal, high or urgent."];
        if (query.Type is { } type && !Enum.IsDefined(type))
            errors["type"] = ["Type must be direct, group or ai."];
        if (query.LabelId is { } labelId && !await db.Labels.AnyAsync(l => l.Id == labelId, ct))
            errors["labelId"] = [$"Label {labelId} does not exist."];
        if (query.TeamId is { } teamId && !await db.Teams.AnyAsync(t => t.Id == teamId, ct))
            errors["teamId"] = [$"Team {teamId} does not exist."];
        if (errors.Count > 0)
            throw new ChatValidationException(errors);
    }
}
