using QanDu.Dashboard.Features.Search;

namespace QanDu.Dashboard.Tests.Features.Search;

public sealed class SnippetsTests
{
    [Fact]
    public void Parse_Markers_BecomeMatchedParts()
    {
        var parts = Snippets.Parse("was \uE000refund\uE001ed <b>\uE000x\uE001");

        parts.Should().Equal(
            new SnippetPart("was ", false), new SnippetPart("refund", true), new SnippetPart("ed <b>", false), new SnippetPart("x", true));
    }

    [Fact]
    public void Window_MatchFarIntoALongMessage_StartsShortlyBeforeItWithEllipses()
    {
        var parts = Snippets.Parse(new string('a', 500) + "\uE000needle\uE001" + new string('b', 500));

        var window = Snippets.Window(parts);

        window.First().Should().Be(new SnippetPart("…", false));
        window.Last().Should().Be(new SnippetPart("…", false));
        window.Should().ContainSingle(p => p.Match).Which.Text.Should().Be("needle");
        window.Where(p => p.Text != "…").Sum(p => p.Text.Length).Should().Be(Snippets.Length);
        window[1].Text.Should().HaveLength(60, "the match is shown with a little text before it");
    }

    [Fact]
    public void FromMarkdown_MatchesInsideFormatting_PlainTextWithTheMatchesStillMarked()
    {
        var parts = Snippets.FromMarkdown("**\uE000Refund\uE001** via [the \uE000refund\uE001 page](https://x.example/refund)\n\n> `card`");

        parts.Should().Equal(new SnippetPart("Refund", true), new SnippetPart(" via the ", false), new SnippetPart("refund", true), new SnippetPart(" page card", false));
    }

    [Fact]
    public void Plain_Markdown_PlainText()
    {
        Snippets.Plain("**Bold** and _more_").Should().Equal(new SnippetPart("Bold and more", false));
    }

    [Fact]
    public void Plain_ShortMessage_WholeTextUnmarked()
    {
        Snippets.Plain("short note").Should().Equal(new SnippetPart("short note", false));
        Snippets.Plain("").Should().BeEmpty();
    }

    [Fact]
    public void SnippetHtml_TextIsEncoded_OnlyOurMarkTagsAreMarkup()
    {
        var hit = new SearchHit(1, 2, "t", "s", DateTime.UnixEpoch,
            [new SnippetPart("<script>x</script> & ", false), new SnippetPart("<mark>", true)]);

        hit.SnippetHtml.Should().Be("&lt;script&gt;x&lt;/script&gt; &amp; <mark>&lt;mark&gt;</mark>");
    }
}
