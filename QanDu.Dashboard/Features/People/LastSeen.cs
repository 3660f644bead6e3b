using System.Collections.Concurrent;
using System.Security.Claims;
using Microsoft.EntityFrameworkCore;
using QanDu.Dashboard.Data;

namespace QanDu.Dashboard.Features.People;

/// <summary>
/// Keeps <c>AppUser.LastSeenAt</c> to the minute: a signed-in request (a page, the API, the circuit's connection) writes
/// it at most once a minute per person, decided in memory, so a busy person costs one small update a minute.
/// </summary>
public sealed class LastSeen(IDbContextFactory<ChatDbContext> dbFactory, TimeProvider clock, ILogger<LastSeen> logger)
{
    public static readonly TimeSpan Resolution = TimeSpan.FromMinutes(1);

    private const int MaxTracked = 50_000;
    private readonly ConcurrentDictionary<string, DateTime> _written = new(StringComparer.Ordinal);

    public async Task TouchAsync(string userId, CancellationToken ct = default)
    {
        var now = clock.GetUtcNow().UtcDateTime;
        if (_written.TryGetValue(userId, out var last) && now - last < Resolution)
            return;
        if (_written.Count >= MaxTracked)
            _written.Clear(); // bounded: forgetting costs one more write per person
        _written[userId] = now;
        try
        {
            await using var db = await dbFactory.CreateDbContextAsync(ct);
            await db.Users.Where(u => u.Id == userId).ExecuteUpdateAsync(s => s.SetProperty(u => u.LastSeenAt, now), ct);
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            // Last seen is a courtesy: a failed write (a full disk) must not fail the request it rode on.
            logger.LogWarning(ex, "Could not record when {UserId} was last seen", userId);
        }
    }

    /// <summary>The middleware: after authentication, for signed-in requests.</summary>
    public static async Task TrackAsync(HttpContext context, Func<Task> next)
    {
        if (context.User.FindFirstValue(ClaimTypes.NameIdentifier) is { } userId)
            await context.RequestServices.GetRequiredService<LastSeen>().TouchAsync(userId, context.RequestAborted);
        await next();
    }
}
