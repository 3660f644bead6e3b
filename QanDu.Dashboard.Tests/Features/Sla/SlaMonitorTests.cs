using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using QanDu.Dashboard.Data.Entities;
using QanDu.Dashboard.Features.Sla;
using QanDu.Dashboard.Realtime;
using QanDu.Dashboard.Tests.Infrastructure;

namespace QanDu.Dashboard.Tests.Features.Sla;

/// <summary>
/// <see cref="SlaMonitor"/>: a target whose due time passed is recorded once — a fact in the activity log at the due time, a
/// staff-only line in the conversation, an event — however often the check runs, also by a new monitor after a restart.
/// </summary>
public sealed class SlaMonitorTests : IDisposable
{
    // Thursday 4 June 2026, 14:00 UTC.
    private readonly SlaTestApp _sla = new(new DateTimeOffset(2026, 6, 4, 14, 0, 0, TimeSpan.Zero));

    [Fact]
    public async Task CheckAsync_FirstResponseOverdue_RecordedOnceWithLineAndEvent()
    {
        var admin = await _sla.AdminAsync();
        var channel = await _sla.ChannelAsync(admin, officeHours: false);
        var policy = await _sla.PolicyAsync(admin, new SaveSlaPolicyRequest("Urgent", ChannelId: channel, FirstResponseMinutes: 5));
        var conversation = await _sla.StartAsync(channel);
        var due = _sla.Now.AddMinutes(5);
        var breached = new List<SlaBreached>();
        using var _ = _sla.Factory.Services.GetRequiredService<IChatEvents>().Subscribe(conversation.ThreadId, e =>
        {
            if (e is SlaBreached b)
                lock (breached) breached.Add(b);
            return Task.CompletedTask;
        });
        _sla.Clock.Advance(TimeSpan.FromMinutes(4));
        await _sla.Monitor.CheckAsync();
        (await BreachesAsync(conversation.ThreadId)).Should().BeEmpty("a minute is left");

        _sla.Clock.Advance(TimeSpan.FromMinutes(2));
        await _sla.Monitor.CheckAsync();
        await _sla.Monitor.CheckAsync();
        // A restart: a new monitor knows nothing in memory, only the log.
        await ActivatorUtilities.CreateInstance<SlaMonitor>(_sla.Factory.Services).CheckAsync();

        var facts = await BreachesAsync(conversation.ThreadId);
        facts.Should().ContainSingle().Which.Should().BeEquivalentTo(new
        {
            Detail = "first-response", Value = (int?)(int)policy.Id, At = due, ChannelId = (long?)channel,
        });
        var lines = await LinesAsync(conversation.ThreadId);
        lines.Should().Equal("SLA breached: first response (policy Urgent) was due 4 Jun 14:05 UTC");
        await WaitUntil(() => { lock (breached) return breached.Count > 0; });
        await Task.Delay(200);
        lock (breached)
            breached.Should().Equal(new SlaBreached(conversation.ThreadId, SlaMetric.FirstResponse, policy.Id, due));
        var line = await _sla.Factory.QueryAsync(db => db.Messages.SingleAsync(m => m.ThreadId == conversation.ThreadId && m.Type == MessageType.System
                                                                                  && m.Content.StartsWith("SLA breached")));
        line.IsPrivate.Should().BeTrue("the customer never sees the team's SLA");
    }

    [Fact]
    public async Task CheckAsync_NextResponseMissedTwice_OneBreachPerCycle()
    {
        var admin = await _sla.AdminAsync();
        var channel = await _sla.ChannelAsync(admin, officeHours: false);
        await _sla.PolicyAsync(admin, new SaveSlaPolicyRequest("Quick follow-ups", ChannelId: channel, NextResponseMinutes: 5));
        var conversation = await _sla.StartAsync(channel);
        await _sla.ReplyAsync(admin, conversation.ThreadId, "Hello! Looking into it.");
        _sla.Clock.Advance(TimeSpan.FromMinutes(1));
        await _sla.CustomerWritesAsync(conversation);
        var firstDue = _sla.Now.AddMinutes(5);
        _sla.Clock.Advance(TimeSpan.FromMinutes(6));
        await _sla.Monitor.CheckAsync();

        await _sla.ReplyAsync(admin, conversation.ThreadId, "Sorry for the wait.");
        _sla.Clock.Advance(TimeSpan.FromMinutes(1));
        await _sla.CustomerWritesAsync(conversation, "Still broken.");
        var secondDue = _sla.Now.AddMinutes(5);
        _sla.Clock.Advance(TimeSpan.FromMinutes(4));
        await _sla.Monitor.CheckAsync();
        (await BreachesAsync(conversation.ThreadId)).Should().HaveCount(1, "the second cycle has a minute left");
        _sla.Clock.Advance(TimeSpan.FromMinutes(2));
        await _sla.Monitor.CheckAsync();
        await _sla.Monitor.CheckAsync();

        (await BreachesAsync(conversation.ThreadId)).Select(f => (f.Detail, f.At)).Should().Equal(("next-response", firstDue), ("next-response", secondDue));
        (await LinesAsync(conversation.ThreadId)).Should().HaveCount(2).And.OnlyContain(l => l.StartsWith("SLA breached: next response (policy Quick follow-ups)"));
    }

    private Task<List<ConversationActivity>> BreachesAsync(long threadId) =>
        _sla.Factory.QueryAsync(db => db.ConversationActivity.Where(a => a.ThreadId == threadId && a.Kind == ActivityKind.SlaBreached).OrderBy(a => a.At).ToListAsync());

    private Task<List<string>> LinesAsync(long threadId) =>
        _sla.Factory.QueryAsync(db => db.Messages.Where(m => m.ThreadId == threadId && m.Type == MessageType.System && m.Content.StartsWith("SLA"))
            .OrderBy(m => m.Id).Select(m => m.Content).ToListAsync());

    private static async Task WaitUntil(Func<bool> condition)
    {
        var deadline = DateTime.UtcNow.AddSeconds(15);
        while (!condition())
        {
            if (DateTime.UtcNow > deadline)
                throw new TimeoutException("The condition was not met within 15 s.");
            await Task.Delay(20);
        }
    }

    public void Dispose() => _sla.Dispose();
}
