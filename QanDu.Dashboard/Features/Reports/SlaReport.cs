using Microsoft.EntityFrameworkCore;
using QanDu.Dashboard.Data;
using QanDu.Dashboard.Data.Entities;
using QanDu.Dashboard.Features.Access;
using QanDu.Dashboard.Features.Sla;

namespace QanDu.Dashboard.Features.Reports;

/// <summary>
/// SLA compliance: the share of SLA targets met among those that fell due in the range (see <see cref="SlaEvaluation"/>),
/// per policy, metric, agent and team, and breaches per day — against the previous period.
/// </summary>
public sealed class SlaReport(IDbContextFactory<ChatDbContext> dbFactory, SlaTargetRollup rollup, TimeProvider clock) : IReport
{
    public string Name => "sla";

    public string Title => "SLA compliance";

    public async Task<ReportResult> RunAsync(ReportQuery query, CancellationToken ct)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var moment = clock.GetUtcNow().UtcDateTime;
        var now = await SlaEvaluation.DecidedAsync(db, rollup, query, moment, ct);
        var before = await SlaEvaluation.DecidedAsync(db, rollup, query.Previous, moment, ct);
        var (start, end) = query.UtcRange;
        var recorded = ReportScope.Facts(db, query, ActivityKind.SlaBreached, start, end);
        var (prevStart, prevEnd) = query.Previous.UtcRange;
        var figures = new List<ReportFigure>
        {
            new("compliance", "SLA met", Compliance(now), Compliance(before), ReportUnit.Percent, ReportLinks.Drill(Name, "missed", query)),
            new("met", "Targets met", now.Count(o => o.Met), before.Count(o => o.Met), ReportUnit.Count, ReportLinks.Drill(Name, "met", query)),
            new("missed", "Targets missed", now.Count(o => !o.Met), before.Count(o => !o.Met), ReportUnit.Count, ReportLinks.Drill(Name, "missed", query)),
            new("recorded", "Breaches recorded on conversations", await recorded.CountAsync(ct),
                await ReportScope.Facts(db, query, ActivityKind.SlaBreached, prevStart, prevEnd).CountAsync(ct), ReportUnit.Count,
                ReportLinks.Drill(Name, "recorded", query)),
        };
        var policies = now.GroupBy(o => o.Policy.Id).Select(g => (Key: $"policy-{g.Key}", Name: g.First().Policy.Name, List: g.ToList()));
        var metrics = Enum.GetValues<SlaMetric>().Select(m => (Key: SlaEvaluation.MetricName(m), Name: SlaEvaluation.MetricLabel(m), List: now.Where(o => o.Metric == m).ToList()));
        var agentNames = await NamesAsync(db, now.Select(o => o.AgentId).OfType<string>().Distinct().ToList(), ct);
        var agents = now.GroupBy(o => o.AgentId ?? "").Select(g => (Key: g.Key == "" ? "agent-none" : $"agent-{g.Key}",
            Name: g.Key == "" ? "Unassigned" : agentNames.GetValueOrDefault(g.Key) ?? "Removed user", List: g.ToList()));
        var teamNames = await db.Teams.AsNoTracking().ToDictionaryAsync(t => t.Id, t => t.Name, ct);
        var teams = now.GroupBy(o => o.TeamId ?? 0).Select(g => (Key: g.Key == 0 ? "team-none" : $"team-{g.Key}",
            Name: g.Key == 0 ? "No team" : teamNames.GetValueOrDefault(g.Key) ?? $"Team {g.Key}", List: g.ToList()));
        var buckets = ReportBuckets.Of(query);
        var perDay = new int[buckets.Count];
        foreach (var missed in now.Where(o => !o.Met))
        {
            if (ReportBuckets.IndexOf(buckets, missed.DueAt) is var i and >= 0)
                perDay[i]++;
        }
        var tables = new List<ReportTable>
        {
            Compliance(query, "by-policy", "By policy", "Policy", policies.OrderBy(p => p.Name, StringComparer.CurrentCultureIgnoreCase)),
            Compliance(query, "by-metric", "By metric", "Metric", metrics),
            Compliance(query, "by-agent", "By agent", "Agent", agents.OrderBy(a => a.Name, StringComparer.CurrentCultureIgnoreCase)),
            Compliance(query, "by-team", "By team", "Team", teams.OrderBy(t => t.Name, StringComparer.CurrentCultureIgnoreCase)),
            new("breaches-per-day", buckets.Count > 0 && query.Days > ReportBuckets.WeeklyAfterDays ? "Breaches per week" : "Breaches per day", ReportChart.Line,
                [new("day", "Day", ReportUnit.Text), new("missed", "Targets missed", ReportUnit.Count)],
                [.. buckets.Select((b, i) => new ReportRow([ReportCell.Of(b.Label),
                    new ReportCell(perDay[i], null, ReportLinks.Drill(Name, $"missed:day-{ReportBuckets.Key(b)}", query))]))]),
        };
        return new ReportResult(Name, Title, query, figures, tables);
    }

    /// <summary>
    /// Keys: met, missed, recorded (conversations with a breach recorded in the range); met and missed narrowed by
    /// <c>:policy-{id}</c>, <c>:first-response</c> / <c>:next-response</c> / <c>:resolution</c>, <c>:agent-{id}</c>
    /// (<c>agent-none</c>), <c>:team-{id}</c> (<c>team-none</c>) or <c>:day-{yyyy-MM-dd}</c> (the first day of its bucket).
    /// </summary>
    public async Task<IReadOnlyList<long>> DrillAsync(string key, ReportQuery query, int limit, CancellationToken ct)
    {
        var parts = key.Split(':', 2);
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        if (parts is ["recorded"])
        {
            var (start, end) = query.UtcRange;
            return await ReportScope.Facts(db, query, ActivityKind.SlaBreached, start, end).GroupBy(a => a.ThreadId)
                .Select(g => new { ThreadId = g.Key, At = g.Max(a => a.At) }).OrderByDescending(g => g.At).Select(g => g.ThreadId).Take(limit).ToListAsync(ct);
        }
        if (parts[0] is not ("met" or "missed"))
            throw Unknown(key);
        var outcomes = (await SlaEvaluation.DecidedAsync(db, rollup, query, clock.GetUtcNow().UtcDateTime, ct)).Where(o => o.Met == (parts[0] == "met"));
        if (parts.Length == 2)
            outcomes = outcomes.Where(Filter(parts[1], query) ?? throw Unknown(key));
        return [.. outcomes.OrderByDescending(o => o.DueAt).Select(o => o.ThreadId).Distinct().Take(limit)];
    }

    private static Func<SlaOutcome, bool>? Filter(string part, ReportQuery query)
    {
        if (part == "agent-none")
            return o => o.AgentId is null;
        if (part == "team-none")
            return o => o.TeamId is null;
        if (part.StartsWith("agent-", StringComparison.Ordinal))
            return o => o.AgentId == part["agent-".Length..];
        if (part.StartsWith("policy-", StringComparison.Ordinal) && long.TryParse(part["policy-".Length..], out var policy))
            return o => o.Policy.Id == policy;
        if (part.StartsWith("team-", StringComparison.Ordinal) && long.TryParse(part["team-".Length..], out var team))
            return o => o.TeamId == team;
        if (part.StartsWith("day-", StringComparison.Ordinal) && DateOnly.TryParseExact(part["day-".Length..], "yyyy-MM-dd", out var day))
        {
            var bucket = ReportBuckets.Of(query).FirstOrDefault(b => b.Start == day);
            return bucket is null ? null : o => o.DueAt >= bucket.StartUtc && o.DueAt < bucket.EndUtc;
        }
        return Enum.GetValues<SlaMetric>().Where(m => SlaEvaluation.MetricName(m) == part).Select(m => (Func<SlaOutcome, bool>)(o => o.Metric == m)).FirstOrDefault();
    }

    private static ChatValidationException Unknown(string key) => new("key",
        $"The SLA report has no figure '{key}'; figures: met, missed, recorded; met and missed narrowed by ':policy-{{id}}', ':first-response', ':next-response', ':resolution', ':agent-{{id}}', ':team-{{id}}' or ':day-{{yyyy-MM-dd}}'.");

    private ReportTable Compliance(ReportQuery query, string key, string title, string category, IEnumerable<(string Key, string Name, List<SlaOutcome> List)> groups) =>
        new(key, title, ReportChart.Bar,
        [
            new("name", category, ReportUnit.Text),
            new("compliance", "Met", ReportUnit.Percent),
            new("met", "Targets met", ReportUnit.Count),
            new("missed", "Targets missed", ReportUnit.Count),
        ],
        [.. groups.Select(g => new ReportRow(
        [
            ReportCell.Of(g.Name),
            new ReportCell(Compliance(g.List), null, ReportLinks.Drill(Name, $"missed:{g.Key}", query)),
            new ReportCell(g.List.Count(o => o.Met), null, ReportLinks.Drill(Name, $"met:{g.Key}", query)),
            new ReportCell(g.List.Count(o => !o.Met), null, ReportLinks.Drill(Name, $"missed:{g.Key}", query)),
        ]))]);

    /// <summary>Percent of decided targets met, to one decimal; null when none was decided.</summary>
    private static double? Compliance(IReadOnlyCollection<SlaOutcome> outcomes) =>
        outcomes.Count == 0 ? null : Math.Round(100.0 * outcomes.Count(o => o.Met) / outcomes.Count, 1);

    private static async Task<Dictionary<string, string>> NamesAsync(ChatDbContext db, List<string> ids, CancellationToken ct) =>
        await db.Users.AsNoTracking().Where(u => ids.Contains(u.Id)).ToDictionaryAsync(u => u.Id, u => u.DisplayName, ct);
}
