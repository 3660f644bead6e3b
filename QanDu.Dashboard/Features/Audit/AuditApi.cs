using System.Globalization;
using System.Security.Claims;
using Microsoft.AspNetCore.Http.HttpResults;
using QanDu.Dashboard.Features.Access;

namespace QanDu.Dashboard.Features.Audit;

/// <summary>The audit log on the REST API (admins only): a page of entries as JSON, or every matching entry as CSV.</summary>
internal static class AuditApi
{
    public static IEndpointRouteBuilder MapAuditApi(this IEndpointRouteBuilder routes)
    {
        var api = routes.MapGroup("/api/admin").WithTags("Audit log")
            .RequireAuthorization(p => p.RequireRole(Roles.Admin))
            .ProducesProblem(StatusCodes.Status400BadRequest)
            .ProducesProblem(StatusCodes.Status401Unauthorized)
            .ProducesProblem(StatusCodes.Status403Forbidden);

        api.MapGet("/audit", Read);
        api.MapGet("/audit.csv", ExportCsv).Produces(StatusCodes.Status200OK, contentType: "text/csv");
        return routes;
    }

    /// <summary>
    /// Newest first, filtered by <c>actor</c> (user id), <c>action</c> (exact, or a prefix ending in a dot such as
    /// <c>team.</c>) and <c>from</c>/<c>to</c> (ISO 8601; UTC unless an offset is given); <c>before</c> is the cursor.
    /// <c>?format=csv</c> answers as <c>/api/admin/audit.csv</c> does.
    /// </summary>
    private static async Task<Results<Ok<AuditPage>, PushStreamHttpResult>> Read(
        string? actor, string? action, string? from, string? to, long? before, int? limit, string? format,
        HttpContext http, AuditReader reader, CancellationToken ct)
    {
        var query = Bind(actor, action, from, to, before, limit);
        if (string.Equals(format, "csv", StringComparison.OrdinalIgnoreCase))
            return Csv(query, http, reader);
        if (format is { Length: > 0 } && !string.Equals(format, "json", StringComparison.OrdinalIgnoreCase))
            throw new ChatValidationException("format", $"Unknown format \"{format}\"; use json or csv.");
        return TypedResults.Ok(await reader.ReadAsync(ChatCaller.From(http.User), query, ct));
    }

    private static PushStreamHttpResult ExportCsv(string? actor, string? action, string? from, string? to, HttpContext http, AuditReader reader) =>
        Csv(Bind(actor, action, from, to, before: null, limit: null), http, reader);

    private static PushStreamHttpResult Csv(AuditQuery query, HttpContext http, AuditReader reader)
    {
        var user = http.User;
        var actor = AuditActor.From(user, http.Connection.RemoteIpAddress);
        (query with { Limit = 1 }).Validate(); // bad filters answer 400 before the 200 starts streaming
        return TypedResults.Stream(
            stream => AuditCsv.WriteAsync(stream, reader.ExportAsync(ChatCaller.From(user), actor, query with { Before = null }, http.RequestAborted), http.RequestAborted),
            contentType: "text/csv; charset=utf-8",
            fileDownloadName: $"audit-log-{DateTime.UtcNow:yyyyMMdd-HHmmss}.csv");
    }

    private static AuditQuery Bind(string? actor, string? action, string? from, string? to, long? before, int? limit)
    {
        var errors = new Dictionary<string, string[]>();
        var query = new AuditQuery(
            string.IsNullOrWhiteSpace(actor) ? null : actor.Trim(),
            string.IsNullOrWhiteSpace(action) ? null : action.Trim(),
            Time(from, "from", errors), Time(to, "to", errors), before, limit ?? 50);
        if (errors.Count > 0)
            throw new ChatValidationException(errors);
        query.Validate();
        return query;
    }

    private static DateTime? Time(string? value, string field, Dictionary<string, string[]> errors)
    {
        if (string.IsNullOrWhiteSpace(value))
            return null;
        if (DateTimeOffset.TryParse(value, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var parsed))
            return parsed.UtcDateTime;
        errors[field] = [$"\"{value}\" is not a date; use ISO 8601, such as 2026-12-04 or 2026-12-04T18:00:00Z."];
        return null;
    }
}
