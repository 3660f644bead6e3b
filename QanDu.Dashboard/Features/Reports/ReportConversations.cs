using Microsoft.EntityFrameworkCore;
using QanDu.Dashboard.Data;
using QanDu.Dashboard.Features.Access;

namespace QanDu.Dashboard.Features.Reports;

/// <summary>One conversation behind a report figure: enough to recognise it and open it.</summary>
public sealed record ReportConversation(long Id, string Title, string? Contact, string Status, string? Channel, string? Assignee, DateTime CreatedAt, string Url);

/// <summary>The conversations behind a figure, newest first (the report decides which; see <see cref="IReport.DrillAsync"/>).</summary>
public sealed record ReportDrill(string Report, string Key, ReportQuery Query, IReadOnlyList<ReportConversation> Conversations);

/// <summary>The conversations behind a figure, as summaries (the drill-down page and <c>/api/reports/{name}/drill/{key}</c>).</summary>
public sealed class ReportConversations(ReportService reports, IDbContextFactory<ChatDbContext> dbFactory)
{
    public async Task<ReportDrill> ListAsync(ChatCaller caller, string name, string key, ReportQuery query, int limit = 500, CancellationToken ct = default)
    {
        var ids = await reports.DrillAsync(caller, name, key, query, limit, ct); // authorizes and validates
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var rows = await db.Threads.AsNoTracking().Where(t => ids.Contains(t.Id))
            .Select(t => new
            {
                t.Id, t.Title, t.Status, t.CreatedAt,
                Contact = db.Contacts.Where(c => c.Id == t.ContactId).Select(c => c.Name ?? c.Email).FirstOrDefault(),
                Channel = db.Channels.Where(c => c.Id == t.ChannelId).Select(c => c.Name).FirstOrDefault(),
                Assignee = t.Assignee == null ? null : t.Assignee.DisplayName,
            })
            .ToDictionaryAsync(t => t.Id, ct);
        var conversations = ids.Where(rows.ContainsKey).Select(id => rows[id]).Select(t => new ReportConversation(
            t.Id, t.Title ?? t.Contact ?? $"Conversation {t.Id}", t.Contact, Status(t.Status), t.Channel, t.Assignee, t.CreatedAt, $"/threads/{t.Id}"));
        return new ReportDrill(name.ToLowerInvariant(), key, query, [.. conversations]);
    }

    private static string Status(Data.Entities.ThreadStatus status) => status switch
    {
        Data.Entities.ThreadStatus.Active => "open",
        Data.Entities.ThreadStatus.Archived => "resolved",
        Data.Entities.ThreadStatus.Pending => "with the assistant",
        Data.Entities.ThreadStatus.Snoozed => "snoozed",
        _ => status.ToString().ToLowerInvariant(),
    };
}
