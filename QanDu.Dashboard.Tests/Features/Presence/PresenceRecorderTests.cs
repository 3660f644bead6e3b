using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using QanDu.Dashboard.Data.Entities;
using QanDu.Dashboard.Features.Access;
using QanDu.Dashboard.Features.Reports;
using QanDu.Dashboard.Realtime;
using QanDu.Dashboard.Tests.Features.Reports;

namespace QanDu.Dashboard.Tests.Features.Presence;

/// <summary>The presence log behind the agents report's online time: written from the bus for staff, not for customers.</summary>
public sealed class PresenceRecorderTests(FactWorkspace workspace) : IClassFixture<FactWorkspace>
{
    [Fact]
    public async Task PresenceChanged_StaffMember_EachChangeLoggedAndCountedAsOnlineTime()
    {
        var events = workspace.Factory.Services.GetRequiredService<IChatEvents>();
        var tom = await workspace.Factory.CreateUserAsync("Tom", Roles.Agent);
        var customer = await workspace.Factory.CreateUserAsync("Customer", null);
        var start = workspace.Clock.GetUtcNow().UtcDateTime;

        events.Publish(new PresenceChanged(tom.UserId, PresenceStatus.Online));
        events.Publish(new PresenceChanged(customer.UserId, PresenceStatus.Online));
        await RowsAsync(tom.UserId, 1);
        workspace.Clock.Advance(TimeSpan.FromMinutes(30));
        events.Publish(new PresenceChanged(tom.UserId, PresenceStatus.Busy));
        await RowsAsync(tom.UserId, 2);
        workspace.Clock.Advance(TimeSpan.FromMinutes(15));
        events.Publish(new PresenceChanged(tom.UserId, PresenceStatus.Away));
        var rows = await RowsAsync(tom.UserId, 3);
        workspace.Clock.Advance(TimeSpan.FromMinutes(10));

        rows.Select(r => (r.Status, r.At)).Should().Equal(
            (PresenceStatus.Online, start), (PresenceStatus.Busy, start.AddMinutes(30)), (PresenceStatus.Away, start.AddMinutes(45)));
        (await workspace.DbAsync(db => db.PresenceChanges.CountAsync(p => p.UserId == customer.UserId))).Should().Be(0, "customers are not staff");
        var today = DateOnly.FromDateTime(start);
        var report = await workspace.RunAsync("agents", new ReportQuery(today, today) with { AgentId = tom.UserId });
        report.Figures.Single(f => f.Key == "online").Value.Should().Be(45 * 60, "Online 30 min + Busy 15 min; Away does not count");
    }

    private async Task<List<PresenceChange>> RowsAsync(string userId, int count)
    {
        for (var i = 0; i < 150; i++)
        {
            var rows = await workspace.DbAsync(db => db.PresenceChanges.Where(p => p.UserId == userId).OrderBy(p => p.At).ToListAsync());
            if (rows.Count >= count)
                return rows;
            await Task.Delay(100);
        }
        throw new TimeoutException($"Expected {count} presence changes of {userId} within 15 s.");
    }
}
