using Microsoft.EntityFrameworkCore;
using QanDu.Dashboard.Data;
using QanDu.Dashboard.Data.Entities;
using QanDu.Dashboard.Features.Access;

namespace QanDu.Dashboard.Features.Reports;

/// <summary>
/// Conversations: new, resolved and reopened in the range against the previous period; by channel, team, label and agent
/// (the assignee at resolve); the busiest hours (new conversations by weekday × hour in the query's time zone).
/// Every figure counts facts of the activity log whose moment lies in the range: a conversation resolved twice counts
/// two resolves (its drill-down lists it once). Counts are aggregated in SQL on the (Kind, At) index; only the creation
/// moments are read for the heat map, since SQLite cannot convert time zones.
/// </summary>
public sealed class ConversationsReport(IDbContextFactory<ChatDbContext> dbFactory) : IReport
{
    /// <summary>The figures, by the fact each counts.</summary>
    private static readonly (string Key, string Label, ActivityKind Kind)[] Measures =
    [
        ("new", "New", ActivityKind.Created),
        ("resolved", "Resolved", ActivityKind.Resolved),
        ("reopened", "Reopened", ActivityKind.Reopened),
    ];

    /// <summary>The heat map's rows, Monday first (ISO 8601 weekday numbers 1–7 in drill keys).</summary>
    private static readonly DayOfWeek[] Weekdays =
        [DayOfWeek.Monday, DayOfWeek.Tuesday, DayOfWeek.Wednesday, DayOfWeek.Thursday, DayOfWeek.Friday, DayOfWeek.Saturday, DayOfWeek.Sunday];

    public string Name => "conversations";

    public string Title => "Conversations";

    public async Task<ReportResult> RunAsync(ReportQuery query, CancellationToken ct)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var now = await CountsAsync(db, query, ct);
        var before = await CountsAsync(db, query.Previous, ct);
        var figures = Measures.Select(m => new ReportFigure(m.Key, m.Label, now.GetValueOrDefault(m.Kind), before.GetValueOrDefault(m.Kind),
            ReportUnit.Count, ReportLinks.Drill(Name, m.Key, query))).ToList();

        var (start, end) = query.UtcRange;
        var facts = ReportFacts.Filtered(db, query).Where(a => a.At >= start && a.At < end
            && (a.Kind == ActivityKind.Created || a.Kind == ActivityKind.Resolved || a.Kind == ActivityKind.Reopened));
        var byChannel = await facts.GroupBy(a => new { a.ChannelId, a.Kind }).Select(g => new Grouped<long?>(g.Key.ChannelId, g.Key.Kind, g.Count())).ToListAsync(ct);
        var byTeam = await facts.GroupBy(a => new { a.TeamId, a.Kind }).Select(g => new Grouped<long?>(g.Key.TeamId, g.Key.Kind, g.Count())).ToListAsync(ct);
        var byLabel = await facts.Join(db.ThreadLabels, a => a.ThreadId, l => l.ThreadId, (a, l) => new { l.LabelId, a.Kind })
            .GroupBy(x => new { x.LabelId, x.Kind }).Select(g => new Grouped<long?>(g.Key.LabelId, g.Key.Kind, g.Count())).ToListAsync(ct);
        var byAgent = await facts.Where(a => a.Kind == ActivityKind.Resolved).GroupBy(a => a.UserId)
            .Select(g => new Grouped<string?>(g.Key, ActivityKind.Resolved, g.Count())).ToListAsync(ct);
        var created = await facts.Where(a => a.Kind == ActivityKind.Created).Select(a => a.At).ToListAsync(ct);

        var channels = await ReportFacts.ChannelNamesAsync(db, ct);
        var teams = await ReportFacts.TeamNamesAsync(db, ct);
        var labels = await ReportFacts.LabelNamesAsync(db, ct);
        var people = await ReportFacts.PeopleNamesAsync(db, byAgent.Where(a => a.Key != null).Select(a => a.Key!), ct);
        var tables = new List<ReportTable>
        {
            Breakdown("by-channel", "By channel", "Channel", "channel", byChannel, id => ReportFacts.NameOf(channels, id, "No channel", "Channel"), query),
            Breakdown("by-team", "By team", "Team", "team", byTeam, id => ReportFacts.NameOf(teams, id, "No team", "Team"), query),
            Breakdown("by-label", "By label (labels the conversation carries now)", "Label", "label", byLabel,
                id => ReportFacts.NameOf(labels, id, "No label", "Label"), query),
            new("by-agent", "Resolved by agent (the assignee at resolve)", ReportChart.Bar,
                [new("agent", "Agent", ReportUnit.Text), new("resolved", "Resolved", ReportUnit.Count)],
                [.. byAgent.OrderByDescending(a => a.Count).ThenBy(a => a.Key is null ? "\uffff" : people.GetValueOrDefault(a.Key, a.Key))
                    .Select(a => new ReportRow([
                        ReportCell.Of(a.Key is null ? "Unassigned" : people.GetValueOrDefault(a.Key, a.Key)),
                        new ReportCell(a.Count, Link: ReportLinks.Drill(Name, $"resolved:{ReportFacts.RowKey("agent", a.Key)}", query)),
                    ]))]),
            HeatMap(created, query),
        };
        return new ReportResult(Name, Title, query, figures, tables);
    }

    public async Task<IReadOnlyList<long>> DrillAsync(string key, ReportQuery query, int limit, CancellationToken ct)
    {
        var (start, end) = query.UtcRange;
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        if (key.StartsWith("hour:", StringComparison.Ordinal))
        {
            var (weekday, hour) = ParseHour(key);
            var zone = query.Zone;
            var created = await ReportFacts.InRange(db, query, ActivityKind.Created, start, end)
                .Select(a => new { a.ThreadId, a.At }).ToListAsync(ct);
            return [.. created.Where(c => ReportFacts.Local(c.At, zone) is var local && local.DayOfWeek == weekday && local.Hour == hour)
                .OrderByDescending(c => c.At).Select(c => c.ThreadId).Distinct().Take(limit)];
        }
        var parts = key.Split(':', 2);
        var measure = Measures.FirstOrDefault(m => m.Key == parts[0]);
        if (measure.Key is null)
            throw new ChatValidationException("key", $"The conversations report has no figure '{key}'; figures: new, resolved, reopened, hour:<weekday 1-7>-<hour 0-23>.");
        var facts = ReportFacts.InRange(db, query, measure.Kind, start, end);
        if (parts.Length == 2)
        {
            var (dimension, value) = ReportFacts.Row(parts[1], key);
            facts = dimension switch
            {
                "channel" => ReportFacts.Id(value, key) is { } channel ? facts.Where(a => a.ChannelId == channel) : facts.Where(a => a.ChannelId == null),
                "team" => ReportFacts.Id(value, key) is { } team ? facts.Where(a => a.TeamId == team) : facts.Where(a => a.TeamId == null),
                "label" => ReportFacts.Id(value, key) is { } label
                    ? facts.Where(a => db.ThreadLabels.Any(l => l.ThreadId == a.ThreadId && l.LabelId == label))
                    : facts.Where(a => !db.ThreadLabels.Any(l => l.ThreadId == a.ThreadId)),
                "agent" when measure.Kind == ActivityKind.Resolved => facts.Where(a => a.UserId == value),
                _ => throw new ChatValidationException("key", $"'{key}' is not a drill key of the conversations report."),
            };
        }
        return await facts.GroupBy(a => a.ThreadId).Select(g => new { ThreadId = g.Key, At = g.Max(a => a.At) })
            .OrderByDescending(g => g.At).ThenByDescending(g => g.ThreadId).Select(g => g.ThreadId).Take(limit).ToListAsync(ct);
    }

    private sealed record Grouped<TKey>(TKey Key, ActivityKind Kind, int Count);

    private static async Task<Dictionary<ActivityKind, int>> CountsAsync(ChatDbContext db, ReportQuery query, CancellationToken ct)
    {
        var (start, end) = query.UtcRange;
        return await ReportFacts.Filtered(db, query)
            .Where(a => (a.Kind == ActivityKind.Created || a.Kind == ActivityKind.Resolved || a.Kind == ActivityKind.Reopened) && a.At >= start && a.At < end)
            .GroupBy(a => a.Kind)
            .Select(g => new { g.Key, Count = g.Count() })
            .ToDictionaryAsync(g => g.Key, g => g.Count, ct);
    }

    /// <summary>New / resolved / reopened per row of a dimension, most new first; "none" rows (no channel, no team…) last.</summary>
    private ReportTable Breakdown(string key, string title, string label, string dimension, IReadOnlyList<Grouped<long?>> counts,
        Func<long?, string> nameOf, ReportQuery query)
    {
        var rows = counts.GroupBy(c => c.Key)
            .Select(g => (Id: g.Key, Counts: Measures.Select(m => g.Where(c => c.Kind == m.Kind).Sum(c => c.Count)).ToArray()))
            .OrderBy(r => r.Id is null)
            .ThenByDescending(r => r.Counts[0])
            .ThenBy(r => nameOf(r.Id), StringComparer.OrdinalIgnoreCase)
            .Select(r => new ReportRow([
                ReportCell.Of(nameOf(r.Id)),
                .. Measures.Select((m, i) => new ReportCell(r.Counts[i], Link: ReportLinks.Drill(Name, $"{m.Key}:{ReportFacts.RowKey(dimension, r.Id)}", query))),
            ]));
        return new ReportTable(key, title, ReportChart.Bar,
            [new(dimension, label, ReportUnit.Text), .. Measures.Select(m => new ReportColumn(m.Key, m.Label, ReportUnit.Count))], [.. rows]);
    }

    /// <summary>
    /// Busiest hours: 7 rows (Monday … Sunday) × 24 hour columns (00 … 23), new conversations by the local weekday and
    /// hour of their creation in the query's time zone. Cell drill key: <c>hour:&lt;ISO weekday 1-7&gt;-&lt;hour&gt;</c>.
    /// </summary>
    private ReportTable HeatMap(IEnumerable<DateTime> created, ReportQuery query)
    {
        var zone = query.Zone;
        var counts = new int[7, 24];
        foreach (var at in created)
        {
            var local = ReportFacts.Local(at, zone);
            counts[Array.IndexOf(Weekdays, local.DayOfWeek), local.Hour]++;
        }
        var rows = Weekdays.Select((day, d) => new ReportRow([
            ReportCell.Of(day.ToString()),
            .. Enumerable.Range(0, 24).Select(h => new ReportCell(counts[d, h], Link: ReportLinks.Drill(Name, $"hour:{d + 1}-{h}", query))),
        ]));
        return new ReportTable("busiest-hours", $"Busiest hours: new conversations by weekday and hour ({query.TimeZone})", ReportChart.HeatMap,
            [new("weekday", "Weekday", ReportUnit.Text), .. Enumerable.Range(0, 24).Select(h => new ReportColumn($"h{h:00}", $"{h:00}", ReportUnit.Count))],
            [.. rows]);
    }

    private static (DayOfWeek Weekday, int Hour) ParseHour(string key)
    {
        var parts = key["hour:".Length..].Split('-');
        if (parts.Length == 2 && int.TryParse(parts[0], out var day) && day is >= 1 and <= 7 && int.TryParse(parts[1], out var hour) && hour is >= 0 and <= 23)
            return (Weekdays[day - 1], hour);
        throw new ChatValidationException("key", $"'{key}' is not an hour of the heat map: hour:<weekday 1 (Monday) to 7>-<hour 0 to 23>.");
    }
}
