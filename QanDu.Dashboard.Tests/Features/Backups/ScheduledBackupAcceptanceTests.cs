using System.Collections.Concurrent;
using System.Net;
using System.Net.Http.Json;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using QanDu.Dashboard.Data.Entities;
using QanDu.Dashboard.Features.Access;
using QanDu.Dashboard.Features.Backups;
using QanDu.Dashboard.Features.Audit;
using QanDu.Dashboard.Features.Messages;
using QanDu.Dashboard.Features.Webhooks;
using QanDu.Dashboard.Tests.Features.Webhooks;
using QanDu.Dashboard.Tests.Infrastructure;
using Xunit.Abstractions;

namespace QanDu.Dashboard.Tests.Features.Backups;

/// <summary>
/// Issue 17's first acceptance point: a scheduled backup taken while 32 clients post through the REST API on Kestrel (each
/// in a customer conversation) and while a webhook receiver on loopback takes 2 s to answer each delivery of those posts,
/// is verified, and <c>restore</c> of it into a fresh data folder starts and holds every message acknowledged before the
/// backup started. The schedule is real: every minute, on the real clock.
/// </summary>
public sealed class ScheduledBackupAcceptanceTests(ITestOutputHelper output)
{
    private const int Clients = 32;
    private const int PostsPerClient = 20;
    private const int FirstPosts = 3;

    [Fact]
    public async Task ScheduledBackup_While32ClientsPost_IsVerifiedAndRestoresEveryMessageAcknowledgedBeforeIt()
    {
        using var folder = new TempDataFolder();
        using var fresh = new TempDataFolder();
        var acknowledged = new ConcurrentBag<(long Id, string Content, DateTime At)>();
        BackupRecord backup;
        (int Received, int Queued) webhooks;
        await using (var app = DashboardFactory.OnFolder(folder))
        {
            app.Settings["Backup:Schedule"] = "* * * * *";
            app.Settings["Analysis:Enabled"] = "false";
            app.UseKestrel(0);
            app.StartServer();
            await using var receiver = await WebhookReceiver.StartAsync("a slow receiver's secret of enough length");
            receiver.Respond = async context =>
            {
                await Task.Delay(TimeSpan.FromSeconds(2), context.RequestAborted).ContinueWith(_ => { }, CancellationToken.None);
                return false; // then 204, signature checked
            };
            var admin = await app.CreateUserAsync("Webhook admin", Roles.Admin);
            await app.Services.GetRequiredService<WebhookAllowList>().AddAsync(admin, new AddAllowedHostRequest("127.0.0.1"));
            await app.Services.GetRequiredService<WebhookSubscriptionService>().CreateAsync(admin, AuditActor.From(admin),
                new SaveWebhookRequest(new Uri(receiver.Root, "/slow").ToString(), [WebhookEvents.MessageCreated], receiver.Secret));
            var clients = new HttpClient[Clients];
            var threads = new long[Clients];
            for (var i = 0; i < Clients; i++)
            {
                var sender = await app.CreateUserAsync($"Sender {i}", Roles.Agent);
                threads[i] = (await app.StartAsync($"Customer {i}")).ThreadId;
                clients[i] = await app.CreateClientForAsync(sender);
            }
            // Every client posts its first messages at once (acknowledged before any backup that follows, however slow the
            // machine), then the rest from 3 s before the next minute turns, paced so the posts run on past the backup.
            var untilMinute = NextMinute(DateTime.UtcNow) - DateTime.UtcNow;
            if (untilMinute < TimeSpan.FromSeconds(15))
                await Task.Delay(untilMinute + TimeSpan.FromSeconds(1)); // so no backup starts before the first posts are in
            var postingStarted = DateTime.UtcNow;
            await Task.WhenAll(clients.Select((client, i) => PostAsync(client, threads[i], i, 0, FirstPosts, acknowledged)));
            var now = DateTime.UtcNow;
            var minute = NextMinute(now);
            if (minute - now > TimeSpan.FromSeconds(3))
                await Task.Delay(minute - now - TimeSpan.FromSeconds(3));
            await Task.WhenAll(clients.Select((client, i) => PostAsync(client, threads[i], i, FirstPosts, PostsPerClient, acknowledged)));

            var runner = app.Services.GetRequiredService<BackupRunner>();
            var waited = System.Diagnostics.Stopwatch.StartNew();
            while (true)
            {
                var records = await app.QueryAsync(db => db.BackupRecords.AsNoTracking().Where(r => r.FinishedAt != null && r.StartedAt >= postingStarted).ToListAsync());
                if (records.Count > 0 && runner.Running is null)
                {
                    backup = records.OrderBy(r => r.StartedAt).First();
                    break;
                }
                waited.Elapsed.Should().BeLessThan(TimeSpan.FromSeconds(90), "the scheduled backup should have run at the minute");
                await Task.Delay(100);
            }
            foreach (var client in clients)
                client.Dispose();
            webhooks = (receiver.Received.Count, await app.QueryAsync(db => db.WebhookDeliveries.CountAsync()));
        }
        SqliteConnection.ClearAllPools();

        backup.Trigger.Should().Be(BackupTrigger.Scheduled);
        backup.Verified.Should().BeTrue(backup.Error);
        BackupFile.Check(backup.Path!).Integrity.Should().Be("ok");
        var before = acknowledged.Where(a => a.At < backup.StartedAt).ToList();
        var during = acknowledged.Count(a => a.At >= backup.StartedAt && a.At <= backup.FinishedAt);
        var restore = await AppProcess.RunAsync(fresh.Path, ["restore", "--from", backup.Path!], TimeSpan.FromSeconds(90));
        restore.ExitCode.Should().Be(0, restore.ToString());

        await using var restored = DashboardFactory.OnFolder(fresh);
        var contents = await restored.QueryAsync(db => db.Messages.Select(m => new { m.Id, m.Content }).ToDictionaryAsync(m => m.Id, m => m.Content));
        var found = before.Count(a => contents.TryGetValue(a.Id, out var content) && content == a.Content);
        output.WriteLine($"Scheduled backup {backup.StartedAt:HH:mm:ss.fff} UTC while {Clients} clients × {PostsPerClient} posts: " +
                         $"{acknowledged.Count} acknowledged in all, {before.Count} before the backup started, {during} while it ran.");
        output.WriteLine($"Slow webhook receiver (2 s per delivery): {webhooks.Received} deliveries received of {webhooks.Queued} queued when the backup was found.");
        output.WriteLine($"Backup: {backup.SizeBytes:N0} bytes in {backup.DurationMs} ms, verified {backup.Verified}; " +
                         $"restored into a fresh folder: {found} of {before.Count} messages acknowledged before it found, {contents.Count} messages in all.");
        before.Should().NotBeEmpty("every client posted before the minute turned");
        webhooks.Queued.Should().BeGreaterThan(webhooks.Received, "the slow receiver was still behind while the backup ran");
        found.Should().Be(before.Count, "every message acknowledged before the backup started is restored");
        using var reader = await restored.CreateClientForAsync(await restored.CreateUserAsync("Reader", Roles.Admin));
        (await reader.GetAsync("/api/admin/backups")).StatusCode.Should().Be(HttpStatusCode.OK, "the restored app starts and answers");
    }

    private static DateTime NextMinute(DateTime now) => new DateTime(now.Year, now.Month, now.Day, now.Hour, now.Minute, 0, DateTimeKind.Utc).AddMinutes(1);

    private static async Task PostAsync(HttpClient client, long threadId, int index, int from, int to, ConcurrentBag<(long, string, DateTime)> acknowledged)
    {
        for (var n = from; n < to; n++)
        {
            var content = $"client {index} message {n}";
            using var response = await client.PostAsJsonAsync("/api/chat/message", new PostMessageRequest(threadId, content));
            response.StatusCode.Should().Be(HttpStatusCode.Created, await response.Content.ReadAsStringAsync());
            var message = await response.ReadAsync<MessageView>();
            acknowledged.Add((message.Id, content, DateTime.UtcNow));
            await Task.Delay(400);
        }
    }
}
