using QanDu.Dashboard.Rendering;

namespace QanDu.Dashboard.Features.Search;

/// <summary>
/// Reads FTS5 highlight() output, whose match markers are private-use characters, into text parts, and cuts a
/// window around the first match. (snippet() counts tokens, and a trigram token is three characters: too short.)
/// Messages are Markdown: a snippet shows their plain text, as the thread list's preview does.
/// </summary>
internal static class Snippets
{
    public const char Open = '\uE000';
    public const char Close = '\uE001';
    public const int Length = 200;
    private const int Lead = 60;

    public static IReadOnlyList<SnippetPart> Parse(string highlighted)
    {
        var parts = new List<SnippetPart>();
        var match = false;
        var start = 0;
        for (var i = 0; i <= highlighted.Length; i++)
        {
            if (i < highlighted.Length && highlighted[i] != Open && highlighted[i] != Close)
                continue;
            if (i > start)
                parts.Add(new SnippetPart(highlighted[start..i], match));
            if (i < highlighted.Length)
                match = highlighted[i] == Open;
            start = i + 1;
        }
        return parts;
    }

    /// <summary>
    /// A highlighted message as plain text parts: its Markdown is removed with the markers still in the text (they are
    /// ordinary characters to Markdown), so the match stays marked; a match inside a link's address has no text to mark.
    /// </summary>
    public static IReadOnlyList<SnippetPart> FromMarkdown(string highlighted) => Parse(MarkdownText.OneLine(highlighted));

    /// <summary>About <see cref="Length"/> characters starting a little before the first match, with … where text was cut.</summary>
    public static IReadOnlyList<SnippetPart> Window(IReadOnlyList<SnippetPart> parts)
    {
        var total = parts.Sum(p => p.Text.Length);
        var firstMatch = 0;
        foreach (var part in parts)
        {
            if (part.Match)
                break;
            firstMatch += part.Text.Length;
        }
        var from = firstMatch >= total ? 0 : Math.Max(0, firstMatch - Lead);
        var to = Math.Min(total, from + Length);
        var window = new List<SnippetPart>();
        if (from > 0)
            window.Add(new SnippetPart("…", false));
        var offset = 0;
        foreach (var part in parts)
        {
            var start = Math.Max(from, offset);
            var end = Math.Min(to, offset + part.Text.Length);
            if (end > start)
                window.Add(part with { Text = part.Text[(start - offset)..(end - offset)] });
            offset += part.Text.Length;
        }
        if (to < total)
            window.Add(new SnippetPart("…", false));
        return window;
    }

    /// <summary>The start of a message, for results found by operators alone (nothing to highlight).</summary>
    public static IReadOnlyList<SnippetPart> Plain(string content) =>
        MarkdownText.OneLine(content) is { Length: > 0 } text ? Window([new SnippetPart(text, false)]) : [];
}
