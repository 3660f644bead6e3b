using Microsoft.EntityFrameworkCore;
using QanDu.Dashboard.Data;

namespace QanDu.Dashboard.Features.Files;

/// <summary>
/// Deletes stored files that no attachment owns any more: the files of attachments a commit removed (retention, a
/// contact's erasure), deleted right after that commit, and any such file left behind when the app stopped or the disk
/// refused in between (<see cref="SweepAsync"/>, at start-up and on every retention pass). A file an attachment still
/// names is never deleted.
/// </summary>
public sealed class StoredFileCleanup(FileStore store, IDbContextFactory<ChatDbContext> dbFactory, ILogger<StoredFileCleanup> logger)
{
    private const int Chunk = 500;

    /// <summary>
    /// After the commit that removed their attachments: deletes those of <paramref name="storedNames"/> that no attachment
    /// names; answers how many files were on disk and deleted. One that cannot be deleted now is left to the next sweep.
    /// </summary>
    public async Task<int> DeleteUnreferencedAsync(IReadOnlyCollection<string> storedNames, CancellationToken ct)
    {
        if (storedNames.Count == 0)
            return 0;
        var owned = await OwnedAsync([.. storedNames.Distinct(StringComparer.Ordinal)], ct);
        var deleted = 0;
        foreach (var name in storedNames.Where(n => !owned.Contains(n)).Distinct(StringComparer.Ordinal))
            deleted += Delete(name) ? 1 : 0;
        return deleted;
    }

    /// <summary>Deletes every stored file that no attachment owns; answers how many.</summary>
    /// <remarks>
    /// Listed before asking the database: a file appears in its place only after its attachment committed, so no file of a
    /// message being posted is taken for an orphan.
    /// </remarks>
    public async Task<int> SweepAsync(CancellationToken ct)
    {
        var stored = store.StoredNames();
        var owned = await OwnedAsync(stored, ct);
        var deleted = 0;
        foreach (var name in stored.Where(n => !owned.Contains(n)))
            deleted += Delete(name) ? 1 : 0;
        if (deleted > 0)
            logger.LogWarning("Deleted {Count} stored files that no message owns", deleted);
        return deleted;
    }

    private bool Delete(string storedName)
    {
        try
        {
            var existed = File.Exists(store.PathOf(storedName));
            store.DeleteStored(storedName);
            return existed;
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            logger.LogWarning(ex, "Could not delete the stored file {StoredName}; the next sweep tries again", storedName);
            return false;
        }
    }

    private async Task<HashSet<string>> OwnedAsync(IReadOnlyList<string> names, CancellationToken ct)
    {
        var owned = new HashSet<string>(StringComparer.Ordinal);
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        foreach (var chunk in names.Chunk(Chunk))
        {
            var list = chunk.ToList();
            owned.UnionWith(await db.Attachments.AsNoTracking().Where(a => list.Contains(a.StoredName)).Select(a => a.StoredName).ToListAsync(ct));
        }
        return owned;
    }
}
