using System.Globalization;
using Microsoft.EntityFrameworkCore;
using QanDu.Dashboard.Data;
using QanDu.Dashboard.Data.Entities;
using QanDu.Dashboard.Features.Activity;
using QanDu.Dashboard.Features.Messages;
using QanDu.Dashboard.Realtime;

namespace QanDu.Dashboard.Features.Sla;

/// <summary>
/// Every 15 seconds, records each SLA target of an open customer conversation whose due time passed without a person's
/// answer (or a resolve): once, also across restarts; then brings the SLA report's <see cref="SlaTargetRollup"/> up to date. A breach is an <see cref="ActivityKind.SlaBreached"/> fact at the due
/// time, a staff-only line in the conversation ("SLA breached: first response (policy Urgent) was due 14:05 UTC") and a
/// <see cref="SlaBreached"/> event for the inbox and the board.
/// </summary>
public sealed class SlaMonitor(
    SlaBook book, SlaTargetRollup rollup, IDbContextFactory<ChatDbContext> dbFactory, MessageService messages, IChatEvents events, TimeProvider clock,
    ILogger<SlaMonitor> logger) : BackgroundService
{
    internal static readonly TimeSpan Interval = TimeSpan.FromSeconds(15);
    private readonly SemaphoreSlim _oneRound = new(1, 1);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(Interval, clock);
        do
        {
            try
            {
                // Catches up at once after a restart: targets that fell due meanwhile are recorded on the first round.
                await CheckAsync(stoppingToken);
            }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                logger.LogError(ex, "Could not check the SLA targets of open conversations");
            }
            try
            {
                // The report's roll-up follows the log in the background, so a report rarely waits for it.
                await rollup.CatchUpAsync(stoppingToken);
            }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                logger.LogError(ex, "Could not bring the SLA report's targets up to date; the next round tries again");
            }
        }
        while (await timer.WaitForNextTickAsync(stoppingToken));
    }

    /// <summary>Records every breach that is due and not yet recorded; returns how many this round recorded.</summary>
    public async Task<int> CheckAsync(CancellationToken ct = default)
    {
        await _oneRound.WaitAsync(ct);
        try
        {
            var now = clock.GetUtcNow().UtcDateTime;
            var recorded = 0;
            foreach (var status in await book.OpenAsync(ct))
            {
                foreach (var target in status.Targets.Where(t => t.Running && t.DueAt < now && !status.IsRecorded(t)))
                {
                    if (await RecordAsync(status, target, ct))
                        recorded++;
                }
            }
            return recorded;
        }
        finally
        {
            _oneRound.Release();
        }
    }

    /// <summary>
    /// The line first, then the fact: the line's key makes it idempotent, and the fact's check and insert are one
    /// transaction. A crash between the two writes the line again (it is found by its key) and then the fact, so a breach is
    /// never lost and never recorded twice. A target that is met or stopped meanwhile was still breached: its due time had passed.
    /// </summary>
    private async Task<bool> RecordAsync(SlaStatus status, SlaTarget target, CancellationToken ct)
    {
        var metric = ConversationActivityLog.MetricName(target.Metric);
        await messages.PostSystemAsync(status.ThreadId, Line(status, target), new SystemMetadata("sla", "breached"), ct,
            clientKey: $"sla-{metric}-{target.DueAt.Ticks}");
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        await using var transaction = await db.Database.BeginTransactionAsync(ct);
        var already = await db.ConversationActivity.AnyAsync(a => a.ThreadId == status.ThreadId && a.Kind == ActivityKind.SlaBreached
                                                                 && a.Detail == metric && a.At >= target.StartedAt, ct);
        if (already)
            return false;
        var thread = await db.Threads.AsNoTracking().FirstOrDefaultAsync(t => t.Id == status.ThreadId, ct);
        if (thread is null)
            return false; // deleted meanwhile
        var fact = ConversationActivityLog.Fact(thread, ActivityKind.SlaBreached, target.DueAt);
        fact.Detail = metric;
        fact.Value = (int)status.PolicyId;
        db.ConversationActivity.Add(fact);
        await db.SaveChangesAsync(ct);
        await transaction.CommitAsync(ct);
        events.Publish(new SlaBreached(status.ThreadId, target.Metric, status.PolicyId, target.DueAt));
        return true;
    }

    private static string Line(SlaStatus status, SlaTarget target) =>
        $"SLA breached: {SlaText.Metric(target.Metric)} (policy {status.PolicyName}) was due "
        + target.DueAt.ToString("d MMM HH:mm", CultureInfo.InvariantCulture) + " UTC";

    public override void Dispose()
    {
        _oneRound.Dispose();
        base.Dispose();
    }
}
