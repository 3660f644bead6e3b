using Ganss.Xss;
using Markdig;
using Markdig.Extensions.Emoji;
using QanDu.Dashboard.Features.Reactions;

namespace QanDu.Dashboard.Rendering;

/// <summary>
/// Markdown to safe HTML for user, customer and AI text alike: Markdig with raw HTML disabled, then an
/// allowlist sanitizer, because Markdig alone still lets javascript: links and attribute syntax through.
/// </summary>
public sealed class MarkdownRenderer
{
    /// <summary>Shortcodes to Unicode emoji, without smileys; also used for plain-text previews.</summary>
    internal static readonly EmojiMapping Emoji = new(Shortcodes(), new Dictionary<string, string>());

    private static readonly MarkdownPipeline Pipeline = new MarkdownPipelineBuilder()
        .DisableHtml()
        .UseEmphasisExtras()
        .UsePipeTables()
        .UseTaskLists()
        .UseAutoLinks()
        .UseSoftlineBreakAsHardlineBreak()
        // Shortcodes (:smile:, :+1:) become Unicode emoji; being an inline parser, it leaves code spans and blocks alone.
        // Smileys such as :) stay text: in support conversations they are as often part of a URL or a list.
        .UseEmojiAndSmiley(Emoji)
        .Build();

    private static readonly string[] LinkSchemes = ["http", "https", "mailto"];
    private static readonly string[] ImageSchemes = ["http", "https"];

    private readonly HtmlSanitizer _sanitizer = CreateSanitizer();

    public string ToHtml(string? markdown)
    {
        if (string.IsNullOrEmpty(markdown))
            return "";
        var html = Markdown.ToHtml(markdown, Pipeline);
        return _sanitizer.Sanitize(html);
    }

    private static HtmlSanitizer CreateSanitizer()
    {
        var options = new HtmlSanitizerOptions
        {
            AllowedTags = new HashSet<string>(StringComparer.OrdinalIgnoreCase)
            {
                "p", "br", "hr", "strong", "em", "del", "s", "ins", "mark", "sub", "sup", "code", "pre", "blockquote",
                "ul", "ol", "li", "a", "img", "h1", "h2", "h3", "h4", "h5", "h6", "table", "thead", "tbody", "tr", "th", "td",
                "input", "span",
            },
            AllowedAttributes = new HashSet<string>(StringComparer.OrdinalIgnoreCase)
            {
                "href", "src", "alt", "title", "type", "checked", "disabled", "start", "align", "class",
            },
            AllowedSchemes = new HashSet<string>(LinkSchemes, StringComparer.OrdinalIgnoreCase),
            UriAttributes = new HashSet<string>(StringComparer.OrdinalIgnoreCase) { "href", "src" },
            AllowedCssProperties = new HashSet<string>(StringComparer.OrdinalIgnoreCase),
            AllowedAtRules = new HashSet<AngleSharp.Css.Dom.CssRuleType>(),
        };
        var sanitizer = new HtmlSanitizer(options) { AllowDataAttributes = false };
        // The sanitizer keeps relative URLs; those would send requests to this app with the reader's cookie
        // (an image of /api/...) or, as //host, reach any site, so only absolute URLs survive.
        sanitizer.FilterUrl += (_, e) =>
        {
            var schemes = e.Tag is AngleSharp.Html.Dom.IHtmlImageElement ? ImageSchemes : LinkSchemes;
            if (e.SanitizedUrl is { } url && !HasScheme(url, schemes))
                e.SanitizedUrl = null;
        };
        sanitizer.PostProcessNode += (_, e) =>
        {
            // An image from another host is fetched only when the reader asks: loading it on render would tell that host
            // who reads the message, when, and whatever the author put in its URL.
            if (e.Node is AngleSharp.Html.Dom.IHtmlImageElement image && image.GetAttribute("src") is { } source
                && Uri.TryCreate(source, UriKind.Absolute, out Uri? _))
            {
                image.Replace(ExternalImageButton(image.Owner!, source, image.GetAttribute("alt"), image.GetAttribute("title")));
                return;
            }
            if (e.Node is AngleSharp.Html.Dom.IHtmlAnchorElement anchor)
            {
                anchor.SetAttribute("rel", "noopener noreferrer nofollow");
                anchor.SetAttribute("target", "_blank");
            }
            // Only task-list checkboxes survive, and they are read-only.
            if (e.Node is AngleSharp.Html.Dom.IHtmlInputElement input)
            {
                if (!string.Equals(input.Type, "checkbox", StringComparison.OrdinalIgnoreCase))
                    input.Remove();
                else
                    input.SetAttribute("disabled", "disabled");
            }
        };
        return sanitizer;
    }

    /// <summary>A button standing in for an image from another host; app.js swaps in the image when it is clicked.</summary>
    private static AngleSharp.Dom.IElement ExternalImageButton(AngleSharp.Dom.IDocument document, string source, string? alt, string? title)
    {
        var button = document.CreateElement("button");
        button.SetAttribute("type", "button");
        button.SetAttribute("class", "qd-external-image");
        button.SetAttribute("data-src", source);
        button.SetAttribute("data-alt", alt ?? "");
        if (title is not null)
            button.SetAttribute("data-title", title);
        var host = new Uri(source).Host;
        button.SetAttribute("title", $"Load the image from {host}");
        button.TextContent = $"🖼 Show image{(string.IsNullOrWhiteSpace(alt) ? "" : $" \"{alt}\"")} from {host}";
        return button;
    }

    /// <summary>Markdig's GitHub-style shortcodes, plus every shortcode of the app's emoji list.</summary>
    private static Dictionary<string, string> Shortcodes()
    {
        var codes = new Dictionary<string, string>(EmojiMapping.GetDefaultEmojiShortcodeToUnicode(), StringComparer.Ordinal);
        foreach (var (code, info) in EmojiCatalog.Default.ByShortcode)
            codes.TryAdd($":{code}:", info.Emoji);
        return codes;
    }

    private static bool HasScheme(string url, string[] schemes)
    {
        var colon = url.IndexOf(':');
        return colon > 0 && schemes.Contains(url[..colon], StringComparer.OrdinalIgnoreCase);
    }
}
