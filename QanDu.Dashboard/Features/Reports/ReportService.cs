using QanDu.Dashboard.Features.Access;

namespace QanDu.Dashboard.Features.Reports;

/// <summary>
/// The reports, for supervisors and admins (and their API keys): validates the query (dates, range, time zone) and runs
/// the named report. Every door (the pages, <c>/api/reports/{name}</c>, CSV) goes through here.
/// </summary>
public sealed class ReportService(IEnumerable<IReport> reports)
{
    private readonly IReadOnlyDictionary<string, IReport> _reports = reports.ToDictionary(r => r.Name, StringComparer.OrdinalIgnoreCase);

    /// <summary>The reports there are, in the order the pages list them.</summary>
    public IReadOnlyList<IReport> All => [.. _reports.Values];

    public async Task<ReportResult> RunAsync(ChatCaller caller, string name, ReportQuery query, CancellationToken ct = default)
    {
        RequireViewer(caller);
        if (!_reports.TryGetValue(name, out var report))
            throw new ChatNotFoundException($"Report '{name}'");
        Validate(query);
        return await report.RunAsync(query, ct);
    }

    /// <summary>The conversations behind a figure of the named report (see <see cref="IReport.DrillAsync"/>).</summary>
    public async Task<IReadOnlyList<long>> DrillAsync(ChatCaller caller, string name, string key, ReportQuery query, int limit = 500, CancellationToken ct = default)
    {
        RequireViewer(caller);
        if (!_reports.TryGetValue(name, out var report))
            throw new ChatNotFoundException($"Report '{name}'");
        Validate(query);
        return await report.DrillAsync(key, query, Math.Clamp(limit, 1, 5000), ct);
    }

    /// <summary>Reports are for supervisors and admins; agents are refused (403).</summary>
    public static void RequireViewer(ChatCaller caller)
    {
        if (!caller.IsStaff || !caller.SeesAllThreads)
            throw new ChatForbiddenException("Reports are for supervisors and admins.");
    }

    public static void Validate(ReportQuery query)
    {
        if (query.To < query.From)
            throw new ChatValidationException("to", $"The range ends ({query.To:yyyy-MM-dd}) before it starts ({query.From:yyyy-MM-dd}).");
        if (query.Days > ReportQuery.MaxDays)
            throw new ChatValidationException("to", $"A report covers at most {ReportQuery.MaxDays} days; this range has {query.Days}.");
        if (!TimeZoneInfo.TryFindSystemTimeZoneById(query.TimeZone, out _))
            throw new ChatValidationException("timeZone", $"Unknown time zone '{query.TimeZone}'; use an IANA name such as Europe/Berlin.");
    }
}
