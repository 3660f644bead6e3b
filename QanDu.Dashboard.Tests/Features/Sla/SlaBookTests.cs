using Microsoft.Extensions.DependencyInjection;
using QanDu.Dashboard.Data.Entities;
using QanDu.Dashboard.Features.Sla;

namespace QanDu.Dashboard.Tests.Features.Sla;

/// <summary>
/// <see cref="SlaBook"/>: each open customer conversation's policy and targets, read from the activity log, counted in the
/// channel's business hours (in its zone, across a daylight-saving change) or around the clock.
/// </summary>
public sealed class SlaBookTests : IDisposable
{
    // Friday 27 March 2026, 16:30 in Paris (CET, UTC+1): half an hour before closing; Paris moves to CEST (UTC+2) on Sunday.
    private readonly SlaTestApp _sla = new(new DateTimeOffset(2026, 3, 27, 15, 30, 0, TimeSpan.Zero));

    [Fact]
    public async Task StatusAsync_BusinessHoursOverWeekendAndDstChange_DueMondayMorning()
    {
        var admin = await _sla.AdminAsync();
        var office = await _sla.ChannelAsync(admin);
        var allDay = await _sla.ChannelAsync(admin);
        var business = await _sla.PolicyAsync(admin, new SaveSlaPolicyRequest("Office hours", ChannelId: office,
            FirstResponseMinutes: 60, ResolutionMinutes: 120, BusinessHoursOnly: true));
        await _sla.PolicyAsync(admin, new SaveSlaPolicyRequest("Around the clock", ChannelId: allDay, FirstResponseMinutes: 60));
        var counted = await _sla.StartAsync(office);
        var clock = await _sla.StartAsync(allDay);

        var statuses = await _sla.Book.StatusAsync([counted.ThreadId, clock.ThreadId]);

        var status = statuses[counted.ThreadId];
        status.PolicyName.Should().Be("Office hours");
        status.Targets.Should().BeEquivalentTo(new[]
        {
            // 30 minutes on Friday, 30 on Monday from 09:00 CEST (07:00 UTC).
            new SlaTarget(SlaMetric.FirstResponse, _sla.Now, new DateTime(2026, 3, 30, 7, 30, 0, DateTimeKind.Utc), null, null),
            new SlaTarget(SlaMetric.Resolution, _sla.Now, new DateTime(2026, 3, 30, 8, 30, 0, DateTimeKind.Utc), null, null),
        });
        status.Next!.Metric.Should().Be(SlaMetric.FirstResponse);
        statuses[clock.ThreadId].Next!.DueAt.Should().Be(_sla.Now.AddHours(1), "around the clock, Friday evening counts");

        _sla.Clock.Advance(TimeSpan.FromDays(2)); // Sunday: closed
        (await _sla.Book.StatusAsync([counted.ThreadId]))[counted.ThreadId].Next!.BreachedAt(_sla.Now).Should().BeFalse();
        _sla.Clock.SetUtcNow(new DateTimeOffset(2026, 3, 30, 7, 10, 0, TimeSpan.Zero));
        await _sla.ReplyAsync(admin, counted.ThreadId);

        var answered = (await _sla.Book.StatusAsync([counted.ThreadId]))[counted.ThreadId];
        answered.Targets.Single(t => t.Metric == SlaMetric.FirstResponse).Should().Match<SlaTarget>(t => t.MetAt == _sla.Now && !t.BreachedAt(_sla.Now));
        answered.Next!.Metric.Should().Be(SlaMetric.Resolution, "the first response is met: the resolution target runs on");
    }

    [Fact]
    public async Task StatusAsync_MostSpecificPolicy_AssistantAndResolvedLeftOut()
    {
        var admin = await _sla.AdminAsync();
        var channel = await _sla.ChannelAsync(admin, officeHours: false);
        await _sla.PolicyAsync(admin, new SaveSlaPolicyRequest("Urgent anywhere", Priority: PriorityLevel.Urgent, FirstResponseMinutes: 30));
        await _sla.PolicyAsync(admin, new SaveSlaPolicyRequest("Urgent in this shop", Priority: PriorityLevel.Urgent, ChannelId: channel, FirstResponseMinutes: 10));
        var urgent = await _sla.StartAsync(channel, PriorityLevel.Urgent);
        var normal = await _sla.StartAsync(channel);
        var withAssistant = await _sla.StartAsync(channel, PriorityLevel.Urgent, ThreadStatus.Pending);
        var resolved = await _sla.StartAsync(channel, PriorityLevel.Urgent);
        await _sla.Factory.Services.GetRequiredService<QanDu.Dashboard.Features.Threads.ConversationLifecycle>().ResolveAsync(admin, resolved.ThreadId);

        var statuses = await _sla.Book.StatusAsync([urgent.ThreadId, normal.ThreadId, withAssistant.ThreadId, resolved.ThreadId]);

        statuses.Keys.Should().Equal([urgent.ThreadId], "no policy for normal priority; no human clock while the assistant answers; resolved is closed");
        statuses[urgent.ThreadId].Should().Match<SlaStatus>(s => s.PolicyName == "Urgent in this shop" && s.Next!.DueAt == _sla.Now.AddMinutes(10));
    }

    public void Dispose() => _sla.Dispose();
}
