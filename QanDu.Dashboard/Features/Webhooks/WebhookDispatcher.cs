using System.Collections.Concurrent;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using QanDu.Dashboard.Data;
using QanDu.Dashboard.Data.Entities;
using QanDu.Dashboard.Features.Audit;
using QanDu.Dashboard.Features.Operations;

namespace QanDu.Dashboard.Features.Webhooks;

/// <summary>
/// Sends the outbox. Woken after every commit that wrote deliveries (and every few seconds anyway), a pass picks the
/// Pending deliveries that are due, oldest first, and starts one worker per subscription that has some: a worker sends its
/// subscription's deliveries one after another, and at most <see cref="WebhookOptions.MaxConcurrency"/> attempts run at once
/// across all workers, so a slow receiver holds one slot and never the others. A failure is retried with
/// <see cref="WebhookBackoff"/> until <see cref="WebhookOptions.RetryHours"/> after the delivery was queued, then it is
/// Failed; a retry waits while later deliveries go on, so receivers must not rely on order. A subscription whose attempts
/// keep failing is paused (<see cref="WebhookPauses"/>). Everything lives in the table: after a restart the first pass
/// picks up what was Pending, including a delivery that was in flight (sent again with the same id).
/// </summary>
public sealed class WebhookDispatcher(
    IDbContextFactory<ChatDbContext> dbFactory,
    IWebhookSender sender,
    WebhookSignal signal,
    WebhookPauses pauses,
    WebhookState state,
    QanduMetrics metrics,
    RecentErrors errors,
    TimeProvider clock,
    IOptions<WebhookOptions> options,
    ILogger<WebhookDispatcher> logger) : BackgroundService
{
    private const int PassSize = 500;
    private const int PerWorker = 50;

    private readonly ConcurrentDictionary<long, Task> _workers = new();
    private SemaphoreSlim? _slots;

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        _slots = new SemaphoreSlim(options.Value.MaxConcurrency);
        var poll = TimeSpan.FromSeconds(options.Value.PollSeconds);
        while (!stoppingToken.IsCancellationRequested)
        {
            var wait = poll;
            try
            {
                wait = await PassAsync(poll, stoppingToken);
            }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                logger.LogError(ex, "The webhook dispatcher's pass failed; it tries again in {Seconds} s", poll.TotalSeconds);
                errors.Record(ex, null, "Webhook dispatcher");
            }
            try
            {
                await signal.WaitAsync(wait, clock, stoppingToken);
            }
            catch (OperationCanceledException)
            {
                break;
            }
        }
        await Task.WhenAll(_workers.Values).WaitAsync(TimeSpan.FromSeconds(5), CancellationToken.None).ContinueWith(_ => { }, CancellationToken.None);
    }

    /// <summary>Starts workers for the due deliveries of idle subscriptions; returns how long to sleep (until the next is due, at most <paramref name="poll"/>).</summary>
    private async Task<TimeSpan> PassAsync(TimeSpan poll, CancellationToken ct)
    {
        var now = clock.GetUtcNow().UtcDateTime;
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var busy = _workers.Keys.ToList();
        var due = await Sendable(db.WebhookDeliveries)
            .Where(d => d.NextAttemptAt <= now && !busy.Contains(d.SubscriptionId))
            .OrderBy(d => d.NextAttemptAt).ThenBy(d => d.Id)
            .Select(d => new { d.Id, d.SubscriptionId })
            .Take(PassSize).ToListAsync(ct);
        foreach (var group in due.GroupBy(d => d.SubscriptionId))
        {
            var ids = group.Select(d => d.Id).Take(PerWorker).ToList();
            var started = new TaskCompletionSource();
            var worker = Task.Run(async () =>
            {
                await started.Task;
                await WorkAsync(group.Key, ids, ct);
            }, CancellationToken.None);
            if (_workers.TryAdd(group.Key, worker))
                started.SetResult();
            else
                started.SetCanceled(CancellationToken.None);
        }
        state.Set(await HealthAsync(db, ct));
        var next = await Sendable(db.WebhookDeliveries).Where(d => !busy.Contains(d.SubscriptionId))
            .MinAsync(d => d.NextAttemptAt, ct);
        return next is { } at && at - now < poll ? (at > now ? at - now : TimeSpan.Zero) : poll;
    }

    /// <summary>Pending deliveries of subscriptions that send (a paused one still sends its test events).</summary>
    private static IQueryable<WebhookDelivery> Sendable(IQueryable<WebhookDelivery> deliveries) =>
        deliveries.Where(d => d.Status == WebhookDeliveryStatus.Pending
                              && ((d.Subscription!.Enabled && d.Subscription.PausedAt == null) || d.Event == WebhookEvents.Ping));

    private async Task WorkAsync(long subscriptionId, List<long> ids, CancellationToken ct)
    {
        try
        {
            foreach (var id in ids)
            {
                await _slots!.WaitAsync(ct);
                bool keepGoing;
                try
                {
                    keepGoing = await AttemptAsync(id, ct);
                }
                finally
                {
                    _slots.Release();
                }
                if (!keepGoing)
                    break;
            }
        }
        catch (OperationCanceledException) when (ct.IsCancellationRequested)
        {
            // Shutting down: what was not recorded stays Pending and is sent after the restart.
        }
        catch (Exception ex)
        {
            logger.LogError(ex, "Webhook deliveries of subscription {SubscriptionId} failed to be recorded; they are retried", subscriptionId);
            errors.Record(ex, null, "Webhook dispatcher");
        }
        finally
        {
            _workers.TryRemove(subscriptionId, out _);
            signal.Wake();
        }
    }

    /// <summary>One attempt, recorded; false when the worker should stop (the subscription was paused or deleted).</summary>
    private async Task<bool> AttemptAsync(long id, CancellationToken ct)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var delivery = await db.WebhookDeliveries.Include(d => d.Subscription).FirstOrDefaultAsync(d => d.Id == id, ct);
        if (delivery?.Subscription is not { } subscription)
            return false;
        if (delivery.Status != WebhookDeliveryStatus.Pending)
            return true;
        if (subscription.PausedAt is not null && delivery.Event != WebhookEvents.Ping)
            return false;

        var result = await SendAsync(subscription, delivery, ct);
        var now = clock.GetUtcNow().UtcDateTime;
        delivery.Attempts++;
        delivery.LastAttemptAt = now;
        delivery.LastStatusCode = result.StatusCode;
        delivery.LastError = result.Delivered ? null : Clip(result.Error ?? result.Outcome, 1000);
        delivery.LastDurationMs = (long)result.Duration.TotalMilliseconds;
        var paused = false;
        if (result.Delivered)
        {
            delivery.Status = WebhookDeliveryStatus.Delivered;
            delivery.DeliveredAt = now;
            delivery.NextAttemptAt = null;
            subscription.ConsecutiveFailures = 0;
        }
        else
        {
            var deadline = delivery.CreatedAt + TimeSpan.FromHours(options.Value.RetryHours);
            if (result.Permanent || now >= deadline)
            {
                delivery.Status = WebhookDeliveryStatus.Failed;
                delivery.NextAttemptAt = null;
            }
            else
            {
                var next = now + WebhookBackoff.After(delivery.Attempts);
                delivery.NextAttemptAt = next < deadline ? next : deadline;
            }
            subscription.ConsecutiveFailures++;
            paused = await pauses.PauseIfFailingAsync(db, subscription, delivery, now, ct);
        }
        try
        {
            await db.SaveChangesAsync(CancellationToken.None);
        }
        catch (DbUpdateConcurrencyException)
        {
            return false; // the subscription was deleted meanwhile (its deliveries with it)
        }
        metrics.WebhookAttempt(delivery.Event, result.Delivered, result.Outcome);
        if (paused)
            pauses.Paused(subscription);
        if (!result.Delivered)
            logger.LogInformation("Webhook delivery {DeliveryId} ({Event}) to subscription {SubscriptionId} failed: {Outcome}; {Next}",
                delivery.DeliveryId, delivery.Event, subscription.Id, result.Outcome,
                delivery.Status == WebhookDeliveryStatus.Failed ? "gave up" : $"next attempt at {delivery.NextAttemptAt:O}");
        return !paused;
    }

    private async Task<WebhookAttemptResult> SendAsync(WebhookSubscription subscription, WebhookDelivery delivery, CancellationToken ct)
    {
        if (!Uri.TryCreate(subscription.Url, UriKind.Absolute, out var url))
            return new WebhookAttemptResult(false, null, "invalid_url", $"The URL \"{subscription.Url}\" is not an absolute URL.", TimeSpan.Zero, Permanent: true);
        try
        {
            return await sender.SendAsync(new WebhookRequest(url, subscription.Secret, delivery.DeliveryId, delivery.Event, delivery.Payload), ct);
        }
        catch (Exception ex) when (ex is not OperationCanceledException || !ct.IsCancellationRequested)
        {
            logger.LogError(ex, "The webhook sender threw for delivery {DeliveryId}", delivery.DeliveryId);
            return new WebhookAttemptResult(false, null, "error", ex.Message, TimeSpan.Zero);
        }
    }

    private async Task<WebhookHealth> HealthAsync(ChatDbContext db, CancellationToken ct)
    {
        var pending = await db.WebhookDeliveries.Where(d => d.Status == WebhookDeliveryStatus.Pending)
            .GroupBy(d => 1).Select(g => new { Count = g.Count(), Oldest = g.Min(d => d.CreatedAt) }).FirstOrDefaultAsync(ct);
        var subscriptions = await db.WebhookSubscriptions.AsNoTracking()
            .Select(s => new { Paused = s.PausedAt != null || !s.Enabled, Failing = s.ConsecutiveFailures > 0 }).ToListAsync(ct);
        return new WebhookHealth(pending?.Count ?? 0, subscriptions.Count(s => s.Failing && !s.Paused), subscriptions.Count(s => s.Paused),
            pending is null ? null : new DateTimeOffset(DateTime.SpecifyKind(pending.Oldest, DateTimeKind.Utc)));
    }

    private static string Clip(string text, int max) => text.Length <= max ? text : text[..(max - 1)] + "…";
}
