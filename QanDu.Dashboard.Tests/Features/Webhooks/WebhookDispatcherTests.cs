using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using QanDu.Dashboard.Data.Entities;
using QanDu.Dashboard.Features.Audit;
using QanDu.Dashboard.Features.Operations;
using QanDu.Dashboard.Features.Webhooks;
using QanDu.Dashboard.Tests.Infrastructure;

namespace QanDu.Dashboard.Tests.Features.Webhooks;

/// <summary>The dispatcher on a fake clock with a recording sender: retries, gives up, pauses, survives a restart.</summary>
public sealed class WebhookDispatcherTests
{
    private static FakeTimeProvider Clock() => new(new DateTimeOffset(2026, 12, 1, 9, 0, 0, TimeSpan.Zero));

    [Fact]
    public async Task FailingReceiver_RetriedWithBackoff_ThenDelivered_SameDeliveryId()
    {
        var clock = Clock();
        using var app = new WebhookTestApp(clock);
        var admin = await app.AdminAsync();
        var sub = await app.SubscribeAsync(admin, WebhookEvents.ContactCreated);
        var answers = new Queue<WebhookAttemptResult>([RecordingWebhookSender.Failed(500), RecordingWebhookSender.Failed(503), RecordingWebhookSender.Delivered()]);
        app.Sender.Answer = _ => answers.Dequeue();

        await app.Factory.StartAsync("Ida Retry", firstMessage: null);
        var first = await app.EventuallyAsync(() => app.DeliveriesOfAsync(sub.Id), d => d.Count == 1 && d[0].Attempts == 1, "the first attempt failed");
        first[0].NextAttemptAt.Should().Be(first[0].LastAttemptAt!.Value.AddSeconds(10));
        first[0].LastStatusCode.Should().Be(500);
        first[0].Status.Should().Be(WebhookDeliveryStatus.Pending);

        clock.Advance(TimeSpan.FromSeconds(10));
        var second = await app.EventuallyAsync(() => app.DeliveriesOfAsync(sub.Id), d => d[0].Attempts == 2, "the second attempt failed");
        second[0].NextAttemptAt.Should().Be(second[0].LastAttemptAt!.Value.AddSeconds(30));
        second[0].LastError.Should().Contain("503");

        clock.Advance(TimeSpan.FromSeconds(30));
        var done = await app.EventuallyAsync(() => app.DeliveriesOfAsync(sub.Id), d => d[0].Status == WebhookDeliveryStatus.Delivered, "delivered");
        done[0].Attempts.Should().Be(3);
        done[0].DeliveredAt.Should().Be(clock.GetUtcNow().UtcDateTime);
        app.Sender.Requests.Select(r => r.DeliveryId).Should().Equal(done[0].DeliveryId, done[0].DeliveryId, done[0].DeliveryId);
        app.Sender.Requests.Select(r => r.Payload).Distinct().Should().ContainSingle("every attempt sends the same body");
        (await app.SubscriptionAsync(sub.Id)).ConsecutiveFailures.Should().Be(0, "a success ends the streak");
    }

    [Fact]
    public async Task ReceiverDownForADay_GivesUpAfter24Hours_AndPausesTheSubscription()
    {
        var clock = Clock();
        using var app = new WebhookTestApp(clock);
        var admin = await app.AdminAsync();
        var sub = await app.SubscribeAsync(admin, WebhookEvents.ContactCreated);
        app.Sender.Answer = _ => RecordingWebhookSender.Failed(500);
        await app.Factory.StartAsync("Jo Down", firstMessage: null);
        var queued = (await app.EventuallyAsync(() => app.DeliveriesOfAsync(sub.Id), d => d.Count == 1 && d[0].Attempts == 1, "first attempt")).Single();

        var attempts = 1;
        while (true)
        {
            var row = (await app.DeliveriesOfAsync(sub.Id)).Single();
            if (row.Status != WebhookDeliveryStatus.Pending || (await app.SubscriptionAsync(sub.Id)).PausedAt is not null)
                break;
            clock.Advance(row.NextAttemptAt!.Value - clock.GetUtcNow().UtcDateTime);
            attempts++;
            await app.EventuallyAsync(() => app.DeliveriesOfAsync(sub.Id), d => d[0].Attempts == attempts, $"attempt {attempts}");
        }

        var paused = await app.SubscriptionAsync(sub.Id);
        paused.PausedAt.Should().NotBeNull("ten attempts in a row failed for over an hour");
        paused.PauseReason.Should().Contain("in a row failed");
        var delivery = (await app.DeliveriesOfAsync(sub.Id)).Single();
        (delivery.LastAttemptAt!.Value - queued.CreatedAt).Should().BeGreaterThan(TimeSpan.FromHours(1));
        (await app.Factory.QueryAsync(db => db.AuditLog.CountAsync(a => a.Action == "webhook.paused" && a.TargetId == sub.Id.ToString())))
            .Should().Be(1);
        await app.EventuallyAsync(() => Task.FromResult(app.Factory.Services.GetRequiredService<WebhookState>().Current),
            s => s.PausedSubscriptions == 1 && s.Pending == 1, "the health shows the pause");

        // Resumed, the receiver still down: retried until the day is over, then failed for good.
        await app.Subscriptions.ResumeAsync(admin, AuditActor.From(admin), sub.Id);
        while ((await app.DeliveriesOfAsync(sub.Id)).Single() is { Status: WebhookDeliveryStatus.Pending } row)
        {
            var before = row.Attempts;
            if (row.NextAttemptAt > clock.GetUtcNow().UtcDateTime)
                clock.Advance(row.NextAttemptAt!.Value - clock.GetUtcNow().UtcDateTime);
            await app.EventuallyAsync(() => app.DeliveriesOfAsync(sub.Id), d => d[0].Attempts > before || (d[0].Attempts == 0 && before == 0), "next attempt");
            if ((await app.SubscriptionAsync(sub.Id)).PausedAt is not null)
                await app.Subscriptions.ResumeAsync(admin, AuditActor.From(admin), sub.Id);
        }
        var failed = (await app.DeliveriesOfAsync(sub.Id)).Single();
        failed.Status.Should().Be(WebhookDeliveryStatus.Failed);
        failed.LastAttemptAt.Should().Be(queued.CreatedAt.AddHours(24), "the last attempt is at the end of the window");
        failed.NextAttemptAt.Should().BeNull();
    }

    [Fact]
    public async Task TestEventAndRedeliver_KeepTheDeliveryId()
    {
        using var app = new WebhookTestApp();
        var admin = await app.AdminAsync();
        var sub = await app.SubscribeAsync(admin, WebhookEvents.ContactCreated);

        var ping = await app.Deliveries.SendTestAsync(admin, sub.Id);
        await app.EventuallyAsync(() => app.DeliveriesOfAsync(sub.Id), d => d.Single().Status == WebhookDeliveryStatus.Delivered, "the ping was delivered");
        var redelivered = await app.Deliveries.RedeliverAsync(admin, AuditActor.From(admin), sub.Id, ping.DeliveryId);
        redelivered.Status.Should().Be(WebhookDeliveryStatus.Pending);
        redelivered.Attempts.Should().Be(0);
        var again = await app.EventuallyAsync(() => app.DeliveriesOfAsync(sub.Id), d => d.Single().Status == WebhookDeliveryStatus.Delivered && d.Single().Attempts == 1,
            "the redelivery was delivered");

        again.Single().DeliveryId.Should().Be(ping.DeliveryId);
        app.Sender.Requests.Where(r => r.Event == "ping").Select(r => r.DeliveryId).Should().Equal(ping.DeliveryId, ping.DeliveryId);
        app.Sender.Requests.First(r => r.Event == "ping").Payload.Should().Contain($"\"subscriptionId\":{sub.Id}");
        var pending = () => app.Deliveries.RedeliverAsync(admin, AuditActor.From(admin), sub.Id, Guid.NewGuid());
        await pending.Should().ThrowAsync<QanDu.Dashboard.Features.Access.ChatNotFoundException>();
    }

    [Fact]
    public async Task SlowReceiver_DoesNotHoldBackTheOthers()
    {
        using var app = new WebhookTestApp();
        var admin = await app.AdminAsync();
        var slow = await app.SubscribeAsync(admin, WebhookEvents.ContactCreated);
        var fast = await app.SubscribeAsync(admin, WebhookEvents.ContactCreated);
        app.Sender.Stall = slow.Url;

        await app.Factory.StartAsync("Kim One", firstMessage: null);
        await app.Factory.StartAsync("Kim Two", firstMessage: null);

        await app.EventuallyAsync(() => app.DeliveriesOfAsync(fast.Id), d => d.Count == 2 && d.All(x => x.Status == WebhookDeliveryStatus.Delivered),
            "the fast receiver got both while the slow one stalls");
        (await app.DeliveriesOfAsync(slow.Id)).Should().OnlyContain(d => d.Status == WebhookDeliveryStatus.Pending);
        app.Sender.Release();
        await app.EventuallyAsync(() => app.DeliveriesOfAsync(slow.Id), d => d.All(x => x.Status == WebhookDeliveryStatus.Delivered), "the slow one caught up");
    }

    [Fact]
    public async Task Restart_PendingDeliveriesSent_WithTheirIds()
    {
        using var folder = new TempDataFolder();
        List<Guid> queued;
        long subscriptionId;
        var down = new RecordingWebhookSender { Answer = _ => RecordingWebhookSender.Failed(502) };
        using (var before = new WebhookTestApp(folder: folder, sender: down))
        {
            var admin = await before.AdminAsync();
            subscriptionId = (await before.SubscribeAsync(admin, WebhookEvents.ContactCreated)).Id;
            await before.Factory.StartAsync("Lou One", firstMessage: null);
            await before.Factory.StartAsync("Lou Two", firstMessage: null);
            queued = [.. (await before.EventuallyAsync(() => before.DeliveriesOfAsync(subscriptionId), d => d.Count == 2 && d.All(x => x.Attempts >= 1), "tried once"))
                .Select(d => d.DeliveryId)];
        }

        // The retries are due 10 s after the failed attempts: the restarted app (its clock a minute on) sends both, same ids.
        using var after = new WebhookTestApp(new FakeTimeProvider(DateTimeOffset.UtcNow.AddMinutes(1)), folder);
        var sent = await after.EventuallyAsync(() => after.DeliveriesOfAsync(subscriptionId), d => d.All(x => x.Status == WebhookDeliveryStatus.Delivered),
            "delivered after the restart");
        sent.Select(d => d.DeliveryId).Should().BeEquivalentTo(queued);
        after.Sender.Requests.Select(r => r.DeliveryId).Should().BeEquivalentTo(queued);
    }
}
