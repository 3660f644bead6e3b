using Markdig;

namespace QanDu.Dashboard.Rendering;

/// <summary>
/// Markdown as one line of plain text (formatting, link targets and block structure removed; emoji shortcodes turned into
/// emoji), for titles and search snippets. The result is text, never HTML: whoever shows it still encodes it.
/// </summary>
public static class MarkdownText
{
    // Raw HTML stays literal text, as the renderer shows it, so "<b>" in a message is never dropped or taken for markup.
    private static readonly MarkdownPipeline Pipeline = new MarkdownPipelineBuilder()
        .DisableHtml()
        .UseEmojiAndSmiley(MarkdownRenderer.Emoji)
        .Build();

    public static string OneLine(string? markdown)
    {
        if (string.IsNullOrWhiteSpace(markdown))
            return "";
        var plain = Markdown.ToPlainText(markdown, Pipeline);
        return string.Join(' ', plain.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries));
    }

    /// <summary>At most <paramref name="max"/> characters: cut at a word where one is near, and marked with "…".</summary>
    public static string Shorten(string text, int max)
    {
        if (text.Length <= max)
            return text;
        var cut = text[..(max - 1)];
        var space = cut.LastIndexOf(' ');
        if (space > max / 2)
            cut = cut[..space];
        return cut.TrimEnd(' ', ',', ';', ':', '-', '—') + "…";
    }
}
