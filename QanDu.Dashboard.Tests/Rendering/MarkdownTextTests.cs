using QanDu.Dashboard.Rendering;

namespace QanDu.Dashboard.Tests.Rendering;

public sealed class MarkdownTextTests
{
    [Fact]
    public void OneLine_Markdown_PlainTextOnOneLineWithHtmlKeptAsText()
    {
        MarkdownText.OneLine("# Refund\n\n**Paid** twice, see [invoice](https://x.example) :tada:\n\n- a `code`\n- <b>b</b>")
            .Should().Be("Refund Paid twice, see invoice 🎉 a code <b>b</b>");
        MarkdownText.OneLine("   ").Should().BeEmpty();
    }

    [Fact]
    public void Shorten_LongText_CutAtAWordWithAnEllipsisWithinTheLimit()
    {
        var text = string.Join(' ', Enumerable.Repeat("refund", 20));

        var shortened = MarkdownText.Shorten(text, 40);

        shortened.Should().EndWith("refund…").And.HaveLength(35);
        MarkdownText.Shorten("short", 40).Should().Be("short");
    }
}
