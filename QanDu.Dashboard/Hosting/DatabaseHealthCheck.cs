using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using QanDu.Dashboard.Data;

namespace QanDu.Dashboard.Hosting;

/// <summary>
/// Unhealthy when the database does not answer, when its last write was refused (disk full, I/O error, read-only file)
/// and none succeeded since, or when the disk has less free space than <c>Storage:MinFreeSpaceMegabytes</c>.
/// </summary>
internal sealed class DatabaseHealthCheck(IDbContextFactory<ChatDbContext> dbFactory, StorageHealth writes, StorageSpace space) : IHealthCheck
{
    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken ct = default)
    {
        try
        {
            await using var db = await dbFactory.CreateDbContextAsync(ct);
            await db.Database.ExecuteSqlRawAsync("SELECT 1", ct);
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            return HealthCheckResult.Unhealthy("The database does not answer.", ex);
        }
        if (writes.LastFailure is { } failure)
            return HealthCheckResult.Unhealthy(
                $"The database cannot be written: {failure.Reason} (a write was refused at {failure.At:u}; this clears when a write succeeds).");
        if (space.Shortage() is { } shortage)
            return HealthCheckResult.Unhealthy($"Low on disk space: {shortage}.");
        return HealthCheckResult.Healthy($"The database answers; {space.FreeBytes() / (1024 * 1024):N0} MB free.");
    }
}
