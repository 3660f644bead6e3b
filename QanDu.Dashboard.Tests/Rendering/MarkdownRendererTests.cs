using AngleSharp.Dom;
using QanDu.Dashboard.Rendering;

namespace QanDu.Dashboard.Tests.Rendering;

public sealed class MarkdownRendererTests
{
    private readonly MarkdownRenderer _renderer = new();

    public static TheoryData<string> HostileInputs => HostileMarkdown.Cases;

    [Theory]
    [MemberData(nameof(HostileInputs))]
    public void ToHtml_HostileInput_RendersOnlyInertHtml(string markdown)
    {
        var html = _renderer.ToHtml(markdown);

        html.Should().NotBeNullOrWhiteSpace("a hostile message is still shown, as harmless text");
        SafeHtml.ShouldBeSafe(html);
    }

    // Guards the guard: the checker above must reject what a weaker renderer would let through.
    [Theory]
    [InlineData("<script>alert(1)</script>")]
    [InlineData("<img src=\"https://ok.example/a.png\" onerror=\"alert(1)\">")]
    [InlineData("<p style=\"position:fixed\">x</p>")]
    [InlineData("<a href=\"java&#09;script:alert(1)\">x</a>")]
    [InlineData("<a href=\" JaVaScRiPt:alert(1)\">x</a>")]
    [InlineData("<a href=\"//evil.example\">x</a>")]
    [InlineData("<a href=\"/relative\">x</a>")]
    [InlineData("<img src=\"data:image/png;base64,AAAA\">")]
    [InlineData("<svg><a xlink:href=\"javascript:alert(1)\">x</a></svg>")]
    public void ShouldBeSafe_UnsafeHtml_Fails(string unsafeHtml)
    {
        var check = () => SafeHtml.ShouldBeSafe(unsafeHtml);

        check.Should().Throw<Exception>();
    }

    [Theory]
    [InlineData("**bold**", "p > strong")]
    [InlineData("*italic*", "p > em")]
    [InlineData("~~gone~~", "p > del")]
    [InlineData("# Heading", "h1")]
    [InlineData("- one\n- two", "ul > li + li")]
    [InlineData("1. one\n2. two", "ol > li + li")]
    [InlineData("`code`", "p > code")]
    [InlineData("```csharp\nvar x = 1;\n```", "pre > code.language-csharp")]
    [InlineData("> quoted", "blockquote > p")]
    [InlineData("| a | b |\n|---|---|\n| 1 | 2 |", "table > thead > tr > th + th")]
    [InlineData("| a | b |\n|---|---|\n| 1 | 2 |", "table > tbody > tr > td + td")]
    [InlineData("- [x] done\n- [ ] todo", "li > input[type=checkbox][checked][disabled]")]
    [InlineData("- [x] done\n- [ ] todo", "li > input[type=checkbox]:not([checked])")]
    [InlineData("[site](https://ok.example/page)", "a[href='https://ok.example/page']")]
    [InlineData("[mail](mailto:support@ok.example)", "a[href='mailto:support@ok.example']")]
    // An image from another host becomes a button that loads it on click (never fetched on render).
    [InlineData("![logo](https://ok.example/a.png \"Logo\")", "button.qd-external-image[data-src='https://ok.example/a.png'][data-alt=logo][data-title=Logo]")]
    [InlineData("![logo](http://ok.example/a.png)", "button.qd-external-image[data-src='http://ok.example/a.png']")]
    [InlineData("[x][r]\n\n[r]: https://ok.example/ref", "a[href='https://ok.example/ref']")]
    public void ToHtml_OrdinaryMarkdown_RendersExpectedElement(string markdown, string selector)
    {
        var html = _renderer.ToHtml(markdown);

        SafeHtml.Parse(html).QuerySelector(selector).Should().NotBeNull("{0} should render as {1}, got {2}", markdown, selector, html);
    }

    [Theory]
    [InlineData("[site](https://ok.example)")]
    [InlineData("<https://ok.example>")]
    [InlineData("see https://ok.example")]
    [InlineData("[x][r]\n\n[r]: https://ok.example")]
    public void ToHtml_Link_GetsNoopenerNoreferrerNofollow(string markdown)
    {
        var anchor = SingleAnchor(_renderer.ToHtml(markdown));

        anchor.GetAttribute("rel").Should().Be("noopener noreferrer nofollow");
    }

    [Theory]
    [InlineData("see https://ok.example/docs?q=1 now", "https://ok.example/docs?q=1")]
    [InlineData("see www.ok.example now", "http://www.ok.example")]
    public void ToHtml_PlainUrl_BecomesLink(string markdown, string expectedHref)
    {
        var anchor = SingleAnchor(_renderer.ToHtml(markdown));

        anchor.GetAttribute("href").Should().Be(expectedHref);
    }

    [Fact]
    public void ToHtml_ScriptInFencedCode_KeptAsEscapedText()
    {
        var html = _renderer.ToHtml("```html\n<script>alert(1)</script>\n```");

        html.Should().Contain("&lt;script&gt;alert(1)&lt;/script&gt;");
        SafeHtml.Parse(html).QuerySelector("pre > code")!.TextContent.Should().Be("<script>alert(1)</script>\n");
    }

    [Fact]
    public void ToHtml_HtmlInCodeSpan_KeptAsText()
    {
        var html = _renderer.ToHtml("Use `<a href=\"x\">` here");

        SafeHtml.Parse(html).QuerySelector("code")!.TextContent.Should().Be("<a href=\"x\">");
    }

    [Fact]
    public void ToHtml_RawHtml_ShownAsText()
    {
        var html = _renderer.ToHtml("<img src=x onerror=alert(1)>");

        SafeHtml.Parse(html).QuerySelector("p")!.TextContent.Should().Be("<img src=x onerror=alert(1)>");
    }

    [Theory]
    [InlineData("[click](javascript:alert(1))")]
    [InlineData("[click](/api/threads/1/delete)")]
    [InlineData("[click](//evil.example)")]
    [InlineData("[click](ftp://evil.example)")]
    public void ToHtml_LinkToDisallowedTarget_KeepsTextWithoutHref(string markdown)
    {
        var anchor = SingleAnchor(_renderer.ToHtml(markdown));

        anchor.HasAttribute("href").Should().BeFalse();
        anchor.TextContent.Should().Be("click");
    }

    [Theory]
    [InlineData("![x](/api/account/logout)")]
    [InlineData("![x](//evil.example/pixel.png)")]
    [InlineData("![x](mailto:a@ok.example)")]
    public void ToHtml_ImageFromDisallowedSource_DropsSrc(string markdown)
    {
        var image = SafeHtml.Parse(_renderer.ToHtml(markdown)).QuerySelector("img");

        image.Should().NotBeNull();
        image!.HasAttribute("src").Should().BeFalse();
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    public void ToHtml_NullOrEmpty_ReturnsEmpty(string? markdown)
    {
        _renderer.ToHtml(markdown).Should().BeEmpty();
    }

    private static IElement SingleAnchor(string html) =>
        SafeHtml.Parse(html).QuerySelectorAll("a").Should().ContainSingle($"one link expected in {html}").Subject;
}
