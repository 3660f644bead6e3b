using System.Collections.Concurrent;
using Microsoft.EntityFrameworkCore;
using QanDu.Dashboard.Data;
using QanDu.Dashboard.Data.Entities;
using QanDu.Dashboard.Features.Audit;
using QanDu.Dashboard.Realtime;

namespace QanDu.Dashboard.Features.Account;

/// <summary>One signed-in browser as the person sees it on their profile.</summary>
public sealed record SessionView(string Id, DateTime CreatedAt, DateTime LastSeenAt, string? Address, string? UserAgent, string Method);

/// <summary>What a session's cookie (or circuit) should do now.</summary>
public enum SessionState
{
    /// <summary>Nothing changed.</summary>
    Valid,

    /// <summary>Still signed in, but roles or name changed: take them from the database again.</summary>
    Refresh,

    /// <summary>Signed out on the server (sign-out, "sign out everywhere else", deactivation, password change): end it.</summary>
    Ended,
}

/// <summary>
/// The signed-in browsers of each person (<see cref="UserSession"/> rows): created at sign-in, named in the cookie,
/// checked on every request and by open circuits, and ended one at a time or all at once. Every change publishes
/// <see cref="AccessChanged"/>, so open circuits of that person check again at once instead of at their next request.
/// </summary>
public sealed class UserSessions(IDbContextFactory<ChatDbContext> dbFactory, IChatEvents events, AuditLog audit, TimeProvider clock)
{
    /// <summary>How often a session's "last seen" is written, at most.</summary>
    internal static readonly TimeSpan LastSeenResolution = TimeSpan.FromMinutes(1);

    private readonly ConcurrentDictionary<string, DateTime> _lastSeenWritten = new();

    public async Task<string> CreateAsync(string userId, string? address, string? userAgent, string method, CancellationToken ct = default)
    {
        var now = clock.GetUtcNow().UtcDateTime;
        var session = new UserSession
        {
            Id = Guid.NewGuid().ToString("N"),
            UserId = userId,
            CreatedAt = now,
            LastSeenAt = now,
            Address = address,
            UserAgent = userAgent is { Length: > 300 } ? userAgent[..300] : userAgent,
            Method = string.IsNullOrEmpty(method) ? "password" : method,
        };
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        db.Sessions.Add(session);
        await db.SaveChangesAsync(ct);
        _lastSeenWritten[session.Id] = now;
        return session.Id;
    }

    /// <summary>
    /// The state of a session for the cookie it came in (its security stamp and access version): ended when the session
    /// was revoked, the person deactivated or the stamp changed; refresh when roles or name changed. One indexed read.
    /// </summary>
    public async Task<SessionState> CheckAsync(string userId, string sessionId, string? stamp, int accessVersion, CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var found = await db.Sessions.AsNoTracking()
            .Where(s => s.Id == sessionId && s.UserId == userId)
            .Select(s => new { s.RevokedAt, s.User!.SecurityStamp, s.User.DeactivatedAt, s.User.AccessVersion })
            .FirstOrDefaultAsync(ct);
        if (found is null || found.RevokedAt is not null || found.DeactivatedAt is not null || found.SecurityStamp != stamp)
            return SessionState.Ended;
        return found.AccessVersion != accessVersion ? SessionState.Refresh : SessionState.Valid;
    }

    /// <summary>The person's role names now (an open circuit compares them with the roles it started with).</summary>
    public async Task<IReadOnlySet<string>> RolesOfAsync(string userId, CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var names = await db.UserRoles.Where(r => r.UserId == userId)
            .Join(db.Roles, ur => ur.RoleId, r => r.Id, (_, r) => r.Name!)
            .ToListAsync(ct);
        return names.ToHashSet(StringComparer.Ordinal);
    }

    /// <summary>Records that the session was used, at most once a minute (a busy agent does not write on every request).</summary>
    public async Task TouchAsync(string sessionId, CancellationToken ct = default)
    {
        var now = clock.GetUtcNow().UtcDateTime;
        if (_lastSeenWritten.TryGetValue(sessionId, out var written) && now - written < LastSeenResolution)
            return;
        _lastSeenWritten[sessionId] = now;
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        await db.Sessions.Where(s => s.Id == sessionId).ExecuteUpdateAsync(s => s.SetProperty(x => x.LastSeenAt, now), ct);
    }

    /// <summary>The person's signed-in browsers, most recently used first.</summary>
    public async Task<IReadOnlyList<SessionView>> ListAsync(string userId, CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        return await db.Sessions.AsNoTracking()
            .Where(s => s.UserId == userId && s.RevokedAt == null)
            .OrderByDescending(s => s.LastSeenAt)
            .Select(s => new SessionView(s.Id, s.CreatedAt, s.LastSeenAt, s.Address, s.UserAgent, s.Method))
            .ToListAsync(ct);
    }

    /// <summary>Signs one browser out (the person's own sign-out, or theirs chosen from the profile).</summary>
    public Task<int> EndAsync(string userId, string sessionId, AuditActor actor, CancellationToken ct = default) =>
        EndWhereAsync(userId, s => s.Id == sessionId, actor, "session.ended", ct);

    /// <summary>"Sign out everywhere else": every browser of the person but <paramref name="keptSessionId"/>.</summary>
    public Task<int> EndOthersAsync(string userId, string keptSessionId, AuditActor actor, CancellationToken ct = default) =>
        EndWhereAsync(userId, s => s.Id != keptSessionId, actor, "session.ended_others", ct);

    /// <summary>Every browser of the person (deactivation, a password reset).</summary>
    public Task<int> EndAllAsync(string userId, AuditActor actor, CancellationToken ct = default) =>
        EndWhereAsync(userId, _ => true, actor, "session.ended_all", ct);

    private async Task<int> EndWhereAsync(string userId, System.Linq.Expressions.Expression<Func<UserSession, bool>> which,
        AuditActor actor, string action, CancellationToken ct)
    {
        var now = clock.GetUtcNow().UtcDateTime;
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        await using var transaction = await db.Database.BeginTransactionAsync(ct);
        var ended = await db.Sessions.Where(s => s.UserId == userId && s.RevokedAt == null).Where(which)
            .ExecuteUpdateAsync(s => s.SetProperty(x => x.RevokedAt, now), ct);
        if (ended > 0)
        {
            audit.Add(db, actor, new AuditRecord(action, "user", userId, Detail: $"{ended} session(s) signed out"));
            await db.SaveChangesAsync(ct);
        }
        await transaction.CommitAsync(ct);
        if (ended > 0)
            events.Publish(new AccessChanged(userId));
        return ended;
    }
}
