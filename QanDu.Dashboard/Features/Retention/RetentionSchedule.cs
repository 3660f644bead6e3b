using QanDu.Dashboard.Features.Access;
using QanDu.Dashboard.Features.Audit;
using QanDu.Dashboard.Features.Operations;

namespace QanDu.Dashboard.Features.Retention;

/// <summary>
/// Runs the retention policy once a day (the first pass a few minutes after start-up), when it is on; every pass also
/// sweeps stored files no attachment owns (left by a stop between a deletion's commit and its files). A failed pass is
/// logged and listed with the recent errors, and the next day's pass runs as usual: the loop never ends on an error.
/// </summary>
internal sealed class RetentionSchedule(
    RetentionService retention,
    Files.StoredFileCleanup files,
    RecentErrors errors,
    TimeProvider clock,
    ILogger<RetentionSchedule> logger) : BackgroundService
{
    internal static readonly TimeSpan FirstPassAfter = TimeSpan.FromMinutes(5);
    internal static readonly TimeSpan Interval = TimeSpan.FromDays(1);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var wait = FirstPassAfter;
        while (!stoppingToken.IsCancellationRequested)
        {
            await Task.Delay(wait, clock, stoppingToken);
            wait = Interval;
            await PassAsync(stoppingToken);
        }
    }

    internal async Task PassAsync(CancellationToken ct)
    {
        try
        {
            if (await retention.RunPolicyAsync(AuditActor.From(ChatCaller.System("Data retention")), progress: null, ct) is null)
                await files.SweepAsync(ct); // the policy is off: only the files of erasures cut short
        }
        catch (ChatConflictException)
        {
            // An admin's Run now is under way: it does today's work.
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            logger.LogError(ex, "The daily retention pass failed; it runs again tomorrow (or use Run now on /admin/retention)");
            errors.Record(ex, traceId: null, where: "Data retention");
        }
    }
}
