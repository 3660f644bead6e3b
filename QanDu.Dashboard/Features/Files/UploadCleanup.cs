namespace QanDu.Dashboard.Features.Files;

/// <summary>Deletes uploads that were never attached to a message, at start-up and every few minutes.</summary>
internal sealed class UploadCleanup(FileStore store, ILogger<UploadCleanup> logger) : BackgroundService
{
    private static readonly TimeSpan Interval = TimeSpan.FromMinutes(5);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(Interval);
        do
        {
            try
            {
                var removed = store.CleanUp();
                if (removed > 0)
                    logger.LogInformation("Deleted {Count} uploads that were never attached to a message", removed);
            }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                logger.LogError(ex, "Could not clean up unattached uploads in {Folder}", store.Root);
            }
        }
        while (await timer.WaitForNextTickAsync(stoppingToken));
    }
}
