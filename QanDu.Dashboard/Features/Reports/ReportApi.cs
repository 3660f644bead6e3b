using System.Globalization;
using Microsoft.AspNetCore.Http.HttpResults;
using QanDu.Dashboard.Features.Access;

namespace QanDu.Dashboard.Features.Reports;

/// <summary>
/// Reports on the REST API, supervisors and admins (signed in or by API key; agents get 403), under /api/reports:
/// <c>GET /api/reports/{name}?from=yyyy-MM-dd&amp;to=yyyy-MM-dd&amp;tz=&amp;channel=&amp;team=&amp;agent=&amp;label=</c> the report
/// as JSON (the same object the pages show), <c>&amp;format=csv[&amp;table=key]</c> one of its tables as CSV, and
/// <c>GET /api/reports/{name}/drill/{key}?…</c> the conversations behind a figure.
/// </summary>
internal static class ReportApi
{
    public static IEndpointRouteBuilder MapReportApi(this IEndpointRouteBuilder routes)
    {
        var api = routes.MapGroup("/api/reports").WithTags("Reports")
            .RequireAuthorization(p => p.RequireRole(Roles.All))
            .ProducesProblem(StatusCodes.Status400BadRequest)
            .ProducesProblem(StatusCodes.Status401Unauthorized)
            .ProducesProblem(StatusCodes.Status403Forbidden)
            .ProducesProblem(StatusCodes.Status404NotFound);
        api.MapGet("/{name}", Get).Produces(StatusCodes.Status200OK, contentType: "text/csv");
        api.MapGet("/{name}/drill/{key}", Drill);
        return routes;
    }

    private static async Task<Results<Ok<ReportResult>, FileContentHttpResult>> Get(string name, string? from, string? to, string? tz,
        string? channel, string? team, string? agent, string? label, string? format, string? table,
        HttpContext http, ReportService reports, CancellationToken ct)
    {
        var csv = format switch
        {
            null or "" or "json" => false,
            "csv" => true,
            _ => throw new ChatValidationException("format", $"Unknown format \"{format}\"; use json or csv."),
        };
        if (!csv && table is { Length: > 0 })
            throw new ChatValidationException("table", "table= chooses the table of a CSV export; add format=csv.");
        var result = await reports.RunAsync(ChatCaller.From(http.User), name, Bind(from, to, tz, channel, team, agent, label), ct);
        if (!csv)
            return TypedResults.Ok(result);
        var text = ReportCsv.Write(result, table is { Length: > 0 } ? table : null);
        return TypedResults.File(new System.Text.UTF8Encoding(false).GetBytes(text), "text/csv; charset=utf-8",
            ReportCsv.FileName(result, table is { Length: > 0 } ? table : null));
    }

    private static async Task<Ok<ReportDrill>> Drill(string name, string key, string? from, string? to, string? tz,
        string? channel, string? team, string? agent, string? label, string? limit, HttpContext http, ReportConversations conversations, CancellationToken ct)
    {
        var query = Bind(from, to, tz, channel, team, agent, label);
        var count = 500;
        if (limit is { Length: > 0 } && (!int.TryParse(limit, NumberStyles.None, CultureInfo.InvariantCulture, out count) || count is < 1 or > 5000))
            throw new ChatValidationException("limit", $"limit is a whole number from 1 to 5000; got \"{limit}\".");
        return TypedResults.Ok(await conversations.ListAsync(ChatCaller.From(http.User), name, key, query, count, ct));
    }

    /// <summary>The query from the URL; every problem named (dates as yyyy-MM-dd, ids as numbers). Range and zone: <see cref="ReportService.Validate"/>.</summary>
    public static ReportQuery Bind(string? from, string? to, string? tz, string? channel, string? team, string? agent, string? label)
    {
        var errors = new Dictionary<string, string[]>();
        var start = Date(from, "from", errors);
        var end = Date(to, "to", errors);
        var query = new ReportQuery(start, end, string.IsNullOrWhiteSpace(tz) ? "UTC" : tz.Trim(),
            Id(channel, "channel", errors), Id(team, "team", errors), string.IsNullOrWhiteSpace(agent) ? null : agent.Trim(), Id(label, "label", errors));
        if (errors.Count > 0)
            throw new ChatValidationException(errors);
        return query;
    }

    private static DateOnly Date(string? value, string field, Dictionary<string, string[]> errors)
    {
        if (string.IsNullOrWhiteSpace(value))
            errors[field] = [$"{field} is required: a date as yyyy-MM-dd."];
        else if (DateOnly.TryParseExact(value.Trim(), "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var date))
            return date;
        else
            errors[field] = [$"{field} \"{value}\" is not a date as yyyy-MM-dd."];
        return default;
    }

    private static long? Id(string? value, string field, Dictionary<string, string[]> errors)
    {
        if (string.IsNullOrWhiteSpace(value))
            return null;
        if (long.TryParse(value.Trim(), NumberStyles.None, CultureInfo.InvariantCulture, out var id) && id > 0)
            return id;
        errors[field] = [$"{field} \"{value}\" is not an id (a whole number)."];
        return null;
    }
}
