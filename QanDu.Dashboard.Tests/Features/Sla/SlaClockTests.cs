using QanDu.Dashboard.Data.Entities;
using QanDu.Dashboard.Features.Sla;

namespace QanDu.Dashboard.Tests.Features.Sla;

/// <summary>The SLA rules: which policy applies, when the human clock starts, and which targets were met.</summary>
public sealed class SlaClockTests
{
    private static readonly DateTime T0 = new(2026, 6, 3, 10, 0, 0, DateTimeKind.Utc);

    private static ConversationActivity Fact(ActivityKind kind, int minutes, long id) => new() { Id = id, Kind = kind, At = T0.AddMinutes(minutes) };

    private static readonly SlaPolicy Policy = new()
    {
        Id = 1, Name = "Normal", FirstResponseMinutes = 15, NextResponseMinutes = 20, ResolutionMinutes = 120,
    };

    [Fact]
    public void Targets_ReplyLateOnTheSecondQuestion_OnlyNextResponseBreached()
    {
        var times = ConversationTimes.From(
        [
            Fact(ActivityKind.Created, 0, 1), Fact(ActivityKind.CustomerMessage, 0, 2), Fact(ActivityKind.AgentReply, 10, 3),
            Fact(ActivityKind.CustomerMessage, 20, 4), Fact(ActivityKind.CustomerMessage, 25, 5), Fact(ActivityKind.AgentReply, 50, 6),
            Fact(ActivityKind.Resolved, 60, 7),
        ], withAssistant: false);

        var targets = SlaClock.Targets(Policy, times, [], TimeZoneInfo.Utc);

        targets.Select(t => (t.Metric, t.DueAt, t.BreachedAt(T0.AddDays(1)))).Should().Equal(
            (SlaMetric.FirstResponse, T0.AddMinutes(15), false),
            (SlaMetric.NextResponse, T0.AddMinutes(40), true),
            (SlaMetric.Resolution, T0.AddMinutes(120), false));
    }

    [Fact]
    public void From_HandedOffByTheAssistant_HumanClockStartsAtTheHandOff()
    {
        var times = ConversationTimes.From(
        [
            Fact(ActivityKind.Created, 0, 1), Fact(ActivityKind.CustomerMessage, 0, 2), Fact(ActivityKind.AssistantReply, 1, 3),
            Fact(ActivityKind.HandedOff, 30, 4), Fact(ActivityKind.AgentReply, 40, 5),
        ], withAssistant: false);

        times.ClockStart.Should().Be(T0.AddMinutes(30));
        SlaClock.Targets(Policy, times, [], TimeZoneInfo.Utc)[0].Should().BeEquivalentTo(new
        {
            Metric = SlaMetric.FirstResponse, DueAt = T0.AddMinutes(45), MetAt = (DateTime?)T0.AddMinutes(40),
        });
        ConversationTimes.From([Fact(ActivityKind.Created, 0, 1)], withAssistant: true).ClockStart.Should().BeNull(
            "while the assistant has the conversation no person's clock runs");
    }

    [Fact]
    public void Targets_ResolvedBeforeAnyReply_ClockStoppedNotBreached()
    {
        var times = ConversationTimes.From([Fact(ActivityKind.Created, 0, 1), Fact(ActivityKind.Resolved, 5, 2)], withAssistant: false);
        var first = SlaClock.Targets(Policy, times, [], TimeZoneInfo.Utc)[0];
        first.Running.Should().BeFalse();
        first.BreachedAt(T0.AddDays(1)).Should().BeFalse("the clock stops at resolve");
    }

    [Fact]
    public void Match_LabelPolicyBeatsPriorityPolicy_DisabledIgnored()
    {
        SlaPolicy urgent = new() { Id = 1, Name = "Urgent", Priority = PriorityLevel.Urgent };
        SlaPolicy vip = new() { Id = 2, Name = "VIP", LabelId = 7 };
        SlaPolicy off = new() { Id = 3, Name = "Off", LabelId = 7, ChannelId = 1, Enabled = false };

        SlaClock.Match([urgent, vip, off], PriorityLevel.Urgent, [7], 1).Should().Be(vip);
        SlaClock.Match([urgent, vip, off], PriorityLevel.Urgent, [], 1).Should().Be(urgent);
        SlaClock.Match([urgent, vip, off], PriorityLevel.Low, [], 1).Should().BeNull();
    }
}
