namespace QanDu.Dashboard.Features.Threads;

/// <summary>Every half minute, reopens the snoozed conversations whose time has come (<see cref="ConversationLifecycle.WakeDueAsync"/>).</summary>
internal sealed class SnoozeWaker(ConversationLifecycle lifecycle, TimeProvider clock, ILogger<SnoozeWaker> logger) : BackgroundService
{
    internal static readonly TimeSpan Interval = TimeSpan.FromSeconds(30);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(Interval, clock);
        do
        {
            try
            {
                // Catches up at once after a restart: conversations whose snooze ended meanwhile wake on the first pass.
                while (await lifecycle.WakeDueAsync(stoppingToken) == ConversationLifecycle.WakeBatch)
                {
                }
            }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                logger.LogError(ex, "Could not reopen the snoozed conversations whose time has come");
            }
        }
        while (await timer.WaitForNextTickAsync(stoppingToken));
    }
}
