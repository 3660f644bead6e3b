using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using QanDu.Dashboard.Data;

namespace QanDu.Dashboard.Features.Reports;

/// <summary>
/// The assistant report's queries over the activity log and the messages' metadata (JSON, so raw SQL): each selects
/// facts aliased <c>a</c> in [@start, @end) narrowed by <see cref="ReportScope.Sql"/>, either counted or listed.
/// </summary>
internal static class AssistantSql
{
    /// <summary>Below this confidence a completed answer counts as a question the assistant could not answer well.</summary>
    public const double LowConfidenceBelow = 0.6;

    /// <summary>An assistant message that completed: not failed, not still streaming, not stopped, not the hand-off message, not deleted.</summary>
    private const string Completed = "m.DeletedAt IS NULL AND m.Status NOT IN (0, 4) AND json_extract(m.Metadata, '$.ai.outcome') IS NULL";

    /// <summary>Answers given: the assistant's replies to customers in the range whose message completed.</summary>
    public const string Answers = $"""
        FROM ConversationActivity a JOIN Messages m ON m.Id = a.MessageId
        WHERE a.Kind = 3 AND a.At >= @start AND a.At < @end AND {Completed} AND {ReportScope.Sql}
        """;

    /// <summary>
    /// Resolved without a person: resolved in the range, the assistant gave a completed answer before that resolve, and
    /// no person ever replied to the customer and it was never handed off.
    /// </summary>
    public const string Deflected = $"""
        FROM ConversationActivity a
        WHERE a.Kind = 4 AND a.At >= @start AND a.At < @end AND {ReportScope.Sql}
          AND EXISTS (SELECT 1 FROM ConversationActivity r JOIN Messages m ON m.Id = r.MessageId
                      WHERE r.ThreadId = a.ThreadId AND r.Kind = 3 AND r.At <= a.At AND {Completed})
          AND NOT EXISTS (SELECT 1 FROM ConversationActivity p WHERE p.ThreadId = a.ThreadId AND p.Kind IN (2, 7))
        """;

    /// <summary>Conversations resolved in the range (what the deflection rate is a share of).</summary>
    public const string Resolved = $"""
        FROM ConversationActivity a WHERE a.Kind = 4 AND a.At >= @start AND a.At < @end AND {ReportScope.Sql}
        """;

    private const string Question = """
        (SELECT c.MessageId FROM ConversationActivity c WHERE c.ThreadId = a.ThreadId AND c.Kind = 1 AND c.At <= a.At ORDER BY c.At DESC, c.Id DESC LIMIT 1)
        """;

    /// <summary>
    /// Questions it could not answer: the customer's last message before a hand-off for low confidence or "not helpful",
    /// or before a completed answer with a confidence below <see cref="LowConfidenceBelow"/> — each question once.
    /// </summary>
    public static readonly string Gaps = $"""
        WITH gaps AS (
          SELECT a.ThreadId AS ThreadId, a.At AS At, {Question} AS QuestionId FROM ConversationActivity a
          WHERE a.Kind = 7 AND a.At >= @start AND a.At < @end AND a.Detail IN ('low-confidence', 'not-helpful') AND {ReportScope.Sql}
          UNION ALL
          SELECT a.ThreadId, a.At, {Question} FROM ConversationActivity a JOIN Messages m ON m.Id = a.MessageId
          WHERE a.Kind = 3 AND a.At >= @start AND a.At < @end AND {Completed}
            AND json_extract(m.Metadata, '$.ai.confidence') < {LowConfidenceBelow.ToString(System.Globalization.CultureInfo.InvariantCulture)} AND {ReportScope.Sql}
        ), questions AS (
          SELECT QuestionId, MAX(ThreadId) AS ThreadId, MAX(At) AS At FROM gaps WHERE QuestionId IS NOT NULL GROUP BY QuestionId
        )
        SELECT q.ThreadId AS ThreadId, q.QuestionId AS QuestionId, q.At AS At,
               COALESCE(json_extract(m.Metadata, '$.analysis.intent'), '') AS Intent, substr(m.Content, 1, 300) AS Content
        FROM questions q JOIN Messages m ON m.Id = q.QuestionId WHERE m.DeletedAt IS NULL
        """;

    public sealed record Gap(long ThreadId, long QuestionId, string At, string Intent, string Content);

    public sealed record Listed(long ThreadId, string At);

    // The SQL put together here is this class's constants and an integer limit; every value is a parameter.
#pragma warning disable EF1002
    public static async Task<int> CountAsync(ChatDbContext db, string from, ReportQuery query, DateTime start, DateTime end, bool distinctThreads, CancellationToken ct) =>
        await db.Database.SqlQueryRaw<int>($"SELECT {(distinctThreads ? "COUNT(DISTINCT a.ThreadId)" : "COUNT(*)")} AS Value {from}", Parameters(query, start, end))
            .SingleAsync(ct);

    /// <summary>The conversations of the facts, newest first.</summary>
    public static async Task<List<long>> ThreadsAsync(ChatDbContext db, string from, ReportQuery query, DateTime start, DateTime end, int limit, CancellationToken ct) =>
        await db.Database.SqlQueryRaw<long>(
                $"SELECT ThreadId AS Value FROM (SELECT a.ThreadId AS ThreadId, MAX(a.At) AS At {from} GROUP BY a.ThreadId) ORDER BY At DESC LIMIT {limit}",
                Parameters(query, start, end))
            .ToListAsync(ct);

#pragma warning restore EF1002

    public static async Task<List<Gap>> GapsAsync(ChatDbContext db, ReportQuery query, DateTime start, DateTime end, CancellationToken ct) =>
        await db.Database.SqlQueryRaw<Gap>(Gaps, Parameters(query, start, end)).ToListAsync(ct);

    public static object[] Parameters(ReportQuery query, DateTime start, DateTime end) =>
        [new SqliteParameter("@start", ReportScope.SqlTime(start)), new SqliteParameter("@end", ReportScope.SqlTime(end)), .. ReportScope.Parameters(query)];
}
