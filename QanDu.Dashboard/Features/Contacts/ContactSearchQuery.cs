using System.Text;

namespace QanDu.Dashboard.Features.Contacts;

/// <summary>Turns what a person typed into an FTS5 match expression: every word a quoted prefix, all of them required.</summary>
public static class ContactSearchQuery
{
    private const int MaxWords = 8;

    /// <summary>Null when nothing searchable was typed (then the list shows the recently seen contacts).</summary>
    public static string? ToMatch(string? query)
    {
        if (string.IsNullOrWhiteSpace(query))
            return null;
        var terms = new List<string>();
        foreach (var word in query.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries).Take(MaxWords))
        {
            // Quoting makes every character literal to FTS5 (its operators and column filters included); the tokenizer
            // then splits e-mail addresses and the like into words, and the trailing * makes the last one a prefix.
            var cleaned = new StringBuilder();
            foreach (var ch in word)
            {
                if (char.IsLetterOrDigit(ch))
                    cleaned.Append(ch);
                else if (cleaned.Length > 0 && cleaned[^1] != ' ')
                    cleaned.Append(' ');
            }
            var text = cleaned.ToString().Trim();
            if (text.Length > 0)
                terms.Add($"\"{text}\"*");
        }
        return terms.Count == 0 ? null : string.Join(' ', terms);
    }
}
