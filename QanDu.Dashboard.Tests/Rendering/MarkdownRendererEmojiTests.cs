using QanDu.Dashboard.Rendering;

namespace QanDu.Dashboard.Tests.Rendering;

/// <summary>Emoji shortcodes in message text render as Unicode emoji, except inside code; Unicode emoji pass through.</summary>
public sealed class MarkdownRendererEmojiTests
{
    private readonly MarkdownRenderer _renderer = new();

    [Theory]
    [InlineData("Thanks :smile:", "Thanks 😄")]
    [InlineData(":+1: done", "👍 done")]
    [InlineData("Shipped :tada::rocket:", "Shipped 🎉🚀")]
    [InlineData("Refund sent :white_check_mark:", "Refund sent ✅")]
    [InlineData("Already 🎉 unicode", "Already 🎉 unicode")]
    public void ToHtml_ShortcodeOrUnicode_ShowsTheEmoji(string markdown, string expectedText)
    {
        var html = _renderer.ToHtml(markdown);

        SafeHtml.Parse(html).QuerySelector("p")!.TextContent.Should().Be(expectedText);
        SafeHtml.ShouldBeSafe(html);
    }

    [Theory]
    [InlineData("`:smile:`", "p > code")]
    [InlineData("```\n:smile: :+1:\n```", "pre > code")]
    public void ToHtml_ShortcodeInCode_StaysLiteral(string markdown, string selector)
    {
        var code = SafeHtml.Parse(_renderer.ToHtml(markdown)).QuerySelector(selector)!;

        code.TextContent.Should().Contain(":smile:").And.NotContain("😄");
    }

    [Theory]
    [InlineData("Unknown :not_a_code: stays", "Unknown :not_a_code: stays")]
    [InlineData("Times 10:30:45 stay", "Times 10:30:45 stay")]
    [InlineData("Smiley :) stays text", "Smiley :) stays text")]
    public void ToHtml_NotAShortcode_LeftAsWritten(string markdown, string expectedText) =>
        SafeHtml.Parse(_renderer.ToHtml(markdown)).QuerySelector("p")!.TextContent.Should().Be(expectedText);

    [Theory]
    [InlineData("Shipped :tada: **today**", "Shipped 🎉 today")]
    [InlineData("`:tada:` is the code", ":tada: is the code")]
    public void Preview_Shortcode_ShowsEmojiOutsideCode(string markdown, string expected) =>
        QanDu.Dashboard.Features.Messages.MessageProjection.Preview(markdown).Should().Be(expected);

    [Fact]
    public void ToHtml_ShortcodeNextToHostileLink_EmojiShownLinkRemoved()
    {
        var html = _renderer.ToHtml(":smile: [click](javascript:alert(1)) <img src=x onerror=alert(2)>");

        SafeHtml.ShouldBeSafe(html);
        html.Should().Contain("😄").And.NotContain("javascript:");
        SafeHtml.Parse(html).QuerySelector("img").Should().BeNull("raw HTML stays text");
    }
}
