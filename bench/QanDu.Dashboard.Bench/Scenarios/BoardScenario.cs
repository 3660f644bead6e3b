using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using QanDu.Dashboard.Bench.Hosting;
using QanDu.Dashboard.Bench.Reporting;
using QanDu.Dashboard.Data;
using QanDu.Dashboard.Data.Entities;
using QanDu.Dashboard.Features.Access;
using QanDu.Dashboard.Features.Contacts;
using QanDu.Dashboard.Features.Monitoring;
using QanDu.Dashboard.Realtime;

namespace QanDu.Dashboard.Bench.Scenarios;

/// <summary>
/// The live board with 10,000 open customer conversations and 20 supervisors subscribed: a stream of events (customer
/// messages, agents' replies, status changes that re-read one conversation) published on the bus; the process CPU
/// time added per event, from the first event until the board has applied the last and published its snapshot.
/// </summary>
public sealed class BoardScenario : Scenario
{
    public override string Name => "board";
    public override int Order => 95;
    public override string Targets => "≤ 1 ms CPU per event (10,000 open conversations, 20 supervisors)";

    public override async Task<IReadOnlyList<ResultRow>> RunAsync(BenchOptions options, BenchLog log, CancellationToken ct)
    {
        var conversations = options.Size(1_000, 10_000);
        var eventCount = options.Size(2_000, 20_000);
        await using var app = BenchApp.StartFresh();
        var agent = await app.CreateUserAsync("Board agent");
        var contact = await app.Services.GetRequiredService<ContactService>().CreateAsync(null, new ContactDetails("Board customer"));
        log.Info($"{Name}: creating {Figures.Count(conversations)} open conversations");
        var ids = await SeedAsync(app, contact, conversations, ct);
        var board = app.Services.GetRequiredService<LiveBoard>();
        var subscriptions = new List<IDisposable>();
        for (var i = 0; i < 20; i++)
        {
            var supervisor = await app.CreateUserAsync($"Supervisor {i}", Roles.Supervisor);
            subscriptions.Add(await board.SubscribeAsync(supervisor, _ => Task.CompletedTask, ct));
        }
        var events = app.Services.GetRequiredService<IChatEvents>();
        await Task.Delay(1000, ct);
        var random = new Random(options.Seed);
        var cpuBefore = ProcessCpu.Now();
        var started = System.Diagnostics.Stopwatch.StartNew();
        for (var n = 0; n < eventCount; n++)
        {
            var threadId = ids[random.Next(ids.Count)];
            if (n % 10 == 9)
                events.Publish(new ThreadChanged(threadId));
            else
            {
                var fromCustomer = n % 2 == 0;
                events.Publish(new MessagePosted(new MessageSnapshot(10_000_000 + n, threadId, "text", MessageType.Text,
                    fromCustomer ? contact.UserId : agent.UserId, fromCustomer ? "Board customer" : "Board agent", SenderType.User,
                    DateTime.UtcNow, MessageStatus.Sent, null, null, null, false, null, null, [])));
            }
            if (n % 500 == 499)
                await Task.Delay(1, ct); // a stream, not one burst: the bus's queues stay within their capacity
        }
        // Drained: the board published a snapshot after the last event (a marker it re-reads).
        var marker = ids[0];
        var version = board.Current.Version;
        events.Publish(new ThreadChanged(marker));
        while (board.Current.Version == version)
            await Task.Delay(10, ct);
        await Task.Delay(LiveBoard.CoalesceInterval * 2, ct);
        var cpu = ProcessCpu.Now() - cpuBefore;
        var elapsed = started.Elapsed;
        foreach (var subscription in subscriptions)
            subscription.Dispose();
        var perEvent = cpu.TotalMilliseconds / eventCount;
        return
        [
            new ResultRow(Name, $"{Figures.Count(conversations)} open conversations, 20 supervisors, {Figures.Count(eventCount)} events",
                $"{perEvent:0.000} ms CPU per event ({cpu.TotalMilliseconds:0} ms CPU over {elapsed.TotalSeconds:0.0} s; board loads {board.Loads})",
                "≤ 1 ms CPU per event", perEvent <= 1),
        ];
    }

    private static async Task<List<long>> SeedAsync(BenchApp app, Contact contact, int count, CancellationToken ct)
    {
        var dbFactory = app.Services.GetRequiredService<IDbContextFactory<ChatDbContext>>();
        var ids = new List<long>(count);
        var now = DateTime.UtcNow;
        for (var done = 0; done < count; done += 1000)
        {
            await using var db = await dbFactory.CreateDbContextAsync(ct);
            var threads = Enumerable.Range(done, Math.Min(1000, count - done)).Select(i => new ChatThread
            {
                Type = ThreadType.Group, ContactId = contact.Id, CreatedById = contact.UserId, Title = $"Conversation {i}",
                CreatedAt = now.AddSeconds(-i), UpdatedAt = now, Status = i % 7 == 0 ? ThreadStatus.Pending : ThreadStatus.Active,
            }).ToList();
            db.Threads.AddRange(threads);
            await db.SaveChangesAsync(ct);
            ids.AddRange(threads.Select(t => t.Id));
        }
        return ids;
    }
}
