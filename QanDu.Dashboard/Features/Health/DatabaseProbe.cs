using Microsoft.EntityFrameworkCore;
using QanDu.Dashboard.Data;

namespace QanDu.Dashboard.Features.Health;

/// <summary>
/// A real write to the database, at most every few seconds however many ask while it succeeds: inside one transaction a savepoint inserts
/// a row two pages larger than the free pages inside the file and rolls it back (so the file must be able to grow, as a
/// full disk or a size cap refuses), then the one probe row's time is updated and committed (so the file, its WAL and
/// the write lock take a commit). Nothing is left behind but that one row. The only writer of <c>HealthProbes</c>.
/// </summary>
internal sealed class DatabaseProbe(IDbContextFactory<ChatDbContext> dbFactory, TimeProvider clock)
{
    private static readonly TimeSpan CacheFor = TimeSpan.FromSeconds(3);
    private const long MaxGrowthBytes = 1024 * 1024;

    private readonly SemaphoreSlim _gate = new(1, 1);
    private Result? _last;

    /// <summary>How the last probe ended: <see cref="Refused"/> names why the write failed; null when it committed.</summary>
    public sealed record Result(string? Refused, TimeSpan Took, DateTimeOffset At);

    public async Task<Result> RunAsync(CancellationToken ct)
    {
        await _gate.WaitAsync(ct);
        try
        {
            // A refused write is tried again at once: the page must clear as soon as the database takes writes again.
            if (_last is { Refused: null } last && clock.GetUtcNow() - last.At < CacheFor)
                return last;
            return _last = await ProbeAsync(ct);
        }
        finally
        {
            _gate.Release();
        }
    }

    private async Task<Result> ProbeAsync(CancellationToken ct)
    {
        var started = clock.GetTimestamp();
        try
        {
            await using var db = await dbFactory.CreateDbContextAsync(ct);
            await using var transaction = await db.Database.BeginTransactionAsync(ct);
            var now = clock.GetUtcNow().UtcDateTime;
            var growth = (await db.Database.SqlQuery<long>(
                    $"SELECT (freelist_count + 2) * page_size AS Value FROM pragma_freelist_count(), pragma_page_size()")
                .ToListAsync(ct))[0];
            await transaction.CreateSavepointAsync("grow", ct);
            await db.Database.ExecuteSqlAsync(
                $"INSERT INTO HealthProbes (Id, CheckedAt, Padding) VALUES (0, {now}, zeroblob({Math.Min(growth, MaxGrowthBytes)}))", ct);
            await transaction.RollbackToSavepointAsync("grow", ct);
            await db.Database.ExecuteSqlAsync(
                $"INSERT INTO HealthProbes (Id, CheckedAt) VALUES (1, {now}) ON CONFLICT (Id) DO UPDATE SET CheckedAt = excluded.CheckedAt", ct);
            await transaction.CommitAsync(ct);
            return new Result(null, clock.GetElapsedTime(started), clock.GetUtcNow());
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            var reason = StorageErrors.WriteFailure(ex) ?? $"the database does not answer ({ex.GetBaseException().Message})";
            return new Result(reason, clock.GetElapsedTime(started), clock.GetUtcNow());
        }
    }
}
