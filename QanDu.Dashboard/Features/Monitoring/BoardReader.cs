using Microsoft.EntityFrameworkCore;
using QanDu.Dashboard.Data;
using QanDu.Dashboard.Data.Entities;
using QanDu.Dashboard.Features.Channels;

namespace QanDu.Dashboard.Features.Monitoring;

/// <summary>A channel as the board needs it: its name, business hours and zone.</summary>
internal sealed record BoardChannel(long Id, string Name, IReadOnlyList<BusinessHoursSlot> Hours, TimeZoneInfo Zone);

/// <summary>A person of the team (anyone with a staff role, not deactivated).</summary>
internal sealed record BoardStaff(string UserId, string Name, int? Capacity);

/// <summary>What the board reads once and again only when it changes: policies, channels, teams, staff.</summary>
internal sealed record BoardReference(
    IReadOnlyList<SlaPolicy> Policies,
    IReadOnlyDictionary<long, BoardChannel> Channels,
    IReadOnlyDictionary<long, string> Teams,
    IReadOnlyList<BoardStaff> Staff);

/// <summary>
/// The board's reads: the first load of every open customer conversation (from Threads and the activity log), one
/// conversation again after it changed, and the reference data. Each read is a fixed number of queries.
/// </summary>
internal sealed class BoardReader(IDbContextFactory<ChatDbContext> dbFactory)
{
    private static readonly ActivityKind[] ClockKinds =
        [ActivityKind.Created, ActivityKind.CustomerMessage, ActivityKind.AgentReply, ActivityKind.Resolved, ActivityKind.Reopened, ActivityKind.HandedOff];

    private sealed record Row(long Id, ThreadStatus Status, PriorityLevel Priority, long? ChannelId, long? TeamId, string? AssigneeId,
        DateTime CreatedAt, DateTime? SnoozedUntil, long? ContactId, string? CustomerName, string? CustomerEmail, string? CustomerUserId);

    /// <summary>Every open customer conversation (active, pending, snoozed) with its facts and its customer's last analysed messages.</summary>
    public async Task<List<BoardEntry>> LoadOpenAsync(CancellationToken ct)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var open = db.Threads.Where(t => t.ContactId != null && t.Status != ThreadStatus.Archived);
        var rows = await Select(db, open).ToListAsync(ct);
        var labels = await db.ThreadLabels.Where(l => open.Any(t => t.Id == l.ThreadId)).Select(l => new { l.ThreadId, l.LabelId }).ToListAsync(ct);
        var facts = await db.ConversationActivity.AsNoTracking()
            .Where(a => ClockKinds.Contains(a.Kind) && open.Any(t => t.Id == a.ThreadId)).ToListAsync(ct);
        var labelsOf = labels.ToLookup(l => l.ThreadId, l => l.LabelId);
        var factsOf = facts.ToLookup(f => f.ThreadId);
        var entries = rows.Select(r => ToEntry(r, labelsOf[r.Id].ToList(), factsOf[r.Id])).ToList();
        await LoadAnalysisAsync(db, entries, factsOf, ct);
        return entries;
    }

    /// <summary>One conversation again: null when it is resolved or not a customer conversation (IsCustomer false: it never will be).</summary>
    public async Task<(BoardEntry? Entry, bool IsCustomer)> LoadOneAsync(long threadId, CancellationToken ct)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var row = await Select(db, db.Threads.Where(t => t.Id == threadId)).SingleOrDefaultAsync(ct);
        if (row is null || row.ContactId is null)
            return (null, false);
        if (row.Status == ThreadStatus.Archived)
            return (null, true);
        var labels = await db.ThreadLabels.Where(l => l.ThreadId == threadId).Select(l => l.LabelId).ToListAsync(ct);
        var facts = await db.ConversationActivity.AsNoTracking().Where(a => a.ThreadId == threadId && ClockKinds.Contains(a.Kind)).ToListAsync(ct);
        var entry = ToEntry(row, labels, facts);
        await LoadAnalysisAsync(db, [entry], facts.ToLookup(f => f.ThreadId), ct);
        return (entry, true);
    }

    public async Task<BoardReference> LoadReferenceAsync(CancellationToken ct)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var policies = await db.SlaPolicies.AsNoTracking().ToListAsync(ct);
        var channels = await db.Channels.AsNoTracking().ToListAsync(ct);
        var teams = await db.Teams.AsNoTracking().Select(t => new { t.Id, t.Name }).ToListAsync(ct);
        var staff = await db.Users.AsNoTracking()
            .Where(u => u.DeactivatedAt == null && db.UserRoles.Any(r => r.UserId == u.Id))
            .OrderBy(u => u.DisplayName)
            .Select(u => new BoardStaff(u.Id, u.DisplayName, u.MaxOpenConversations))
            .ToListAsync(ct);
        return new BoardReference(
            policies,
            channels.ToDictionary(c => c.Id, c => new BoardChannel(c.Id, c.Name, c.BusinessHours, ChannelHours.ZoneOf(c))),
            teams.ToDictionary(t => t.Id, t => t.Name),
            staff);
    }

    private static IQueryable<Row> Select(ChatDbContext db, IQueryable<ChatThread> threads) =>
        from t in threads.AsNoTracking()
        join c in db.Contacts on t.ContactId equals (long?)c.Id into contacts
        from c in contacts.DefaultIfEmpty()
        select new Row(t.Id, t.Status, t.Priority, t.ChannelId, t.TeamId, t.AssigneeId, t.CreatedAt, t.SnoozedUntil, t.ContactId,
            c == null ? null : c.Name, c == null ? null : c.Email, c == null ? null : c.UserId);

    private static BoardEntry ToEntry(Row row, IReadOnlyCollection<long> labels, IEnumerable<ConversationActivity> facts)
    {
        var entry = new BoardEntry(row.Id)
        {
            Customer = row.CustomerName ?? row.CustomerEmail ?? $"Visitor #{row.ContactId}",
            CustomerUserId = row.CustomerUserId,
            Status = row.Status,
            Priority = row.Priority,
            ChannelId = row.ChannelId,
            TeamId = row.TeamId,
            AssigneeId = row.AssigneeId,
            CreatedAt = row.CreatedAt,
            SnoozedUntil = row.SnoozedUntil,
            LabelIds = labels,
        };
        entry.SetFacts(facts);
        return entry;
    }

    /// <summary>The analysis of the last few customer messages of each conversation (one query for all).</summary>
    private static async Task LoadAnalysisAsync(ChatDbContext db, IReadOnlyList<BoardEntry> entries, ILookup<long, ConversationActivity> factsOf, CancellationToken ct)
    {
        var wanted = entries
            .SelectMany(e => factsOf[e.ThreadId].Where(f => f.Kind == ActivityKind.CustomerMessage && f.MessageId != null)
                .OrderByDescending(f => f.MessageId).Take(5).Select(f => (e.ThreadId, MessageId: f.MessageId!.Value)))
            .ToList();
        if (wanted.Count == 0)
            return;
        var ids = wanted.Select(w => w.MessageId).ToList();
        var analysed = await db.Messages.AsNoTracking().Where(m => ids.Contains(m.Id) && m.Metadata != null)
            .Select(m => new { m.Id, m.ThreadId, m.Metadata }).ToListAsync(ct);
        var byThread = entries.ToDictionary(e => e.ThreadId);
        foreach (var message in analysed)
            if (byThread.TryGetValue(message.ThreadId, out var entry))
                entry.SetAnalysis(message.Id, message.Metadata!.Analysis);
    }
}
