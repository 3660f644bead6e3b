using System.Text.RegularExpressions;
using Markdig;
using Markdig.Syntax;
using Markdig.Syntax.Inlines;

namespace QanDu.Dashboard.Rendering;

/// <summary>
/// The conversations an assistant's answer cites, and the answer without some of them. A citation is a paragraph or list
/// item linking to <c>/threads/{id}</c> ("Based on how Tom answered in *Billing* ([open](/threads/9?message=40)):"); it
/// goes together with the quote right under it, and so does a lead-in ("Similar answers:") left with nothing under it.
/// Only a citation can be told apart: text a remote model paraphrased from a conversation is not.
/// </summary>
public static partial class ThreadCitations
{
    private static readonly MarkdownPipeline Pipeline = new MarkdownPipelineBuilder().UsePreciseSourceLocation().Build();

    /// <summary>Whether the text may cite a conversation at all: a cheap test before parsing.</summary>
    public static bool MayCite(string? markdown) => markdown?.Contains("/threads/", StringComparison.Ordinal) == true;

    /// <summary>The conversations the text links to.</summary>
    public static IReadOnlyList<long> Cited(string markdown) =>
        MayCite(markdown) ? [.. Markdown.Parse(markdown, Pipeline).SelectMany(Links).Select(ThreadId).OfType<long>().Distinct()] : [];

    /// <summary>The thread a link such as <c>/threads/9?message=40</c> (or the same on this app's host) points to.</summary>
    public static long? ThreadOf(string? url) =>
        url is not null && ThreadLink().Match(url) is { Success: true } match && long.TryParse(match.Groups[1].Value, out var id) ? id : null;

    /// <summary>
    /// The text without the citations of conversations <paramref name="keep"/> says no to (with their quotes and empty
    /// lead-ins); the same string when nothing is left out.
    /// </summary>
    public static string Without(string markdown, Func<long, bool> keep)
    {
        if (!MayCite(markdown))
            return markdown;
        var blocks = Markdown.Parse(markdown, Pipeline).ToList();
        var kept = blocks.ConvertAll(_ => true);
        var cuts = new List<SourceSpan>();
        for (var i = 0; i < blocks.Count; i++)
        {
            if (blocks[i] is ListBlock list)
            {
                var items = list.OfType<ListItemBlock>().ToList();
                var dropped = items.Where(item => CitesDropped(item, keep)).ToList();
                if (dropped.Count == items.Count)
                    kept[i] = false;
                else
                    cuts.AddRange(dropped.Select(item => item.Span));
            }
            else if (CitesDropped(blocks[i], keep))
            {
                kept[i] = false;
                if (blocks[i] is ParagraphBlock && i + 1 < blocks.Count && blocks[i + 1] is QuoteBlock)
                    kept[++i] = false; // "Based on how … answered in …:" and the quote under it
            }
        }
        for (var i = blocks.Count - 1; i >= 0; i--)
        {
            if (!kept[i] || !IsLeadIn(blocks[i], markdown))
                continue;
            var next = kept.FindIndex(i + 1, k => k);
            if (next < 0 || IsLeadIn(blocks[next], markdown))
                kept[i] = false;
        }
        if (cuts.Count == 0 && kept.All(k => k))
            return markdown;
        cuts.AddRange(blocks.Where((_, i) => !kept[i]).Select(b => b.Span));
        var text = markdown;
        foreach (var cut in cuts.OrderByDescending(c => c.Start))
            text = text.Remove(cut.Start, Math.Min(cut.Length, text.Length - cut.Start));
        return BlankLines().Replace(text, "\n\n").Trim();
    }

    private static bool CitesDropped(Block block, Func<long, bool> keep) =>
        Links(block).Select(ThreadId).Any(id => id is { } thread && !keep(thread));

    /// <summary>A one-line paragraph without links that ends with a colon: it introduces what follows it.</summary>
    private static bool IsLeadIn(Block block, string markdown) =>
        block is ParagraphBlock paragraph
        && !Links(paragraph).Any()
        && markdown.Substring(paragraph.Span.Start, paragraph.Span.Length).Trim() is var text
        && !text.Contains('\n') && text.EndsWith(':');

    /// <summary>The links in a block and the blocks inside it (a block's own Descendants stops at its inlines).</summary>
    private static IEnumerable<LinkInline> Links(Block block) => block switch
    {
        LeafBlock { Inline: { } inline } => inline.Descendants<LinkInline>(),
        ContainerBlock container => container.SelectMany(Links),
        _ => [],
    };

    private static long? ThreadId(LinkInline link) => ThreadOf(link.Url);

    [GeneratedRegex(@"^(?:https?://[^/]+)?/threads/(\d+)")]
    private static partial Regex ThreadLink();

    [GeneratedRegex(@"\n[ \t]*(?:\n[ \t]*)+")]
    private static partial Regex BlankLines();
}
