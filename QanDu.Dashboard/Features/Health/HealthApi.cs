using System.Security.Claims;
using Microsoft.AspNetCore.Http.HttpResults;
using QanDu.Dashboard.Features.Access;

namespace QanDu.Dashboard.Features.Health;

/// <summary>
/// <c>/health</c> for load balancers and monitors (anonymous: the overall state only, no names or figures; 503 when
/// Unhealthy) and <c>/health/details</c> for admins (every component with its state, figure and what to do).
/// </summary>
internal static class HealthApi
{
    public static IEndpointRouteBuilder MapHealth(this IEndpointRouteBuilder routes)
    {
        routes.MapGet("/health", Status).AllowAnonymous().WithTags("Health").ExcludeFromDescription();
        routes.MapGet("/health/details", Details).WithTags("Health")
            .RequireAuthorization(p => p.RequireRole(Roles.Admin))
            .ProducesProblem(StatusCodes.Status401Unauthorized)
            .ProducesProblem(StatusCodes.Status403Forbidden);
        return routes;
    }

    private static async Task<JsonHttpResult<HealthStatusView>> Status(HealthReport health, HttpContext http, CancellationToken ct)
    {
        var state = await health.StatusAsync(ct);
        http.Response.Headers.CacheControl = "no-store";
        return TypedResults.Json(new HealthStatusView(state.ToString()),
            statusCode: state == HealthState.Unhealthy ? StatusCodes.Status503ServiceUnavailable : StatusCodes.Status200OK);
    }

    private static async Task<Ok<HealthDetailsView>> Details(HealthReport health, ClaimsPrincipal user, HttpContext http, CancellationToken ct)
    {
        var snapshot = await health.DetailsAsync(ChatCaller.From(user), ct);
        http.Response.Headers.CacheControl = "no-store";
        return TypedResults.Ok(HealthDetailsView.From(snapshot));
    }
}

/// <summary>The body of <c>/health</c>: Healthy, Degraded or Unhealthy.</summary>
public sealed record HealthStatusView(string Status);

/// <summary>The body of <c>/health/details</c>.</summary>
public sealed record HealthDetailsView(
    string Status,
    DateTimeOffset CheckedAt,
    string Version,
    DateTimeOffset StartedAt,
    long UptimeSeconds,
    IReadOnlyList<HealthComponentView> Components,
    HealthErrorsView Errors)
{
    public static HealthDetailsView From(HealthSnapshot s) => new(
        s.Status.ToString(), s.At, s.Version, s.StartedAt, (long)s.Uptime.TotalSeconds,
        [.. s.Components.Select(c => new HealthComponentView(c.Key, c.Name, c.State.ToString(), c.Figure, c.Action))],
        new HealthErrorsView(s.ErrorsTotal, [.. s.Errors.Select(e => new HealthErrorView(e.At, e.Type, e.Message, e.TraceId, e.Where))]));
}

public sealed record HealthComponentView(string Key, string Name, string Status, string Figure, string? Action);

public sealed record HealthErrorsView(long Total, IReadOnlyList<HealthErrorView> Recent);

public sealed record HealthErrorView(DateTimeOffset At, string Type, string Message, string? TraceId, string? Where);
