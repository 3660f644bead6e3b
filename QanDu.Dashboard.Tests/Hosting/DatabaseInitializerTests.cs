using Microsoft.EntityFrameworkCore;
using QanDu.Dashboard.Data.Entities;
using QanDu.Dashboard.Features.Access;
using QanDu.Dashboard.Features.Demo;
using QanDu.Dashboard.Tests.Infrastructure;

namespace QanDu.Dashboard.Tests.Hosting;

/// <summary>First run and every later start: the schema is brought up to date and the demo is seeded only once.</summary>
public sealed class DatabaseInitializerTests
{
    [Fact]
    public async Task InitializeAsync_RestartOnSeededDatabase_DemoNotSeededAgain()
    {
        using var folder = new TempDataFolder();
        Counts seeded;
        await using (var first = DashboardFactory.OnFolder(folder, seedDemo: true))
            seeded = await CountAsync(first);

        await using var second = DashboardFactory.OnFolder(folder, seedDemo: true);
        var afterRestart = await CountAsync(second);

        // The past customer conversations: the same plan whatever the ids (counts do not depend on them).
        var agents = DemoSeeder.DemoPeople.Where(p => p.Role == Roles.Agent).Select(p => new HistoryAgent(p.Key, p.Name)).ToList();
        var customers = DemoSeeder.HistoryCustomers.Select((c, i) => new HistoryCustomer(c.Email, c.Name, i)).ToList();
        var history = DemoSeeder.PlanHistory(new HistoryChannel(1, null, false), new HistoryChannel(2, null, true), agents, customers, DateTime.UtcNow);
        var expected = new Counts(
            Users: DemoSeeder.DemoPeople.Count + DemoSeeder.HistoryCustomers.Count,
            Threads: DemoSeeder.DemoConversations.Count + history.Count,
            Messages: DemoSeeder.DemoConversations.Sum(c => c.Lines.Length) + history.Sum(c => c.Messages.Count),
            Labels: DemoSeeder.DemoLabels.Count,
            LabelledThreads: DemoSeeder.DemoTriages.Sum(t => t.Labels.Length),
            Assigned: DemoSeeder.DemoTriages.Count(t => t.Assignee != null) + history.Count(c => c.Assignee != null),
            Archived: DemoSeeder.DemoTriages.Count(t => t.Archived) + history.Count(c => c.Status == ThreadStatus.Archived),
            Urgent: DemoSeeder.DemoTriages.Count(t => t.Priority == PriorityLevel.Urgent) + history.Count(c => c.Priority == PriorityLevel.Urgent),
            Reactions: DemoSeeder.DemoReactions.Sum(r => r.People.Length));
        seeded.Should().Be(expected, "the demo workspace is there on first run, triaged, with its eight weeks of history");
        history.Should().HaveCount(DemoSeeder.HistoryConversationCount + DemoSeeder.InProgressMinutesAgo.Length + DemoSeeder.WaitingForFirstReplyMinutesAgo.Length);
        afterRestart.Should().Be(seeded);
    }

    // The SLA monitor's lines are left out: it records the demo's overdue conversations as soon as the app runs.
    private static Task<Counts> CountAsync(DashboardFactory factory) => factory.QueryAsync(async db =>
        new Counts(await db.Users.CountAsync(), await db.Threads.CountAsync(),
            await db.Messages.CountAsync(m => !(m.Type == MessageType.System && m.Content.StartsWith("SLA breached"))),
            await db.Labels.CountAsync(), await db.ThreadLabels.CountAsync(), await db.Threads.CountAsync(t => t.AssigneeId != null),
            await db.Threads.CountAsync(t => t.Status == ThreadStatus.Archived), await db.Threads.CountAsync(t => t.Priority == PriorityLevel.Urgent),
            await db.Reactions.CountAsync()));

    private sealed record Counts(int Users, int Threads, int Messages, int Labels, int LabelledThreads, int Assigned, int Archived, int Urgent, int Reactions);
}
