using Microsoft.EntityFrameworkCore;
using QanDu.Dashboard.Data;
using QanDu.Dashboard.Data.Entities;
using QanDu.Dashboard.Features.Access;

namespace QanDu.Dashboard.Features.Reports;

/// <summary>
/// Agents: per person — conversations handled (replied to in the range), first responses given and their median
/// (calendar and business hours), resolutions (credited to the assignee at resolve), CSAT of the conversations they
/// resolved, and online time (Online or Busy) — against the previous period.
/// </summary>
public sealed class AgentsReport(IDbContextFactory<ChatDbContext> dbFactory, TimeProvider clock) : IReport
{
    public string Name => "agents";

    public string Title => "Agents";

    public async Task<ReportResult> RunAsync(ReportQuery query, CancellationToken ct)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var now = await ComputeAsync(db, query, ct);
        var before = await ComputeAsync(db, query.Previous, ct);
        var figures = new List<ReportFigure>
        {
            new("handled", "Conversations handled", now.Handled, before.Handled, ReportUnit.Count, ReportLinks.Drill(Name, "handled", query)),
            new("first-responses", "First responses", now.FirstResponses.Count, before.FirstResponses.Count, ReportUnit.Count,
                ReportLinks.Drill(Name, "first-responses", query)),
            new("median-first-response", "Median first response", Median(now.FirstResponses, false), Median(before.FirstResponses, false),
                ReportUnit.Seconds, ReportLinks.Drill(Name, "first-responses", query)),
            new("median-first-response-business", "Median first response (business hours)", Median(now.FirstResponses, true),
                Median(before.FirstResponses, true), ReportUnit.Seconds, ReportLinks.Drill(Name, "first-responses", query)),
            new("resolved", "Resolutions", now.Resolved.Values.Sum(), before.Resolved.Values.Sum(), ReportUnit.Count, ReportLinks.Drill(Name, "resolved", query)),
            new("csat", "CSAT of resolved conversations", Average(now.Ratings.Values), Average(before.Ratings.Values), ReportUnit.Rating,
                ReportLinks.Drill(Name, "rated", query)),
            new("online", "Online time", now.Online.Values.Sum(), before.Online.Values.Sum(), ReportUnit.Seconds),
        };
        return new ReportResult(Name, Title, query, figures, [await TableAsync(db, query, now, ct)]);
    }

    public async Task<IReadOnlyList<long>> DrillAsync(string key, ReportQuery query, int limit, CancellationToken ct)
    {
        var parts = key.Split(':', 2);
        var agent = parts.Length == 2 ? parts[1] : null;
        if (parts[0] is not ("handled" or "first-responses" or "resolved" or "rated"))
            throw new ChatValidationException("key", $"The agents report has no figure '{key}'; figures: handled, first-responses, resolved, rated (each optionally ':' and a user id).");
        var scoped = agent is null ? query : query with { AgentId = agent };
        var (start, end) = query.UtcRange;
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        switch (parts[0])
        {
            case "first-responses":
                var responses = await FirstResponses.InRangeAsync(db, scoped, start, end, ct);
                return [.. responses.OrderByDescending(r => r.RepliedAt).Select(r => r.ThreadId).Take(limit)];
            default:
                var kind = parts[0] == "handled" ? ActivityKind.AgentReply : ActivityKind.Resolved;
                var facts = ReportScope.Facts(db, query, kind, start, end);
                facts = agent is null ? facts.Where(a => a.UserId != null) : facts.Where(a => a.UserId == agent);
                if (parts[0] == "rated")
                    facts = facts.Where(a => db.Threads.Any(t => t.Id == a.ThreadId && t.Rating != null));
                return await facts.GroupBy(a => a.ThreadId).Select(g => new { ThreadId = g.Key, At = g.Max(a => a.At) })
                    .OrderByDescending(g => g.At).Select(g => g.ThreadId).Take(limit).ToListAsync(ct);
        }
    }

    private sealed record Period(
        int Handled,
        Dictionary<string, int> HandledBy,
        List<FirstResponse> FirstResponses,
        Dictionary<string, int> Resolved,
        Dictionary<long, int> Ratings,
        Dictionary<string, List<int>> RatingsBy,
        Dictionary<string, double> Online);

    private async Task<Period> ComputeAsync(ChatDbContext db, ReportQuery query, CancellationToken ct)
    {
        var (start, end) = query.UtcRange;
        var replies = ReportScope.Facts(db, query, ActivityKind.AgentReply, start, end).Where(a => a.UserId != null);
        if (query.AgentId is { } only)
            replies = replies.Where(a => a.UserId == only);
        var handledPairs = await replies.Select(a => new { a.UserId, a.ThreadId }).Distinct().ToListAsync(ct);
        var resolves = ReportScope.Facts(db, query, ActivityKind.Resolved, start, end);
        if (query.AgentId is { } agent)
            resolves = resolves.Where(a => a.UserId == agent);
        var resolved = await resolves.GroupBy(a => a.UserId).Select(g => new { UserId = g.Key, Count = g.Count() }).ToListAsync(ct);
        var rated = await resolves.Where(a => a.UserId != null)
            .Join(db.Threads.Where(t => t.Rating != null), a => a.ThreadId, t => t.Id, (a, t) => new { a.UserId, a.ThreadId, Rating = t.Rating!.Value })
            .Distinct().ToListAsync(ct);
        return new Period(
            handledPairs.Select(p => p.ThreadId).Distinct().Count(),
            handledPairs.GroupBy(p => p.UserId!).ToDictionary(g => g.Key, g => g.Count()),
            await FirstResponses.InRangeAsync(db, query, start, end, ct),
            resolved.ToDictionary(r => r.UserId ?? "", r => r.Count),
            rated.GroupBy(r => r.ThreadId).ToDictionary(g => g.Key, g => g.First().Rating),
            rated.GroupBy(r => r.UserId!).ToDictionary(g => g.Key, g => g.Select(r => r.Rating).ToList()),
            await OnlineTime.SecondsAsync(db, start, end, clock.GetUtcNow().UtcDateTime, query.AgentId, ct));
    }

    private async Task<ReportTable> TableAsync(ChatDbContext db, ReportQuery query, Period period, CancellationToken ct)
    {
        var byAgent = period.FirstResponses.GroupBy(r => r.AgentId).ToDictionary(g => g.Key, g => g.ToList());
        var ids = period.HandledBy.Keys.Concat(byAgent.Keys).Concat(period.Resolved.Keys.Where(k => k != ""))
            .Concat(period.RatingsBy.Keys).Concat(period.Online.Keys).ToHashSet();
        var names = await db.Users.AsNoTracking().Where(u => ids.Contains(u.Id)).ToDictionaryAsync(u => u.Id, u => u.DisplayName, ct);
        var rows = ids
            .Select(id => (Id: id, Name: names.GetValueOrDefault(id) ?? "Removed user"))
            .OrderBy(a => a.Name, StringComparer.CurrentCultureIgnoreCase).ThenBy(a => a.Id)
            .Select(a =>
            {
                var responses = byAgent.GetValueOrDefault(a.Id) ?? [];
                string Link(string figure) => ReportLinks.Drill(Name, $"{figure}:{a.Id}", query);
                return new ReportRow(
                [
                    ReportCell.Of(a.Name),
                    new ReportCell(period.HandledBy.GetValueOrDefault(a.Id), null, Link("handled")),
                    new ReportCell(responses.Count, null, Link("first-responses")),
                    new ReportCell(Median(responses, false), null, Link("first-responses")),
                    new ReportCell(Median(responses, true), null, Link("first-responses")),
                    new ReportCell(period.Resolved.GetValueOrDefault(a.Id), null, Link("resolved")),
                    new ReportCell(Average(period.RatingsBy.GetValueOrDefault(a.Id) ?? []), null, Link("rated")),
                    new ReportCell(period.Online.GetValueOrDefault(a.Id)),
                ]);
            }).ToList();
        return new ReportTable("by-agent", "By agent", ReportChart.Bar,
        [
            new("agent", "Agent", ReportUnit.Text),
            new("handled", "Conversations handled", ReportUnit.Count),
            new("first-responses", "First responses", ReportUnit.Count),
            new("median-first-response", "Median first response", ReportUnit.Seconds),
            new("median-first-response-business", "Median first response (business hours)", ReportUnit.Seconds),
            new("resolved", "Resolutions", ReportUnit.Count),
            new("csat", "CSAT", ReportUnit.Rating),
            new("online", "Online time", ReportUnit.Seconds),
        ], rows);
    }

    private static double? Median(IEnumerable<FirstResponse> responses, bool business) =>
        ReportFacts.Percentile(responses.Select(r => ReportFacts.Seconds(business ? r.Business : r.Calendar)), 50);

    private static double? Average(IEnumerable<int> ratings)
    {
        var list = ratings.ToList();
        return list.Count == 0 ? null : Math.Round(list.Average(), 2);
    }
}
