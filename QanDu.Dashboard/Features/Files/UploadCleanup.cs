using Microsoft.EntityFrameworkCore;
using QanDu.Dashboard.Data;

namespace QanDu.Dashboard.Features.Files;

/// <summary>
/// Keeps the files folder in step with the attachments, at start-up and every few minutes: an upload an attachment owns
/// but that was not moved (the app stopped between the commit and the move) is moved into place; uploads nobody
/// attached within their lifetime are deleted. At start-up, stored files that no attachment owns (left by versions
/// that moved files before the commit, or by a stop between a deletion's commit and its files) are deleted.
/// </summary>
internal sealed class UploadCleanup(FileStore store, StoredFileCleanup sweep, IDbContextFactory<ChatDbContext> dbFactory, ILogger<UploadCleanup> logger)
    : BackgroundService
{
    private const int Chunk = 500;
    private static readonly TimeSpan Interval = TimeSpan.FromMinutes(5);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(Interval);
        var startUp = true;
        do
        {
            try
            {
                await RunOnceAsync(startUp, stoppingToken);
            }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                logger.LogError(ex, "Could not tidy up the files in {Folder}", store.Root);
            }
            startUp = false;
        }
        while (await timer.WaitForNextTickAsync(stoppingToken));
    }

    /// <summary>One pass: settle attached uploads, (at start-up) delete unowned stored files, delete expired uploads.</summary>
    internal async Task RunOnceAsync(bool startUp, CancellationToken ct)
    {
        var settled = 0;
        var unsettled = new HashSet<string>(StringComparer.Ordinal);
        foreach (var id in await OwnedAsync(store.WaitingUploadIds(), FileStore.StoredNameOf, ct))
        {
            if (store.Settle(id))
                settled++;
            else
            {
                unsettled.Add(id); // never deleted as expired: a message owns it
                logger.LogWarning("Could not move the attached upload {UploadId} into place; downloads and the next pass try again", id);
            }
        }
        if (settled > 0)
            logger.LogInformation("Moved {Count} attached uploads into place (the app had stopped before moving them)", settled);
        if (startUp)
            await sweep.SweepAsync(ct); // stored files no attachment owns (the app stopped between a delete's commit and its files)
        var removed = store.CleanUp(keep: unsettled);
        if (removed > 0)
            logger.LogInformation("Deleted {Count} uploads that were never attached to a message", removed);
    }

    /// <summary>The items whose stored name an attachment owns, asked in chunks.</summary>
    private async Task<List<string>> OwnedAsync(IReadOnlyList<string> items, Func<string, string> storedName, CancellationToken ct)
    {
        var owned = new List<string>();
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        foreach (var chunk in items.Chunk(Chunk))
        {
            var names = chunk.Select(storedName).ToList();
            var found = (await db.Attachments.AsNoTracking().Where(a => names.Contains(a.StoredName)).Select(a => a.StoredName).ToListAsync(ct))
                .ToHashSet(StringComparer.Ordinal);
            owned.AddRange(chunk.Where(item => found.Contains(storedName(item))));
        }
        return owned;
    }
}
