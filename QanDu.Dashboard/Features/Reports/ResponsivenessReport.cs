using Microsoft.EntityFrameworkCore;
using QanDu.Dashboard.Data;
using QanDu.Dashboard.Data.Entities;
using QanDu.Dashboard.Features.Access;
using QanDu.Dashboard.Features.Channels;
using QanDu.Dashboard.Features.Sla;

namespace QanDu.Dashboard.Features.Reports;

/// <summary>
/// Responsiveness: a person's first response time and the resolution time (median and p90, around the clock and in the
/// channel's business hours), the assistant's first response apart, replies per resolution, SLA breaches. The clocks are
/// the SLA clock's (<see cref="ConversationTimes.From"/>): a person's clock starts at creation, or at the hand-off when
/// the assistant had the conversation first. A first response counts in the range its reply falls in; a resolution in
/// the range its resolve falls in (each resolve, from the start of the clock or the reopen before it).
/// </summary>
public sealed class ResponsivenessReport(IDbContextFactory<ChatDbContext> dbFactory) : IReport
{
    public string Name => "responsiveness";

    public string Title => "Responsiveness";

    /// <summary>A person's first response: when, in which channel, and how long it took (whole seconds).</summary>
    internal sealed record FirstResponse(long ThreadId, DateTime At, long? ChannelId, double Calendar, double Business);

    /// <summary>The assistant's first answer in a conversation, from its creation.</summary>
    internal sealed record AssistantResponse(long ThreadId, DateTime At, long? ChannelId, double Seconds);

    /// <summary>One resolve: how long its cycle took and how many replies of people it took.</summary>
    internal sealed record Resolution(long ThreadId, DateTime At, long? ChannelId, double Calendar, double Business, int Replies);

    internal sealed record Samples(
        IReadOnlyList<FirstResponse> FirstResponses,
        IReadOnlyList<AssistantResponse> AssistantResponses,
        IReadOnlyList<Resolution> Resolutions,
        IReadOnlyList<(long ThreadId, DateTime At)> Breaches);

    public async Task<ReportResult> RunAsync(ReportQuery query, CancellationToken ct)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var hours = await HoursAsync(db, ct);
        var now = await SamplesAsync(db, query, hours, ct);
        var before = await SamplesAsync(db, query.Previous, hours, ct);
        string Link(string key) => ReportLinks.Drill(Name, key, query);

        var figures = new List<ReportFigure>
        {
            Figure("first-response-median", "First response, median (person)", now, before, s => Median(s.FirstResponses.Select(f => f.Calendar)), Link("first-response")),
            Figure("first-response-p90", "First response, p90 (person)", now, before, s => P90(s.FirstResponses.Select(f => f.Calendar)), Link("first-response")),
            Figure("first-response-business-median", "First response, median, business hours (person)", now, before,
                s => Median(s.FirstResponses.Select(f => f.Business)), Link("first-response")),
            Figure("first-response-business-p90", "First response, p90, business hours (person)", now, before,
                s => P90(s.FirstResponses.Select(f => f.Business)), Link("first-response")),
            new("first-responses", "First responses by a person", now.FirstResponses.Count, before.FirstResponses.Count, ReportUnit.Count, Link("first-response")),
            Figure("assistant-first-response-median", "First response, median (assistant)", now, before,
                s => Median(s.AssistantResponses.Select(a => a.Seconds)), Link("first-response-assistant")),
            new("assistant-first-responses", "First responses by the assistant", now.AssistantResponses.Count, before.AssistantResponses.Count,
                ReportUnit.Count, Link("first-response-assistant")),
            Figure("resolution-median", "Resolution time, median", now, before, s => Median(s.Resolutions.Select(r => r.Calendar)), Link("resolution")),
            Figure("resolution-p90", "Resolution time, p90", now, before, s => P90(s.Resolutions.Select(r => r.Calendar)), Link("resolution")),
            Figure("resolution-business-median", "Resolution time, median, business hours", now, before,
                s => Median(s.Resolutions.Select(r => r.Business)), Link("resolution")),
            Figure("resolution-business-p90", "Resolution time, p90, business hours", now, before,
                s => P90(s.Resolutions.Select(r => r.Business)), Link("resolution")),
            new("replies-per-resolution", "Replies per resolution", RepliesPerResolution(now), RepliesPerResolution(before), ReportUnit.Ratio, Link("resolution")),
            new("sla-breaches", "SLA breaches", now.Breaches.Count, before.Breaches.Count, ReportUnit.Count, Link("sla-breaches")),
        };

        var zone = query.Zone;
        var byDay = ReportFacts.Days(query).Select(day => Row(ReportCell.Of(day.ToString("yyyy-MM-dd")), ReportFacts.DayKey(day),
            now.FirstResponses.Where(f => ReportFacts.Day(f.At, zone) == day).ToList(),
            now.Resolutions.Where(r => ReportFacts.Day(r.At, zone) == day).ToList(), query));
        var channels = await ReportFacts.ChannelNamesAsync(db, ct);
        var channelIds = now.FirstResponses.Select(f => f.ChannelId).Concat(now.Resolutions.Select(r => r.ChannelId)).Distinct()
            .OrderBy(id => id is null).ThenBy(id => ReportFacts.NameOf(channels, id, "No channel", "Channel"), StringComparer.OrdinalIgnoreCase);
        var byChannel = channelIds.Select(id => Row(ReportCell.Of(ReportFacts.NameOf(channels, id, "No channel", "Channel")), ReportFacts.RowKey("channel", id),
            now.FirstResponses.Where(f => f.ChannelId == id).ToList(), now.Resolutions.Where(r => r.ChannelId == id).ToList(), query));
        return new ReportResult(Name, Title, query, figures,
        [
            new("by-day", $"By day ({query.TimeZone})", ReportChart.Line, [new("day", "Day", ReportUnit.Text), .. Columns], [.. byDay]),
            new("by-channel", "By channel", ReportChart.Bar, [new("channel", "Channel", ReportUnit.Text), .. Columns], [.. byChannel]),
        ]);
    }

    public async Task<IReadOnlyList<long>> DrillAsync(string key, ReportQuery query, int limit, CancellationToken ct)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var samples = await SamplesAsync(db, query, await HoursAsync(db, ct), ct);
        var parts = key.Split(':', 2);
        IEnumerable<(long ThreadId, DateTime At, long? ChannelId)> rows = parts[0] switch
        {
            "first-response" => samples.FirstResponses.Select(f => (f.ThreadId, f.At, f.ChannelId)),
            "first-response-assistant" => samples.AssistantResponses.Select(a => (a.ThreadId, a.At, a.ChannelId)),
            "resolution" => samples.Resolutions.Select(r => (r.ThreadId, r.At, r.ChannelId)),
            "sla-breaches" when parts.Length == 1 => samples.Breaches.Select(b => (b.ThreadId, b.At, (long?)null)),
            _ => throw new ChatValidationException("key",
                $"The responsiveness report has no figure '{key}'; figures: first-response, first-response-assistant, resolution, sla-breaches."),
        };
        if (parts.Length == 2)
        {
            var zone = query.Zone;
            var (dimension, value) = ReportFacts.Row(parts[1], key);
            rows = dimension switch
            {
                "channel" => ReportFacts.Id(value, key) is var channel ? rows.Where(r => r.ChannelId == channel) : rows,
                "day" when DateOnly.TryParseExact(value, "yyyy-MM-dd", out var day) => rows.Where(r => ReportFacts.Day(r.At, zone) == day),
                _ => throw new ChatValidationException("key", $"'{key}' is not a drill key of the responsiveness report."),
            };
        }
        return [.. rows.OrderByDescending(r => r.At).Select(r => r.ThreadId).Distinct().Take(limit)];
    }

    private static readonly ReportColumn[] Columns =
    [
        new("first-responses", "First responses", ReportUnit.Count),
        new("first-response-median", "First response, median", ReportUnit.Seconds),
        new("first-response-business-median", "First response, median (business hours)", ReportUnit.Seconds),
        new("resolutions", "Resolutions", ReportUnit.Count),
        new("resolution-median", "Resolution, median", ReportUnit.Seconds),
        new("resolution-business-median", "Resolution, median (business hours)", ReportUnit.Seconds),
    ];

    private ReportRow Row(ReportCell first, string rowKey, List<FirstResponse> responses, List<Resolution> resolutions, ReportQuery query)
    {
        var responseLink = ReportLinks.Drill(Name, $"first-response:{rowKey}", query);
        var resolutionLink = ReportLinks.Drill(Name, $"resolution:{rowKey}", query);
        return new ReportRow([
            first,
            new ReportCell(responses.Count, Link: responseLink),
            new ReportCell(Median(responses.Select(f => f.Calendar)), Link: responseLink),
            new ReportCell(Median(responses.Select(f => f.Business)), Link: responseLink),
            new ReportCell(resolutions.Count, Link: resolutionLink),
            new ReportCell(Median(resolutions.Select(r => r.Calendar)), Link: resolutionLink),
            new ReportCell(Median(resolutions.Select(r => r.Business)), Link: resolutionLink),
        ]);
    }

    private static ReportFigure Figure(string key, string label, Samples now, Samples before, Func<Samples, double?> measure, string link) =>
        new(key, label, measure(now), measure(before), ReportUnit.Seconds, link);

    private static double? Median(IEnumerable<double> values) => ReportFacts.Percentile(values, 50);

    private static double? P90(IEnumerable<double> values) => ReportFacts.Percentile(values, 90);

    private static double? RepliesPerResolution(Samples samples) =>
        samples.Resolutions.Count == 0 ? null : (double)samples.Resolutions.Sum(r => r.Replies) / samples.Resolutions.Count;

    /// <summary>Each channel's business hours and time zone.</summary>
    private static async Task<Dictionary<long, (IReadOnlyList<BusinessHoursSlot> Hours, TimeZoneInfo Zone)>> HoursAsync(ChatDbContext db, CancellationToken ct) =>
        (await db.Channels.AsNoTracking().ToListAsync(ct)).ToDictionary(c => c.Id, c => ((IReadOnlyList<BusinessHoursSlot>)c.BusinessHours, ChannelHours.ZoneOf(c)));

    /// <summary>
    /// The samples of a range: the conversations with a reply or a resolve in the range (after the filters) are read
    /// whole up to the range's end — compact rows of the facts the clock reads, in one query — and their clocks computed.
    /// </summary>
    internal static async Task<Samples> SamplesAsync(ChatDbContext db, ReportQuery query,
        Dictionary<long, (IReadOnlyList<BusinessHoursSlot> Hours, TimeZoneInfo Zone)> hours, CancellationToken ct)
    {
        var (start, end) = query.UtcRange;
        var candidates = ReportFacts.Filtered(db, query)
            .Where(a => (a.Kind == ActivityKind.AgentReply || a.Kind == ActivityKind.AssistantReply || a.Kind == ActivityKind.Resolved)
                        && a.At >= start && a.At < end)
            .Select(a => a.ThreadId);
        // No kind condition in SQL: with one, SQLite walks the (Kind, At) index over all history; without it, it seeks
        // each candidate on (ThreadId, At). The few other kinds (customer messages, assignments, ratings) are dropped here.
        var facts = (await db.ConversationActivity.AsNoTracking()
            .Where(a => candidates.Contains(a.ThreadId) && a.At < end)
            .Select(a => new ConversationActivity { Id = a.Id, ThreadId = a.ThreadId, Kind = a.Kind, At = a.At, ChannelId = a.ChannelId })
            .ToListAsync(ct))
            .Where(a => a.Kind is ActivityKind.Created or ActivityKind.HandedOff or ActivityKind.AgentReply or ActivityKind.AssistantReply
                or ActivityKind.Resolved or ActivityKind.Reopened)
            .ToList();
        var firstResponses = new List<FirstResponse>();
        var assistant = new List<AssistantResponse>();
        var resolutions = new List<Resolution>();
        bool InRange(DateTime at) => at >= start && at < end;
        foreach (var conversation in facts.GroupBy(f => f.ThreadId))
        {
            var ordered = conversation.OrderBy(f => f.At).ThenBy(f => f.Id).ToList();
            var created = ordered.FirstOrDefault(f => f.Kind == ActivityKind.Created);
            var channelId = created?.ChannelId ?? ordered[0].ChannelId;
            var (slots, zone) = channelId is { } id && hours.TryGetValue(id, out var h) ? h : ([], TimeZoneInfo.Utc);
            TimeSpan Business(DateTime from, DateTime to) => BusinessTime.Between(from, to, slots, zone);

            // The report reads history, so no conversation "waits on the assistant" here: without a hand-off the clock
            // starts at creation (a person who steps in without one counts from there; the assistant alone resolving counts too).
            var times = ConversationTimes.From(ordered, withAssistant: false);
            if (times is { ClockStart: { } clock, FirstHumanReplyAt: { } firstReply } && InRange(firstReply))
                firstResponses.Add(new FirstResponse(conversation.Key, firstReply, channelId,
                    ReportFacts.Seconds(firstReply - clock), ReportFacts.Seconds(Business(clock, firstReply))));

            var firstAnswer = ordered.FirstOrDefault(f => f.Kind == ActivityKind.AssistantReply);
            if (created is not null && firstAnswer is not null && InRange(firstAnswer.At))
                assistant.Add(new AssistantResponse(conversation.Key, firstAnswer.At, channelId, ReportFacts.Seconds(firstAnswer.At - created.At)));

            DateTime? previousResolve = null;
            foreach (var cycle in times.Resolutions)
            {
                if (cycle.ResolvedAt is not { } resolved)
                    continue;
                if (InRange(resolved))
                {
                    var replies = ordered.Count(f => f.Kind == ActivityKind.AgentReply && f.At <= resolved && (previousResolve is null || f.At > previousResolve));
                    resolutions.Add(new Resolution(conversation.Key, resolved, channelId, ReportFacts.Seconds(resolved - cycle.StartedAt),
                        ReportFacts.Seconds(Business(cycle.StartedAt, resolved)), replies));
                }
                previousResolve = resolved;
            }
        }
        var breaches = await ReportFacts.InRange(db, query, ActivityKind.SlaBreached, start, end)
            .Select(a => new { a.ThreadId, a.At }).ToListAsync(ct);
        return new Samples(firstResponses, assistant, resolutions, [.. breaches.Select(b => (b.ThreadId, b.At))]);
    }
}
