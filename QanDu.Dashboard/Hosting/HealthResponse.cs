using System.Text.Json;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace QanDu.Dashboard.Hosting;

/// <summary>
/// <c>/health</c> as JSON: the overall status and, per check, its status and reason, so "Degraded" says what is wrong
/// (for example the AI provider's endpoint and error). Healthy and Degraded answer 200, Unhealthy 503.
/// </summary>
internal static class HealthResponse
{
    public static Task WriteAsync(HttpContext context, HealthReport report)
    {
        context.Response.ContentType = "application/json; charset=utf-8";
        var body = new
        {
            status = report.Status.ToString(),
            checks = report.Entries.ToDictionary(e => e.Key, e => new { status = e.Value.Status.ToString(), description = e.Value.Description }),
        };
        return JsonSerializer.SerializeAsync(context.Response.Body, body, cancellationToken: context.RequestAborted);
    }
}
