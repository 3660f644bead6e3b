using Microsoft.EntityFrameworkCore;
using QanDu.Dashboard.Data;
using QanDu.Dashboard.Data.Entities;
using QanDu.Dashboard.Features.Access;

namespace QanDu.Dashboard.Features.Reports;

/// <summary>
/// What the reports share: the activity log narrowed by a query's filters, the statistics (nearest-rank percentiles),
/// local days in the query's time zone, and the names of channels, teams, labels and people for rows.
/// </summary>
internal static class ReportFacts
{
    /// <summary>
    /// The activity log narrowed by the query's filters: channel and team as recorded on each fact (at the time of it),
    /// agent = the conversation's assignee now, label = the conversation carries the label now.
    /// </summary>
    public static IQueryable<ConversationActivity> Filtered(ChatDbContext db, ReportQuery query)
    {
        var facts = db.ConversationActivity.AsNoTracking();
        if (query.ChannelId is { } channel)
            facts = facts.Where(a => a.ChannelId == channel);
        if (query.TeamId is { } team)
            facts = facts.Where(a => a.TeamId == team);
        if (query.AgentId is { } agent)
            facts = facts.Where(a => db.Threads.Any(t => t.Id == a.ThreadId && t.AssigneeId == agent));
        if (query.LabelId is { } label)
            facts = facts.Where(a => db.ThreadLabels.Any(l => l.ThreadId == a.ThreadId && l.LabelId == label));
        return facts;
    }

    /// <summary>Facts of one kind in [start, end), filtered (uses the (Kind, At) index).</summary>
    public static IQueryable<ConversationActivity> InRange(ChatDbContext db, ReportQuery query, ActivityKind kind, DateTime start, DateTime end) =>
        Filtered(db, query).Where(a => a.Kind == kind && a.At >= start && a.At < end);

    /// <summary>
    /// The nearest-rank percentile: sort ascending, take the value at rank ⌈p/100 × n⌉ (1-based). The median is p = 50,
    /// so with an even count it is the lower of the two middle values. Null when there are no values.
    /// </summary>
    public static double? Percentile(IEnumerable<double> values, int p)
    {
        var sorted = values.Order().ToList();
        if (sorted.Count == 0)
            return null;
        var rank = Math.Clamp((p * sorted.Count + 99) / 100, 1, sorted.Count);
        return sorted[rank - 1];
    }

    /// <summary>A duration as reports count it: whole seconds, fractions dropped.</summary>
    public static double Seconds(TimeSpan span) => Math.Floor(span.TotalSeconds);

    public static DateTime Local(DateTime utc, TimeZoneInfo zone) =>
        TimeZoneInfo.ConvertTimeFromUtc(DateTime.SpecifyKind(utc, DateTimeKind.Utc), zone);

    /// <summary>The day (in the query's time zone, whose midnight draws the boundary) a moment falls on.</summary>
    public static DateOnly Day(DateTime utc, TimeZoneInfo zone) => DateOnly.FromDateTime(Local(utc, zone));

    /// <summary>Every day of the query's range, in order.</summary>
    public static IEnumerable<DateOnly> Days(ReportQuery query) =>
        Enumerable.Range(0, query.Days).Select(query.From.AddDays);

    public static string DayKey(DateOnly day) => $"day-{day:yyyy-MM-dd}";

    /// <summary>Parses the row part of a drill key (<c>channel-3</c>, <c>agent-none</c>…): the dimension and its value (null: none).</summary>
    public static (string Dimension, string? Value) Row(string row, string key)
    {
        var dash = row.IndexOf('-');
        if (dash <= 0 || dash == row.Length - 1)
            throw new ChatValidationException("key", $"'{key}' is not a drill key of this report.");
        var value = row[(dash + 1)..];
        return (row[..dash], value == "none" ? null : value);
    }

    public static long? Id(string? value, string key) =>
        value is null ? null : long.TryParse(value, out var id) ? id : throw new ChatValidationException("key", $"'{key}' is not a drill key of this report.");

    public static string RowKey(string dimension, object? id) => $"{dimension}-{id?.ToString() ?? "none"}";

    public static Task<Dictionary<long, string>> ChannelNamesAsync(ChatDbContext db, CancellationToken ct) =>
        db.Channels.AsNoTracking().ToDictionaryAsync(c => c.Id, c => c.Name, ct);

    public static Task<Dictionary<long, string>> TeamNamesAsync(ChatDbContext db, CancellationToken ct) =>
        db.Teams.AsNoTracking().ToDictionaryAsync(t => t.Id, t => t.Name, ct);

    public static Task<Dictionary<long, string>> LabelNamesAsync(ChatDbContext db, CancellationToken ct) =>
        db.Labels.AsNoTracking().ToDictionaryAsync(l => l.Id, l => l.Name, ct);

    public static async Task<Dictionary<string, string>> PeopleNamesAsync(ChatDbContext db, IEnumerable<string> ids, CancellationToken ct)
    {
        var wanted = ids.Distinct().ToList();
        return wanted.Count == 0
            ? []
            : await db.Users.AsNoTracking().Where(u => wanted.Contains(u.Id))
                .ToDictionaryAsync(u => u.Id, u => string.IsNullOrWhiteSpace(u.DisplayName) ? u.UserName ?? u.Id : u.DisplayName, ct);
    }

    public static string NameOf(Dictionary<long, string> names, long? id, string none, string kind) =>
        id is { } value ? names.GetValueOrDefault(value, $"{kind} {value}") : none;
}
