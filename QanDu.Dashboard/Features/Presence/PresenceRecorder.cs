using Microsoft.EntityFrameworkCore;
using QanDu.Dashboard.Data;
using QanDu.Dashboard.Data.Entities;
using QanDu.Dashboard.Realtime;

namespace QanDu.Dashboard.Features.Presence;

/// <summary>
/// The one writer of <see cref="PresenceChange"/> (the agents report's online time): appends each staff member's change
/// of effective presence as <see cref="PresenceService"/> publishes it. Presence lives in memory, so everyone is Offline
/// after a restart: at start-up (and at a clean shutdown) whoever the log still shows present is closed with Offline,
/// so no interval runs on across the time the app was down.
/// </summary>
public sealed class PresenceRecorder(IChatEvents events, IDbContextFactory<ChatDbContext> dbFactory, TimeProvider clock, ILogger<PresenceRecorder> logger)
    : IHostedService
{
    private IDisposable? _subscription;

    public async Task StartAsync(CancellationToken cancellationToken)
    {
        await CloseOpenAsync(cancellationToken);
        _subscription = events.Subscribe(null, OnEventAsync);
    }

    public async Task StopAsync(CancellationToken cancellationToken)
    {
        _subscription?.Dispose();
        try
        {
            await CloseOpenAsync(cancellationToken);
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            logger.LogWarning(ex, "Could not close the presence log at shutdown; the next start closes it");
        }
    }

    private async Task OnEventAsync(ChatEvent chatEvent)
    {
        if (chatEvent is not PresenceChanged changed)
            return;
        try
        {
            await RecordAsync(changed.UserId, changed.Presence, CancellationToken.None);
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            logger.LogError(ex, "Could not record the presence change of user {UserId} to {Status}", changed.UserId, changed.Presence);
        }
    }

    /// <summary>Appends the change when the user is staff (has a role) and it differs from their last recorded status.</summary>
    internal async Task RecordAsync(string userId, PresenceStatus status, CancellationToken ct)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        if (!await db.UserRoles.AnyAsync(r => r.UserId == userId, ct))
            return;
        var last = await db.PresenceChanges.Where(p => p.UserId == userId).OrderByDescending(p => p.At).ThenByDescending(p => p.Id)
            .Select(p => (PresenceStatus?)p.Status).FirstOrDefaultAsync(ct) ?? PresenceStatus.Offline;
        if (last == status)
            return;
        db.PresenceChanges.Add(new PresenceChange { UserId = userId, Status = status, At = clock.GetUtcNow().UtcDateTime });
        await db.SaveChangesAsync(ct);
    }

    /// <summary>Writes Offline, now, for every user whose last recorded status is not Offline.</summary>
    private async Task CloseOpenAsync(CancellationToken ct)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var open = await db.PresenceChanges
            .Where(p => p.Status != PresenceStatus.Offline
                        && !db.PresenceChanges.Any(later => later.UserId == p.UserId && (later.At > p.At || (later.At == p.At && later.Id > p.Id))))
            .Select(p => p.UserId).Distinct().ToListAsync(ct);
        if (open.Count == 0)
            return;
        var now = clock.GetUtcNow().UtcDateTime;
        db.PresenceChanges.AddRange(open.Select(userId => new PresenceChange { UserId = userId, Status = PresenceStatus.Offline, At = now }));
        await db.SaveChangesAsync(ct);
    }
}
