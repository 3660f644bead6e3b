using Microsoft.EntityFrameworkCore;
using QanDu.Dashboard.Data;
using QanDu.Dashboard.Data.Entities;
using QanDu.Dashboard.Features.Access;

namespace QanDu.Dashboard.Features.Reports;

/// <summary>One choice of a report filter: its id in the address bar and its name.</summary>
public sealed record ReportChoice(string Id, string Name);

/// <summary>What the filters of the reports page offer: channels, teams, agents (staff) and labels, by name.</summary>
public sealed record ReportFilterChoices(
    IReadOnlyList<ReportChoice> Channels, IReadOnlyList<ReportChoice> Teams, IReadOnlyList<ReportChoice> Agents, IReadOnlyList<ReportChoice> Labels);

/// <summary>
/// The read-only look-ups of the reports pages, for the same viewers as the reports (supervisors and admins): the
/// filters' choices, and the conversations behind a drill-down in the order the report gave them.
/// </summary>
public sealed class ReportLookups(IDbContextFactory<ChatDbContext> dbFactory)
{
    public async Task<ReportFilterChoices> FiltersAsync(ChatCaller caller, CancellationToken ct = default)
    {
        ReportService.RequireViewer(caller);
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var channels = await db.Channels.AsNoTracking().Select(c => new ReportChoice(c.Id.ToString(), c.Name)).ToListAsync(ct);
        var teams = await db.Teams.AsNoTracking().Select(t => new ReportChoice(t.Id.ToString(), t.Name)).ToListAsync(ct);
        var labels = await db.Labels.AsNoTracking().Select(l => new ReportChoice(l.Id.ToString(), l.Name)).ToListAsync(ct);
        var staffIds = db.UserRoles.Join(db.Roles.Where(r => Roles.All.Contains(r.Name!)), ur => ur.RoleId, r => r.Id, (ur, _) => ur.UserId);
        var agents = await db.Users.AsNoTracking().Where(u => staffIds.Contains(u.Id))
            .Select(u => new ReportChoice(u.Id, u.DisplayName)).ToListAsync(ct);
        return new ReportFilterChoices(ByName(channels), ByName(teams), ByName(agents), ByName(labels));
    }

    private static List<ReportChoice> ByName(IEnumerable<ReportChoice> choices) => [.. choices.OrderBy(c => c.Name, StringComparer.OrdinalIgnoreCase)];
}
