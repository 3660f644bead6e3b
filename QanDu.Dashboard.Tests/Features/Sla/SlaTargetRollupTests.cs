using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using QanDu.Dashboard.Data.Entities;
using QanDu.Dashboard.Features.Audit;
using QanDu.Dashboard.Features.Sla;
using QanDu.Dashboard.Features.Threads;

namespace QanDu.Dashboard.Tests.Features.Sla;

/// <summary>
/// The SLA report's roll-up follows the app as it changes: a conversation's targets appear with its first fact, change with
/// a reply, with a priority raised (a more specific policy) and with a policy edited — each through the app's services,
/// with the table compared to what the SLA clock says for the same conversation.
/// </summary>
public sealed class SlaTargetRollupTests : IDisposable
{
    private readonly SlaTestApp _app = new(new DateTimeOffset(2026, 3, 2, 10, 0, 0, TimeSpan.Zero)); // a Monday

    public void Dispose() => _app.Dispose();

    private SlaTargetRollup Rollup => _app.Factory.Services.GetRequiredService<SlaTargetRollup>();

    private Task<List<SlaTargetRecord>> TargetsAsync(long threadId) =>
        _app.Factory.QueryAsync(db => db.SlaTargets.AsNoTracking().Where(t => t.ThreadId == threadId).OrderBy(t => t.Metric).ThenBy(t => t.StartedAt).ToListAsync());

    [Fact]
    public async Task Targets_follow_replies_priorities_and_policy_changes()
    {
        var admin = await _app.AdminAsync();
        var channel = await _app.ChannelAsync(admin, officeHours: false);
        var standard = await _app.PolicyAsync(admin, new SaveSlaPolicyRequest("Standard", FirstResponseMinutes: 30, ResolutionMinutes: 240));
        var urgent = await _app.PolicyAsync(admin, new SaveSlaPolicyRequest("Urgent", Priority: PriorityLevel.Urgent, FirstResponseMinutes: 5));
        var conversation = await _app.StartAsync(channel);
        var started = _app.Now;

        await Rollup.CatchUpAsync();
        var first = await TargetsAsync(conversation.ThreadId);
        first.Select(t => (t.PolicyId, t.Metric, t.DueAt, t.MetAt)).Should().Equal(
            (standard.Id, SlaMetric.FirstResponse, started.AddMinutes(30), (DateTime?)null),
            (standard.Id, SlaMetric.Resolution, started.AddMinutes(240), (DateTime?)null));

        _app.Clock.Advance(TimeSpan.FromMinutes(10));
        await _app.ReplyAsync(admin, conversation.ThreadId);
        await Rollup.CatchUpAsync();
        var replied = await TargetsAsync(conversation.ThreadId);
        replied.Single(t => t.Metric == SlaMetric.FirstResponse).MetAt.Should().Be(started.AddMinutes(10), "the reply is folded in from the log");
        replied.Single(t => t.Metric == SlaMetric.FirstResponse).AgentId.Should().BeNull("credited to the assignee when it was met: nobody was assigned");

        // Raising the priority writes no fact: the ThreadChanged it publishes folds the conversation again, under Urgent.
        await _app.Factory.Services.GetRequiredService<ThreadService>().RaisePriorityAsync(admin, conversation.ThreadId, PriorityLevel.Urgent);
        await WaitUntilAsync(async () => (await TargetsAsync(conversation.ThreadId)).All(t => t.PolicyId == urgent.Id));
        (await TargetsAsync(conversation.ThreadId)).Select(t => (t.Metric, t.DueAt)).Should().Equal((SlaMetric.FirstResponse, started.AddMinutes(5)));

        // Editing a policy rebuilds every conversation's targets.
        await _app.Factory.Services.GetRequiredService<SlaPolicyService>().UpdateAsync(admin, AuditActor.From(admin), urgent.Id,
            new SaveSlaPolicyRequest("Urgent", Priority: PriorityLevel.Urgent, FirstResponseMinutes: 15));
        await WaitUntilAsync(async () => (await TargetsAsync(conversation.ThreadId)).Single().DueAt == started.AddMinutes(15));
    }

    /// <summary>Catches up until the condition holds (the change's event reaches the roll-up on the bus's delivery loop).</summary>
    private async Task WaitUntilAsync(Func<Task<bool>> condition)
    {
        for (var i = 0; i < 100; i++)
        {
            await Rollup.CatchUpAsync();
            if (await condition())
                return;
            await Task.Delay(50);
        }
        (await condition()).Should().BeTrue("the roll-up caught up with the change within 5 s");
    }
}
