namespace QanDu.Dashboard.Features.Search;

/// <summary>How a piece of text is matched: a word as a substring (3+ characters) or word prefix, a word prefix (<c>refund*</c>), or an exact phrase.</summary>
public enum TermKind { Word, Prefix, Phrase }

public sealed record SearchTerm(TermKind Kind, string Text, bool Excluded = false)
{
    /// <summary>Words of 3+ characters match anywhere inside a word (trigram index); shorter ones match word starts.</summary>
    public bool IsSubstring => Kind == TermKind.Word && Text.Length >= SearchQueryParser.MinSubstringLength;
}

public enum FilterKind { From, In, HasFile, IsUnread, Before, After, Sentiment, Intent, Language }

public sealed record SearchFilter(FilterKind Kind, string Value, bool Excluded = false, DateOnly? Date = null);

/// <summary>A parsed query: text terms (all must match, excluded ones must not) and operator filters.</summary>
public sealed record SearchQuery(IReadOnlyList<SearchTerm> Terms, IReadOnlyList<SearchFilter> Filters)
{
    public bool IsEmpty => Terms.Count == 0 && Filters.Count == 0;

    /// <summary>At least one thing a message must have, so the search never lists every message for only exclusions.</summary>
    public bool HasPositiveCondition => Terms.Any(t => !t.Excluded) || Filters.Any(f => !f.Excluded);
}
