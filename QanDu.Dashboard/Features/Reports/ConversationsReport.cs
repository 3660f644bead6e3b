using Microsoft.EntityFrameworkCore;
using QanDu.Dashboard.Data;
using QanDu.Dashboard.Data.Entities;
using QanDu.Dashboard.Features.Access;

namespace QanDu.Dashboard.Features.Reports;

/// <summary>Conversations: new, resolved and reopened in the range, against the previous period; by channel.</summary>
public sealed class ConversationsReport(IDbContextFactory<ChatDbContext> dbFactory) : IReport
{
    public string Name => "conversations";

    public string Title => "Conversations";

    public async Task<ReportResult> RunAsync(ReportQuery query, CancellationToken ct)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var now = await CountsAsync(db, query, ct);
        var before = await CountsAsync(db, query.Previous, ct);
        var figures = new List<ReportFigure>
        {
            new("new", "New", now.GetValueOrDefault(ActivityKind.Created), before.GetValueOrDefault(ActivityKind.Created), ReportUnit.Count,
                ReportLinks.Drill(Name, "new", query)),
            new("resolved", "Resolved", now.GetValueOrDefault(ActivityKind.Resolved), before.GetValueOrDefault(ActivityKind.Resolved), ReportUnit.Count,
                ReportLinks.Drill(Name, "resolved", query)),
            new("reopened", "Reopened", now.GetValueOrDefault(ActivityKind.Reopened), before.GetValueOrDefault(ActivityKind.Reopened), ReportUnit.Count,
                ReportLinks.Drill(Name, "reopened", query)),
        };
        var (start, end) = query.UtcRange;
        var byChannel = await db.ConversationActivity
            .Where(a => a.Kind == ActivityKind.Created && a.At >= start && a.At < end)
            .GroupBy(a => a.ChannelId)
            .Select(g => new { ChannelId = g.Key, Count = g.Count() })
            .ToListAsync(ct);
        var names = await db.Channels.ToDictionaryAsync(c => c.Id, c => c.Name, ct);
        var table = new ReportTable("by-channel", "New conversations by channel", ReportChart.Bar,
            [new("channel", "Channel", ReportUnit.Text), new("new", "New", ReportUnit.Count)],
            [.. byChannel.OrderByDescending(c => c.Count).Select(c => new ReportRow(
                [ReportCell.Of(c.ChannelId is { } id ? names.GetValueOrDefault(id, $"Channel {id}") : "No channel"), new ReportCell(c.Count)]))]);
        return new ReportResult(Name, Title, query, figures, [table]);
    }

    public async Task<IReadOnlyList<long>> DrillAsync(string key, ReportQuery query, int limit, CancellationToken ct)
    {
        var kind = key switch
        {
            "new" => ActivityKind.Created,
            "resolved" => ActivityKind.Resolved,
            "reopened" => ActivityKind.Reopened,
            _ => throw new ChatValidationException("key", $"The conversations report has no figure '{key}'; figures: new, resolved, reopened."),
        };
        var (start, end) = query.UtcRange;
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        return await db.ConversationActivity.Where(a => a.Kind == kind && a.At >= start && a.At < end)
            .GroupBy(a => a.ThreadId).Select(g => new { ThreadId = g.Key, At = g.Max(a => a.At) })
            .OrderByDescending(g => g.At).Select(g => g.ThreadId).Take(limit).ToListAsync(ct);
    }

    private static async Task<Dictionary<ActivityKind, int>> CountsAsync(ChatDbContext db, ReportQuery query, CancellationToken ct)
    {
        var (start, end) = query.UtcRange;
        return await db.ConversationActivity
            .Where(a => (a.Kind == ActivityKind.Created || a.Kind == ActivityKind.Resolved || a.Kind == ActivityKind.Reopened) && a.At >= start && a.At < end)
            .GroupBy(a => a.Kind)
            .Select(g => new { g.Key, Count = g.Count() })
            .ToDictionaryAsync(g => g.Key, g => g.Count, ct);
    }
}
