using System.Globalization;
using QanDu.Dashboard.Features.Access;

namespace QanDu.Dashboard.Features.Search;

/// <summary>
/// Parses the search language: words, "phrases", prefix*, -exclusions and the operators from:, in:, has:file,
/// is:unread, before: and after: (yyyy-MM-dd), and the analysis operators sentiment:, intent: and lang:. Bad input throws a <see cref="ChatValidationException"/> that says
/// how to fix it; the parser never builds SQL, it only produces terms and filters.
/// </summary>
public static class SearchQueryParser
{
    public const int MaxLength = 500;
    public const int MaxParts = 24;
    public const int MinSubstringLength = 3;
    private const string Field = "q";

    public const string OperatorHelp =
        "Use from:name, in:thread, has:file, is:unread, before:yyyy-MM-dd, after:yyyy-MM-dd, sentiment:negative, intent:billing or lang:de, or put the text in quotes to search for it.";

    public static SearchQuery Parse(string? text)
    {
        text ??= "";
        if (text.Contains('\0'))
            throw Invalid("The search contains a NUL character (U+0000); remove it.");
        if (text.Length > MaxLength)
            throw Invalid($"The search is {text.Length} characters long; the limit is {MaxLength}.");
        var terms = new List<SearchTerm>();
        var filters = new List<SearchFilter>();
        var i = 0;
        while (i < text.Length)
        {
            if (char.IsWhiteSpace(text[i]))
            {
                i++;
                continue;
            }
            var excluded = text[i] == '-' && i + 1 < text.Length && !char.IsWhiteSpace(text[i + 1]);
            if (excluded)
                i++;
            if (text[i] == '"')
            {
                var phrase = ReadQuoted(text, ref i);
                if (HasSearchableText(phrase))
                    terms.Add(new SearchTerm(TermKind.Phrase, phrase.Trim(), excluded));
                continue;
            }
            var start = i;
            while (i < text.Length && !char.IsWhiteSpace(text[i]) && text[i] != '"')
                i++;
            var token = text[start..i];
            var colon = token.IndexOf(':');
            if (colon > 0 && token[..colon].All(char.IsAsciiLetter))
            {
                var value = token[(colon + 1)..];
                if (value.Length == 0 && i < text.Length && text[i] == '"')
                    value = ReadQuoted(text, ref i);
                filters.Add(Operator(token[..colon].ToLowerInvariant(), value.Trim(), excluded));
            }
            else if (Word(token, excluded) is { } term)
                terms.Add(term);
        }
        if (terms.Count + filters.Count > MaxParts)
            throw Invalid($"The search has {terms.Count + filters.Count} parts; the limit is {MaxParts}.");
        return new SearchQuery(terms, filters);
    }

    private static string ReadQuoted(string text, ref int i)
    {
        var close = text.IndexOf('"', i + 1);
        if (close < 0)
            throw Invalid("A quote is not closed. Close it (\"like this\") or remove it.");
        var value = text[(i + 1)..close];
        i = close + 1;
        return value;
    }

    private static SearchTerm? Word(string token, bool excluded)
    {
        var prefix = token.EndsWith('*');
        var word = token.Trim(Punctuation);
        if (!HasSearchableText(word))
            return null;
        return new SearchTerm(prefix ? TermKind.Prefix : TermKind.Word, word, excluded);
    }

    private static SearchFilter Operator(string name, string value, bool excluded)
    {
        if (name is not ("from" or "in" or "has" or "is" or "before" or "after" or "sentiment" or "intent" or "lang"))
            throw Invalid($"'{name}:' is not a search operator. {OperatorHelp}");
        if (value.Length == 0)
            throw Invalid($"'{name}:' needs a value, for example {Example(name)}.");
        return name switch
        {
            "from" => new SearchFilter(FilterKind.From, value, excluded),
            "in" => new SearchFilter(FilterKind.In, value, excluded),
            "has" => value.Equals("file", StringComparison.OrdinalIgnoreCase)
                ? new SearchFilter(FilterKind.HasFile, value, excluded)
                : throw Invalid($"'has:{value}' is not supported; use has:file."),
            "is" => value.Equals("unread", StringComparison.OrdinalIgnoreCase)
                ? new SearchFilter(FilterKind.IsUnread, value, excluded)
                : throw Invalid($"'is:{value}' is not supported; use is:unread."),
            "sentiment" or "intent" or "lang" => AnalysisFilter(name, value.ToLowerInvariant(), excluded),
            _ => DateFilter(name, value, excluded),
        };
    }

    private static readonly string[] Sentiments = ["positive", "neutral", "negative"];

    private static SearchFilter AnalysisFilter(string name, string value, bool excluded) => name switch
    {
        "sentiment" => Sentiments.Contains(value)
            ? new SearchFilter(FilterKind.Sentiment, value, excluded)
            : throw Invalid($"'sentiment:{value}' is not supported; use sentiment:positive, sentiment:neutral or sentiment:negative."),
        // Intents are written with _ inside ("feature_request"); feature-request finds the same.
        "intent" => value.All(c => char.IsAsciiLetterLower(c) || c is '_' or '-')
            ? new SearchFilter(FilterKind.Intent, value.Replace('-', '_'), excluded)
            : throw Invalid($"'intent:{value}' is not an intent; use a name such as intent:billing or intent:urgent."),
        _ => value.Length is 2 or 3 && value.All(char.IsAsciiLetterLower)
            ? new SearchFilter(FilterKind.Language, value, excluded)
            : throw Invalid($"'lang:{value}' is not a language code; use a two-letter code such as lang:en or lang:de."),
    };

    private static SearchFilter DateFilter(string name, string value, bool excluded)
    {
        if (!DateOnly.TryParseExact(value, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var date))
            throw Invalid($"'{name}:{value}' is not a date; write it as yyyy-MM-dd, for example {name}:2026-01-31.");
        return new SearchFilter(name == "before" ? FilterKind.Before : FilterKind.After, value, excluded, date);
    }

    private static string Example(string name) => name switch
    {
        "from" => "from:sam or from:\"Sam Lee\"",
        "in" => "in:billing or in:42",
        "has" => "has:file",
        "is" => "is:unread",
        "sentiment" => "sentiment:negative",
        "intent" => "intent:billing",
        "lang" => "lang:de",
        _ => $"{name}:2026-01-31",
    };

    /// <summary>Text the tokenizers can find: at least one letter or digit (so "(", "^" or "--" alone are ignored).</summary>
    private static bool HasSearchableText(string value) => value.Any(char.IsLetterOrDigit);

    /// <summary>ASCII punctuation trimmed from both ends of a bare word ("refund," searches for refund).</summary>
    private static readonly char[] Punctuation =
        [.. Enumerable.Range(33, 94).Select(c => (char)c).Where(c => !char.IsLetterOrDigit(c))];

    private static ChatValidationException Invalid(string message) => new(Field, message);
}
