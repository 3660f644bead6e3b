using System.Net;
using System.Text.RegularExpressions;
using AngleSharp.Dom;
using AngleSharp.Html.Parser;
using FluentAssertions.Execution;

namespace QanDu.Dashboard.Tests.Rendering;

/// <summary>
/// Parses rendered HTML the way a browser would and fails on anything that could run script, restyle the
/// page, submit a form or point a URL anywhere but an absolute http, https or mailto address.
/// </summary>
internal static partial class SafeHtml
{
    private static readonly HtmlParser Parser = new();

    private static readonly HashSet<string> ForbiddenElements = new(StringComparer.OrdinalIgnoreCase)
    {
        "script", "iframe", "frame", "frameset", "object", "embed", "applet", "style", "link", "form",
        "meta", "base", "svg", "math", "template", "noscript",
    };

    private static readonly HashSet<string> UrlAttributes = new(StringComparer.OrdinalIgnoreCase)
    {
        "href", "src", "action", "formaction", "xlink:href", "srcset", "poster", "background", "data",
        "ping", "cite", "lowsrc", "longdesc", "codebase", "archive", "manifest", "icon", "data-src",
    };

    private static readonly HashSet<string> AllowedSchemes = new(StringComparer.OrdinalIgnoreCase)
    {
        "http", "https", "mailto",
    };

    public static IDocument Parse(string html) => Parser.ParseDocument(html);

    public static void ShouldBeSafe(string html)
    {
        var document = Parse(html);
        using var scope = new AssertionScope();
        scope.AddReportable("html", html);
        foreach (var element in document.All)
        {
            ForbiddenElements.Should().NotContain(element.LocalName, "no active or page-level element may survive");
            foreach (var attribute in element.Attributes)
            {
                attribute.Name.Should().NotStartWithEquivalentOf("on", "event handlers run script");
                attribute.Name.Should().NotBeEquivalentTo("style", "inline styles can overlay or spoof the page");
                if (UrlAttributes.Contains(attribute.Name) || UrlAttributes.Contains(attribute.LocalName))
                {
                    SchemeOf(attribute.Value).Should().BeOneOf(AllowedSchemes,
                        "{0}=\"{1}\" must be an absolute http, https or mailto URL", attribute.Name, attribute.Value);
                }
            }
        }
    }

    /// <summary>
    /// The scheme a browser would see, or null for a relative URL. The parser has already decoded
    /// entities; this decodes once more (entities and percent escapes) and drops every control character
    /// and space, so that the check is stricter than any browser's URL parser.
    /// </summary>
    private static string? SchemeOf(string value)
    {
        var decoded = Uri.UnescapeDataString(WebUtility.HtmlDecode(value));
        var squeezed = new string(decoded.Where(c => c > ' ' && c != '\u007F').ToArray());
        var match = SchemePattern().Match(squeezed);
        return match.Success ? match.Groups[1].Value.ToLowerInvariant() : null;
    }

    [GeneratedRegex("^([a-zA-Z][a-zA-Z0-9+.-]*):")]
    private static partial Regex SchemePattern();
}
