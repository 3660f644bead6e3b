using QanDu.Dashboard.Data;
using QanDu.Dashboard.Data.Entities;

namespace QanDu.Dashboard.Features.Reports;

/// <summary>
/// How a report's filters narrow what it counts (agents, SLA, assistant and sentiment reports): a fact by the channel and
/// team it was recorded with (as they were at the time), and by the conversation's labels and assignee now.
/// </summary>
internal static class ReportScope
{
    /// <summary>Facts of <paramref name="kind"/> in [<paramref name="start"/>, <paramref name="end"/>), narrowed by the query's channel, team and label (not the agent).</summary>
    public static IQueryable<ConversationActivity> Facts(ChatDbContext db, ReportQuery query, ActivityKind kind, DateTime start, DateTime end)
    {
        var facts = db.ConversationActivity.Where(a => a.Kind == kind && a.At >= start && a.At < end);
        if (query.ChannelId is { } channel)
            facts = facts.Where(a => a.ChannelId == channel);
        if (query.TeamId is { } team)
            facts = facts.Where(a => a.TeamId == team);
        if (query.LabelId is { } label)
            facts = facts.Where(a => db.ThreadLabels.Any(l => l.ThreadId == a.ThreadId && l.LabelId == label));
        return facts;
    }

    /// <summary>As <see cref="Facts"/>, also narrowed to conversations assigned to the query's agent now.</summary>
    public static IQueryable<ConversationActivity> FactsOfAgent(ChatDbContext db, ReportQuery query, ActivityKind kind, DateTime start, DateTime end)
    {
        var facts = Facts(db, query, kind, start, end);
        if (query.AgentId is { } agent)
            facts = facts.Where(a => db.Threads.Any(t => t.Id == a.ThreadId && t.AssigneeId == agent));
        return facts;
    }

    /// <summary>Threads (any kind) narrowed by the filters, by their channel, team, labels and assignee now; no filter: every thread.</summary>
    public static IQueryable<ChatThread> Threads(ChatDbContext db, ReportQuery query)
    {
        var threads = db.Threads.AsQueryable();
        if (query.ChannelId is { } channel)
            threads = threads.Where(t => t.ChannelId == channel);
        if (query.TeamId is { } team)
            threads = threads.Where(t => t.TeamId == team);
        if (query.LabelId is { } label)
            threads = threads.Where(t => t.Labels.Any(l => l.LabelId == label));
        if (query.AgentId is { } agent)
            threads = threads.Where(t => t.AssigneeId == agent);
        return threads;
    }

    public static bool Narrowed(ReportQuery query) => query.ChannelId is not null || query.TeamId is not null || query.LabelId is not null || query.AgentId is not null;

    /// <summary>
    /// The same narrowing as SQL for the reports' raw queries over a fact aliased <c>a</c>, with parameters @channel,
    /// @team, @label, @agent (see <see cref="Parameters"/>).
    /// </summary>
    public const string Sql = """
        (@channel IS NULL OR a.ChannelId = @channel) AND (@team IS NULL OR a.TeamId = @team)
        AND (@label IS NULL OR EXISTS (SELECT 1 FROM ThreadLabels l WHERE l.ThreadId = a.ThreadId AND l.LabelId = @label))
        AND (@agent IS NULL OR EXISTS (SELECT 1 FROM Threads t WHERE t.Id = a.ThreadId AND t.AssigneeId = @agent))
        """;

    public static Microsoft.Data.Sqlite.SqliteParameter[] Parameters(ReportQuery query) =>
    [
        new("@channel", (object?)query.ChannelId ?? DBNull.Value),
        new("@team", (object?)query.TeamId ?? DBNull.Value),
        new("@label", (object?)query.LabelId ?? DBNull.Value),
        new("@agent", (object?)query.AgentId ?? DBNull.Value),
    ];

    /// <summary>A UTC instant as the database stores it, for comparisons in raw SQL.</summary>
    public static string SqlTime(DateTime utc) => utc.ToString("yyyy-MM-dd HH:mm:ss.FFFFFFF", System.Globalization.CultureInfo.InvariantCulture);

    /// <summary>The dashboard page of a conversation.</summary>
    public static string ConversationLink(long threadId) => $"/threads/{threadId}";
}
