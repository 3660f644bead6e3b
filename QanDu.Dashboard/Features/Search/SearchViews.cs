using System.Net;
using System.Text;

namespace QanDu.Dashboard.Features.Search;

public enum SearchSort { Newest, Relevance }

/// <summary>A piece of a snippet: plain text, marked when it is what matched. Rendered as text, never as markup.</summary>
public sealed record SnippetPart(string Text, bool Match);

public sealed record SearchHit(
    long MessageId,
    long ThreadId,
    string ThreadTitle,
    string SenderName,
    DateTime Timestamp,
    IReadOnlyList<SnippetPart> Snippet)
{
    /// <summary>A private note (search is for staff only; the result shows the note marker).</summary>
    public bool IsPrivate { get; init; }

    /// <summary>The snippet as HTML: every piece of text encoded, with &lt;mark&gt; added by us around the matches.</summary>
    public string SnippetHtml
    {
        get
        {
            var html = new StringBuilder();
            foreach (var part in Snippet)
            {
                var text = WebUtility.HtmlEncode(part.Text);
                html.Append(part.Match ? $"<mark>{text}</mark>" : text);
            }
            return html.ToString();
        }
    }
}

/// <summary>A page of results; for newest-first, <see cref="NextBefore"/> asks for the next (older) page.</summary>
public sealed record SearchResults(IReadOnlyList<SearchHit> Hits, bool HasMore, long? NextBefore);
