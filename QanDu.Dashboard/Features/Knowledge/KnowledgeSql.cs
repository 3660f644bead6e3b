using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using QanDu.Dashboard.Data;

namespace QanDu.Dashboard.Features.Knowledge;

/// <summary>The FTS5 index (KnowledgeSearch: Title, Body, Tags; porter over unicode61) queried with a parameter only.</summary>
internal static class KnowledgeSql
{
    /// <summary>bm25 weights of Title, Body and Tags: a word in the title says more about the article than one in the body.</summary>
    public const string Bm25 = "bm25(KnowledgeSearch, 5.0, 1.0, 2.0)";

    public static async Task<List<long>> MatchingIdsAsync(ChatDbContext db, string match, CancellationToken ct)
    {
        var ids = new List<long>();
        await foreach (var (id, _) in RankedAsync(db, match, published: false, limit: 500, ct))
            ids.Add(id);
        return ids;
    }

    /// <summary>Article ids with their bm25 rank (lower is better), best first; <paramref name="publicOnly"/>: public articles only.</summary>
    public static async IAsyncEnumerable<(long Id, double Rank)> RankedAsync(
        ChatDbContext db, string match, bool published, int limit,
        [System.Runtime.CompilerServices.EnumeratorCancellation] CancellationToken ct, bool publicOnly = false)
    {
        var connection = db.Database.GetDbConnection();
        await db.Database.OpenConnectionAsync(ct);
        await using var command = connection.CreateCommand();
        command.CommandText = $"""
            SELECT s.rowid, {Bm25} AS Rank FROM KnowledgeSearch s
            JOIN KnowledgeArticles a ON a.Id = s.rowid
            WHERE KnowledgeSearch MATCH @match {(published ? "AND a.Status = 0" : "")} {(publicOnly ? "AND a.Audience = 1" : "")}
            ORDER BY Rank LIMIT @limit
            """;
        command.Parameters.Add(new SqliteParameter("@match", match));
        command.Parameters.Add(new SqliteParameter("@limit", limit));
        await using var reader = await command.ExecuteReaderAsync(ct);
        while (await reader.ReadAsync(ct))
            yield return (reader.GetInt64(0), reader.GetDouble(1));
    }
}
