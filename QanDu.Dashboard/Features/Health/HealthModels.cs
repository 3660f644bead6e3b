using QanDu.Dashboard.Features.Operations;

namespace QanDu.Dashboard.Features.Health;

/// <summary>How a component stands; the order is the severity (the app's state is its worst component's).</summary>
public enum HealthState { Healthy, Degraded, Unhealthy }

/// <summary>
/// One component on the health page: its state, the figure behind it and, when it is not healthy, what to do.
/// <paramref name="Key"/> is stable (the JSON of <c>/health/details</c>); <paramref name="Name"/> is for people.
/// </summary>
public sealed record HealthComponent(string Key, string Name, HealthState State, string Figure, string? Action = null);

/// <summary>Everything the health page shows, gathered at <paramref name="At"/>.</summary>
public sealed record HealthSnapshot(
    HealthState Status,
    DateTimeOffset At,
    string Version,
    DateTimeOffset StartedAt,
    IReadOnlyList<HealthComponent> Components,
    long ErrorsTotal,
    IReadOnlyList<RecordedError> Errors)
{
    public TimeSpan Uptime => At - StartedAt;
}
