using Microsoft.Data.Sqlite;

namespace QanDu.Dashboard.Features.Search;

/// <summary>
/// Turns a parsed query into one parameterized SQL statement over Messages and the two FTS5 indexes. User text only
/// ever reaches SQLite as parameter values; FTS MATCH expressions are built from double-quoted strings with any
/// double quote doubled, so FTS syntax in the text (NEAR, ^, *, :, parentheses) is searched for, not executed.
/// </summary>
internal sealed class SearchSql
{
    public const string Words = "MessageSearchWords";
    public const string Trigrams = "MessageSearchTrigrams";

    private readonly List<SqliteParameter> _parameters = [];
    private readonly List<string> _conditions = ["m.DeletedAt IS NULL"];

    private SearchSql(SearchQuery query, string userId, bool ranked)
    {
        var wordMatch = Match(query.Terms.Where(t => !t.Excluded && !t.IsSubstring), " AND ");
        var trigramMatch = Match(query.Terms.Where(t => !t.Excluded && t.IsSubstring), " AND ");
        // The substring index ranks and highlights when the query has substring words; otherwise the word index.
        (SnippetTable, SnippetMatch) = trigramMatch is not null ? (Trigrams, trigramMatch)
            : wordMatch is not null ? (Words, wordMatch) : (null, null);
        if (SnippetTable == Trigrams && wordMatch is not null)
            _conditions.Add($"m.Id IN (SELECT rowid FROM {Words} WHERE {Words} MATCH {Add(wordMatch)})");
        if (Match(query.Terms.Where(t => t.Excluded && !t.IsSubstring), " OR ") is { } excludedWords)
            _conditions.Add($"m.Id NOT IN (SELECT rowid FROM {Words} WHERE {Words} MATCH {Add(excludedWords)})");
        if (Match(query.Terms.Where(t => t.Excluded && t.IsSubstring), " OR ") is { } excludedTrigrams)
            _conditions.Add($"m.Id NOT IN (SELECT rowid FROM {Trigrams} WHERE {Trigrams} MATCH {Add(excludedTrigrams)})");
        foreach (var filter in query.Filters)
        {
            var condition = Condition(filter, userId);
            _conditions.Add(filter.Excluded ? $"NOT ({condition})" : $"({condition})");
        }
        var source = SnippetTable is { } table
            ? $"{table} JOIN Messages AS m ON m.Id = {table}.rowid"
            : "Messages AS m";
        // bm25 counts every match of every phrase (its IDF) once per query, even for a page of 20: only when ranking.
        var rank = ranked && SnippetTable is { } scored ? $"bm25({scored})" : "0.0";
        var where = SnippetTable is { } matched ? $"{matched} MATCH {Add(SnippetMatch!)} AND " : "";
        // The FTS table's own rowid (equal to m.Id), so "newest first" and the "before" cursor reach FTS5, which then
        // reads its matches newest first and stops at the page: ordering by m.Id sorted every match (bench: search).
        var id = SnippetTable is { } indexed ? $"{indexed}.rowid" : "m.Id";
        Sql = $"SELECT {id} AS Id, m.ThreadId AS ThreadId, {rank} AS Rank FROM {source} WHERE {where}{string.Join(" AND ", _conditions)}";
    }

    /// <summary>Selects Id, ThreadId and Rank (bm25: lower is better; 0 unless ranked) of every matching message, visible or not.</summary>
    public string Sql { get; }

    public IReadOnlyList<SqliteParameter> Parameters => _parameters;

    /// <summary>The FTS table and MATCH expression that ranks and highlights; null when only operators were given.</summary>
    public string? SnippetTable { get; }

    public string? SnippetMatch { get; }

    public static SearchSql Build(SearchQuery query, string userId, bool ranked = true) => new(query, userId, ranked);

    /// <summary>An FTS5 string literal: the text in double quotes, with double quotes doubled.</summary>
    public static string Quote(string text) => "\"" + text.Replace("\"", "\"\"") + "\"";

    /// <summary>A LIKE pattern piece with the LIKE wildcards and the escape character escaped (ESCAPE '\').</summary>
    public static string EscapeLike(string text) =>
        text.Replace("\\", "\\\\").Replace("%", "\\%").Replace("_", "\\_");

    private static string? Match(IEnumerable<SearchTerm> terms, string separator)
    {
        var parts = terms.Select(t => t.Kind switch
        {
            TermKind.Phrase => Quote(t.Text),
            TermKind.Word when t.IsSubstring => Quote(t.Text),
            _ => Quote(t.Text) + " *", // a short word or an explicit prefix: words that start with it
        }).ToList();
        return parts.Count == 0 ? null : string.Join(separator, parts);
    }

    private string Condition(SearchFilter filter, string userId) => filter.Kind switch
    {
        FilterKind.From => FromCondition(filter.Value),
        FilterKind.In => InCondition(filter.Value),
        FilterKind.HasFile => "EXISTS (SELECT 1 FROM Attachments AS a WHERE a.MessageId = m.Id)",
        FilterKind.IsUnread => UnreadCondition(userId),
        FilterKind.Before => $"m.Timestamp < {Add(Day(filter.Date!.Value))}",
        FilterKind.After => $"m.Timestamp >= {Add(Day(filter.Date!.Value.AddDays(1)))}",
        // The local analysis in the metadata JSON (Features/Analysis); COALESCE so -sentiment:x keeps unanalysed messages.
        FilterKind.Sentiment => $"COALESCE(json_extract(m.Metadata, '$.analysis.sentiment'), '') = {Add(filter.Value)}",
        FilterKind.Intent => $"COALESCE(json_extract(m.Metadata, '$.analysis.intent'), '') = {Add(filter.Value)}",
        FilterKind.Language => $"COALESCE(json_extract(m.Metadata, '$.analysis.language'), '') = {Add(filter.Value)}",
        _ => throw new ArgumentOutOfRangeException(nameof(filter), filter.Kind, "Unknown search filter."),
    };

    private string FromCondition(string value)
    {
        var start = Add(EscapeLike(value) + "%");
        var wordStart = Add("% " + EscapeLike(value) + "%");
        return $"m.SenderName LIKE {start} ESCAPE '\\' OR m.SenderName LIKE {wordStart} ESCAPE '\\' OR m.SenderId IN "
               + $"(SELECT u.Id FROM AspNetUsers AS u WHERE u.DisplayName LIKE {start} ESCAPE '\\' "
               + $"OR u.DisplayName LIKE {wordStart} ESCAPE '\\' OR u.Email LIKE {start} ESCAPE '\\')";
    }

    private string InCondition(string value)
    {
        var title = $"t.Title LIKE {Add("%" + EscapeLike(value) + "%")} ESCAPE '\\'";
        var byId = long.TryParse(value, out var id) ? $" OR t.Id = {Add(id)}" : "";
        return $"m.ThreadId IN (SELECT t.Id FROM Threads AS t WHERE {title}{byId})";
    }

    private string UnreadCondition(string userId)
    {
        var me = Add(userId);
        return $"(m.SenderId IS NULL OR m.SenderId <> {me}) AND m.Id > COALESCE((SELECT rc.LastReadMessageId FROM ReadCursors AS rc "
               + $"WHERE rc.ThreadId = m.ThreadId AND rc.UserId = {me}), 0)";
    }

    // Timestamps are stored as 'yyyy-MM-dd HH:mm:ss…' text in UTC, so a day compares as its text prefix.
    private static string Day(DateOnly date) => date.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture);

    private string Add(object value)
    {
        var name = "@search_" + _parameters.Count;
        _parameters.Add(new SqliteParameter(name, value));
        return name;
    }
}
