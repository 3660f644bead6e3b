using QanDu.Dashboard.Features.Health;

namespace QanDu.Dashboard.Tests.Features.Health;

/// <summary>The thresholds the health page applies, from the figures alone.</summary>
public sealed class HealthRulesTests
{
    private const long Gb = 1L << 30;

    [Theory]
    [InlineData(10 * Gb, 100 * Gb, HealthState.Healthy)]
    [InlineData(900L << 20, 100 * Gb, HealthState.Degraded)] // under 1 GB
    [InlineData(4 * Gb, 100 * Gb, HealthState.Degraded)] // under 5 %
    [InlineData(50L << 20, 100 * Gb, HealthState.Unhealthy)] // under Storage:MinFreeSpaceMegabytes (100 MB)
    public void Disk_FreeSpace_StateByThreshold(long free, long total, HealthState expected)
    {
        var disk = HealthRules.Disk("/data", free, total, 100L << 20, new HealthOptions());

        disk.State.Should().Be(expected);
        (disk.Action is null).Should().Be(expected == HealthState.Healthy, "what to do is said when it is not healthy");
    }

    [Theory]
    [InlineData(0, HealthState.Healthy)]
    [InlineData(999, HealthState.Healthy)]
    [InlineData(1_000, HealthState.Degraded)]
    [InlineData(45_000, HealthState.Unhealthy)]
    public void WriterQueue_Waiting_StateByThreshold(int waiting, HealthState expected) =>
        HealthRules.WriterQueue(waiting, 10, 2).State.Should().Be(expected);

    [Fact]
    public void Analysis_CatchingUp_DegradedSayingNothingIsLost()
    {
        var analysis = HealthRules.Analysis(enabled: true, waiting: 12, capacity: 10_000, catchingUp: true);

        analysis.State.Should().Be(HealthState.Degraded);
        analysis.Figure.Should().Be("12 messages waiting (the queue holds 10,000); catching up on messages the queue could not hold.");
        analysis.Action.Should().Contain("nothing is lost");
    }

    [Fact]
    public void Ai_Unhealthy_IsOnlyDegraded() =>
        HealthRules.Ai(HealthState.Unhealthy, "cannot be reached").State.Should().Be(HealthState.Degraded);
}
