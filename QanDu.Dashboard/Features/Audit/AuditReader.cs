using System.Runtime.CompilerServices;
using Microsoft.EntityFrameworkCore;
using QanDu.Dashboard.Data;
using QanDu.Dashboard.Features.Access;

namespace QanDu.Dashboard.Features.Audit;

/// <summary>
/// Reads the audit log for admins: pages by cursor, the actions and people that occur (for filters), and every matching
/// entry as a stream (for the CSV export, which is itself audited).
/// </summary>
public sealed class AuditReader(IDbContextFactory<ChatDbContext> dbFactory, AuditLog audit)
{
    public async Task<AuditPage> ReadAsync(ChatCaller caller, AuditQuery query, CancellationToken ct = default)
    {
        RequireAdmin(caller);
        query.Validate();
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var rows = await Filter(db, query).Take(query.Limit + 1).ToListAsync(ct);
        var more = rows.Count > query.Limit;
        var page = more ? rows[..query.Limit] : rows;
        return new AuditPage(page, more ? page[^1].Id : null);
    }

    /// <summary>Every action name in the log, for the filter's choices.</summary>
    public async Task<IReadOnlyList<string>> ActionsAsync(ChatCaller caller, CancellationToken ct = default)
    {
        RequireAdmin(caller);
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        return await db.AuditLog.Select(a => a.Action).Distinct().OrderBy(a => a).ToListAsync(ct);
    }

    /// <summary>
    /// Records the export (with its filters) first, so even an export cut short is on the record, then streams every
    /// matching entry in pages, newest first.
    /// </summary>
    public async IAsyncEnumerable<AuditEntryView> ExportAsync(ChatCaller caller, AuditActor actor, AuditQuery query,
        [EnumeratorCancellation] CancellationToken ct = default)
    {
        RequireAdmin(caller);
        (query with { Limit = 1 }).Validate();
        await audit.RecordAsync(actor, new AuditRecord("audit.exported", "audit", TargetName: "Audit log (CSV)",
            After: new { actor = query.ActorId, action = query.Action, from = query.From, to = query.To }), ct);
        var before = query.Before;
        while (true)
        {
            await using var db = await dbFactory.CreateDbContextAsync(ct);
            var page = await Filter(db, query with { Before = before }).Take(500).ToListAsync(ct);
            foreach (var entry in page)
                yield return entry;
            if (page.Count < 500)
                yield break;
            before = page[^1].Id;
        }
    }

    private static IQueryable<AuditEntryView> Filter(ChatDbContext db, AuditQuery query)
    {
        var entries = db.AuditLog.AsNoTracking();
        if (!string.IsNullOrWhiteSpace(query.ActorId))
            entries = entries.Where(a => a.ActorId == query.ActorId);
        if (query.Action?.Trim() is { Length: > 0 } action)
            entries = action.EndsWith('.')
                ? entries.Where(a => a.Action.StartsWith(action))
                : entries.Where(a => a.Action == action);
        if (query.From is { } from)
            entries = entries.Where(a => a.At >= from);
        if (query.To is { } to)
            entries = entries.Where(a => a.At < to);
        if (query.Before is { } before)
            entries = entries.Where(a => a.Id < before);
        return entries.OrderByDescending(a => a.Id).Select(a => new AuditEntryView(a.Id, a.At, a.ActorId, a.ActorName, a.Address,
            a.Action, a.TargetType, a.TargetId, a.TargetName, a.Before, a.After, a.Detail));
    }

    private static void RequireAdmin(ChatCaller caller)
    {
        if (!caller.IsAdmin)
            throw new ChatForbiddenException("Only admins read the audit log.");
    }
}
