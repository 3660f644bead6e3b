using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using QanDu.Dashboard.Data;
using QanDu.Dashboard.Data.Entities;
using QanDu.Dashboard.Features.Access;
using QanDu.Dashboard.Rendering;

namespace QanDu.Dashboard.Features.Search;

/// <summary>
/// Searches messages in the threads the caller may see (<see cref="ThreadAccess"/>), newest first or by relevance.
/// First the page of matching ids, then snippets and details for that page only.
/// </summary>
public sealed class SearchService(IDbContextFactory<ChatDbContext> dbFactory)
{
    public const int DefaultLimit = 20;
    public const int MaxLimit = 100;

    public async Task<SearchResults> SearchAsync(
        ChatCaller caller, string? text, SearchSort sort = SearchSort.Newest, int? limit = null, long? before = null, CancellationToken ct = default)
    {
        caller.RequireStaff("Search"); // it matches senders by email and reads every thread the caller is in
        var query = SearchQueryParser.Parse(text);
        if (!query.HasPositiveCondition)
            throw new ChatValidationException("q", "Type a word to search for, or an operator such as from:sam or has:file.");
        var take = Math.Clamp(limit ?? DefaultLimit, 1, MaxLimit);
        var sql = SearchSql.Build(query, caller.UserId, ranked: sort == SearchSort.Relevance);

        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var rows = db.Database.SqlQueryRaw<SearchRow>(sql.Sql, [.. sql.Parameters])
            .Where(r => db.Threads.Visible(caller).Any(t => t.Id == r.ThreadId));
        if (before is { } cursor)
            rows = rows.Where(r => r.Id < cursor);
        rows = sort == SearchSort.Relevance ? rows.OrderBy(r => r.Rank).ThenByDescending(r => r.Id) : rows.OrderByDescending(r => r.Id);
        var page = await rows.Take(take + 1).ToListAsync(ct);
        var hasMore = page.Count > take;
        if (hasMore)
            page.RemoveAt(take);

        var hits = await HitsAsync(db, caller, page.ConvertAll(r => r.Id), sql, ct);
        var nextBefore = hasMore && sort == SearchSort.Newest ? page[^1].Id : (long?)null;
        return new SearchResults(hits, hasMore, nextBefore);
    }

    private static async Task<List<SearchHit>> HitsAsync(ChatDbContext db, ChatCaller caller, List<long> ids, SearchSql sql, CancellationToken ct)
    {
        if (ids.Count == 0)
            return [];
        var messages = await db.Messages.AsNoTracking().Where(m => ids.Contains(m.Id))
            .Select(m => new { m.Id, m.ThreadId, m.SenderName, m.SenderType, m.Timestamp, m.Content, m.Metadata, m.IsPrivate })
            .ToDictionaryAsync(m => m.Id, ct);
        // An assistant's answer that cites a conversation the caller cannot see may have matched in its quote of it, and
        // its snippet would show that quote: it is left out (the page may then hold fewer hits than asked for).
        var cited = messages.Values.Where(m => m.SenderType == SenderType.Ai)
            .ToDictionary(m => m.Id, m => CitedThreads(m.Content, m.Metadata?.Ai));
        var visible = await db.VisibleAmongAsync(caller, [.. cited.Values.SelectMany(t => t)], ct);
        foreach (var (id, sources) in cited)
            if (sources.Any(t => !visible.Contains(t)))
                messages.Remove(id);
        var threadIds = messages.Values.Select(m => m.ThreadId).Distinct().ToList();
        // Split, so the participants are read per thread through their index; as one query SQLite materialized every
        // thread's participants for the LEFT JOIN (bench: search).
        var threads = await db.Threads.AsNoTracking().AsSplitQuery().Where(t => threadIds.Contains(t.Id))
            .Select(t => new { t.Id, t.Title, t.Type, Names = t.Participants.Where(p => p.UserId != caller.UserId).Select(p => p.User!.DisplayName).ToList() })
            .ToDictionaryAsync(t => t.Id, t => ThreadTitle(t.Title, t.Type, t.Names), ct);
        var snippets = await SnippetsAsync(db, ids, sql, ct);
        return ids.Where(messages.ContainsKey).Select(id =>
        {
            var m = messages[id];
            var snippet = snippets.TryGetValue(id, out var s) ? s : Snippets.Plain(m.Content);
            return new SearchHit(m.Id, m.ThreadId, threads.GetValueOrDefault(m.ThreadId, $"Thread {m.ThreadId}"), m.SenderName, m.Timestamp, snippet)
            {
                IsPrivate = m.IsPrivate,
            };
        }).ToList();
    }

    private static List<long> CitedThreads(string content, AiMetadata? ai) =>
        [.. ThreadCitations.Cited(content).Concat((ai?.Sources ?? []).Concat(ai?.ContextUsed?.Sources ?? [])
            .Select(s => ThreadCitations.ThreadOf(s.Url)).OfType<long>())];

    /// <summary>Highlighted text for the page: the message where it matched, else its file names (turned into parts, never HTML).</summary>
    private static async Task<Dictionary<long, IReadOnlyList<SnippetPart>>> SnippetsAsync(
        ChatDbContext db, List<long> ids, SearchSql sql, CancellationToken ct)
    {
        var result = new Dictionary<long, IReadOnlyList<SnippetPart>>();
        if (sql.SnippetTable is not { } table)
            return result;
        var parameters = new List<SqliteParameter> { new("@match", sql.SnippetMatch) };
        parameters.AddRange(ids.Select((id, i) => new SqliteParameter($"@id{i}", id)));
        var idList = string.Join(", ", ids.Select((_, i) => $"@id{i}"));
        var markers = $"char({(int)Snippets.Open}), char({(int)Snippets.Close})";
        var connection = db.Database.GetDbConnection();
        await db.Database.OpenConnectionAsync(ct);
        await using var command = connection.CreateCommand();
        command.CommandText = $"SELECT rowid, highlight({table}, 0, {markers}), highlight({table}, 1, {markers}) "
                              + $"FROM {table} WHERE {table} MATCH @match AND rowid IN ({idList})";
        command.Parameters.AddRange(parameters.ToArray());
        await using var reader = await command.ExecuteReaderAsync(ct);
        while (await reader.ReadAsync(ct))
        {
            var content = Snippets.FromMarkdown(reader.GetString(1));
            var files = Snippets.Parse(reader.GetString(2));
            result[reader.GetInt64(0)] = Snippets.Window(content.Any(p => p.Match) || !files.Any(p => p.Match) ? content : files);
        }
        return result;
    }

    private static string ThreadTitle(string? title, ThreadType type, List<string> others) =>
        !string.IsNullOrWhiteSpace(title) ? title
        : type == ThreadType.Ai ? "AI assistant"
        : others.Count == 0 ? "Only you" : string.Join(", ", others.Order());

    private sealed class SearchRow
    {
        public long Id { get; set; }
        public long ThreadId { get; set; }
        public double Rank { get; set; }
    }
}
