using Microsoft.Extensions.Options;
using QanDu.Dashboard.Data.Entities;

namespace QanDu.Dashboard.Features.Backups;

/// <summary>
/// Takes a backup at every occurrence of <c>Backup:Schedule</c> (in <c>Backup:TimeZone</c>) through <see cref="BackupRunner"/>.
/// Wakes at least every <see cref="Refresh"/> to re-read the state, so a run that was missed or never finished shows.
/// Nothing that goes wrong stops the loop: a failed backup is a failed record, and the next occurrence still runs.
/// </summary>
internal sealed class BackupScheduler(BackupRunner runner, IOptions<BackupOptions> options, TimeProvider clock, ILogger<BackupScheduler> logger)
    : BackgroundService
{
    internal static readonly TimeSpan Refresh = TimeSpan.FromMinutes(15);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        try
        {
            await runner.CloseAbandonedAsync(stoppingToken);
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            logger.LogError(ex, "Could not close the backups a stopped app left running");
        }
        await runner.RefreshStateAsync(stoppingToken);
        if (!options.Value.Enabled)
            return; // run now still works; the state says no run is scheduled
        var schedule = BackupSchedule.From(options.Value);
        var due = schedule.Next(clock.GetUtcNow());
        while (due is { } at && !stoppingToken.IsCancellationRequested)
        {
            try
            {
                var now = clock.GetUtcNow();
                if (at <= now)
                {
                    await runner.RunAsync(BackupTrigger.Scheduled, startedById: null, stoppingToken);
                    due = schedule.Next(clock.GetUtcNow());
                    continue;
                }
                var wait = at - now < Refresh ? at - now : Refresh;
                await Task.Delay(wait, clock, stoppingToken);
                await runner.RefreshStateAsync(stoppingToken);
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
            catch (Exception ex)
            {
                // RunAsync records its own failures; this is the loop itself (the database gone, say): wait and go on.
                logger.LogError(ex, "The backup schedule hit an error; the next run is still scheduled");
                await Task.Delay(TimeSpan.FromMinutes(1), clock, stoppingToken).ContinueWith(_ => { }, TaskScheduler.Default);
            }
        }
    }
}
