using Microsoft.EntityFrameworkCore;
using QanDu.Dashboard.Data;
using QanDu.Dashboard.Data.Entities;

namespace QanDu.Dashboard.Features.Reports;

/// <summary>
/// Online time from the presence log (<see cref="PresenceChange"/>): the time a person's effective presence was Online
/// or Busy within a range, each interval clipped at the range's ends (and at now: the present is not yet counted).
/// Away and Offline do not count.
/// </summary>
internal static class OnlineTime
{
    public static bool Counts(PresenceStatus status) => status is PresenceStatus.Online or PresenceStatus.Busy;

    /// <summary>Seconds online per user in [<paramref name="start"/>, <paramref name="end"/>), up to <paramref name="now"/>.</summary>
    public static async Task<Dictionary<string, double>> SecondsAsync(ChatDbContext db, DateTime start, DateTime end, DateTime now, string? userId, CancellationToken ct)
    {
        if (now < end)
            end = now;
        var result = new Dictionary<string, double>();
        if (end <= start)
            return result;
        var changes = db.PresenceChanges.AsQueryable();
        if (userId is not null)
            changes = changes.Where(p => p.UserId == userId);
        // The status each person had when the range began (their last change before it), then every change within it.
        var before = await changes.Where(p => p.At < start)
            .GroupBy(p => p.UserId)
            .Select(g => g.OrderByDescending(p => p.At).ThenByDescending(p => p.Id).Select(p => new { p.UserId, p.Status, p.At, p.Id }).First())
            .ToListAsync(ct);
        var within = await changes.Where(p => p.At >= start && p.At < end)
            .Select(p => new { p.UserId, p.Status, p.At, p.Id }).ToListAsync(ct);
        foreach (var person in before.Concat(within).GroupBy(p => p.UserId))
        {
            var total = 0.0;
            var ordered = person.OrderBy(p => p.At).ThenBy(p => p.Id).ToList();
            for (var i = 0; i < ordered.Count; i++)
            {
                if (!Counts(ordered[i].Status))
                    continue;
                var from = ordered[i].At < start ? start : ordered[i].At;
                var to = i + 1 < ordered.Count ? ordered[i + 1].At : end;
                if (to > from)
                    total += (to - from).TotalSeconds;
            }
            if (total > 0)
                result[person.Key] = total;
        }
        return result;
    }
}
