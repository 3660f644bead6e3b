using System.Text.RegularExpressions;
using Markdig;
using Markdig.Syntax;
using Markdig.Syntax.Inlines;

namespace QanDu.Dashboard.Features.Assistant.Feedback;

/// <summary>
/// What of a good answer may become a knowledge-base article. The answer stays as written, except what it quotes from
/// conversations that are not with a customer (team chats, someone's AI thread): a paragraph or list item that cites such
/// a conversation (links to <c>/threads/{id}</c>) is left out with the quote under it, and so is a lead-in ("Similar
/// answers:") left with nothing under it. Only a citation can be told apart: text a remote model paraphrased is kept.
/// </summary>
internal static partial class KnowledgeDraft
{
    private static readonly MarkdownPipeline Pipeline = new MarkdownPipelineBuilder().UsePreciseSourceLocation().Build();

    /// <summary>The conversations the answer links to.</summary>
    public static IEnumerable<long> CitedThreads(string markdown) =>
        Markdown.Parse(markdown, Pipeline).SelectMany(Links).Select(ThreadId).OfType<long>().Distinct();

    /// <summary>The answer without citations of conversations other than <paramref name="customerThreads"/>; unchanged when it cites none.</summary>
    public static string WithoutInternal(string markdown, IReadOnlySet<long> customerThreads)
    {
        var blocks = Markdown.Parse(markdown, Pipeline).ToList();
        var kept = blocks.ConvertAll(_ => true);
        var cuts = new List<SourceSpan>();
        for (var i = 0; i < blocks.Count; i++)
        {
            if (blocks[i] is ListBlock list)
            {
                var items = list.OfType<ListItemBlock>().ToList();
                var internalItems = items.Where(item => CitesInternal(item, customerThreads)).ToList();
                if (internalItems.Count == items.Count)
                    kept[i] = false;
                else
                    cuts.AddRange(internalItems.Select(item => item.Span));
            }
            else if (CitesInternal(blocks[i], customerThreads))
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

    private static bool CitesInternal(Block block, IReadOnlySet<long> customerThreads) =>
        Links(block).Select(ThreadId).Any(id => id is { } thread && !customerThreads.Contains(thread));

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

    private static long? ThreadId(LinkInline link) =>
        link.Url is { } url && ThreadLink().Match(url) is { Success: true } match && long.TryParse(match.Groups[1].Value, out var id) ? id : null;

    [GeneratedRegex(@"^(?:https?://[^/]+)?/threads/(\d+)")]
    private static partial Regex ThreadLink();

    [GeneratedRegex(@"\n[ \t]*(?:\n[ \t]*)+")]
    private static partial Regex BlankLines();
}
