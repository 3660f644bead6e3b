using QanDu.Dashboard.Data.Entities;
using QanDu.Dashboard.Features.Messages;

namespace QanDu.Dashboard.Tests.Features.Messages;

/// <summary>An answer's quotes of other conversations, shaped for a reader who sees some of them (the pure part).</summary>
public sealed class AnswerCitationsTests
{
    private const string TwoCitations = """
        Based on how Maya answered in *Charged twice* ([open](/threads/7?message=3)):

        > I refunded the duplicate payment.

        Similar answers:

        - Tom in *Billing escalations* ([open](/threads/9?message=41)): finance approves refunds over 500 EUR
        """;

    private static readonly AiSource Visible = new("Charged twice", "/threads/7?message=3");
    private static readonly AiSource Hidden = new("Billing escalations", "/threads/9?message=41");

    [Fact]
    public void For_ReaderSeesEverySource_SameView()
    {
        var answer = Answer(TwoCitations, Visible, Hidden);

        AnswerCitations.For(answer, new HashSet<long> { 7, 9 }).Should().BeSameAs(answer);
    }

    [Fact]
    public void For_OneSourceHidden_ItsQuoteTitleAndSourceLeftOutTheRestKept()
    {
        var shown = AnswerCitations.For(Answer(TwoCitations, Visible, Hidden), new HashSet<long> { 7 });

        shown.Content.Should().Contain("I refunded the duplicate payment").And.Contain("*Charged twice*")
            .And.NotContain("Billing escalations").And.NotContain("500 EUR").And.NotContain("Similar answers:");
        shown.Content.Should().EndWith("*Quotes from a conversation you cannot see are left out.*");
        shown.Metadata!.Ai!.Sources.Should().Equal(Visible);
        shown.Metadata.Ai.Context.Should().Be("Charged twice");
        shown.Metadata.Ai.ContextUsed!.Sources.Should().Equal(Visible);
    }

    [Fact]
    public void For_SourceOnlyInTheMetadata_TextWithheld()
    {
        // A remote model wrote its own words from the conversation: nothing to cut out, so nothing of it is shown.
        var shown = AnswerCitations.For(Answer("Finance approves refunds over 500 EUR, so ask them first.", Hidden), new HashSet<long>());

        shown.Content.Should().Be("*This answer drew on a conversation you cannot see, so it is not shown.*");
        shown.Metadata!.Ai!.Sources.Should().BeNull();
        shown.Metadata.Ai.Context.Should().BeNull();
    }

    [Fact]
    public void For_OnlyHiddenQuotes_SaysSo()
    {
        var shown = AnswerCitations.For(Answer(TwoCitations, Visible, Hidden), new HashSet<long>());

        shown.Content.Should().Be("*This answer only quoted 2 conversations you cannot see.*");
    }

    [Fact]
    public void For_APersonsMessageLinkingAThread_Unchanged()
    {
        var message = Answer(TwoCitations) with { SenderType = SenderType.User, Metadata = null };

        AnswerCitations.For(message, new HashSet<long>()).Should().BeSameAs(message);
        AnswerCitations.PreviewText(SenderType.User, TwoCitations).Should().BeSameAs(TwoCitations);
    }

    [Fact]
    public void PreviewText_Answer_WithoutAnyCitation()
    {
        AnswerCitations.PreviewText(SenderType.Ai, TwoCitations).Should().Be(AnswerCitations.CitationsOnlyPreview);
        AnswerCitations.PreviewText(SenderType.Ai, "Refunds take 5 days.\n\n" + TwoCitations).Should().Be("Refunds take 5 days.");
    }

    private static MessageView Answer(string content, params AiSource[] sources)
    {
        var ai = new AiMetadata(0.8, sources.Length == 0 ? null : string.Join("; ", sources.Select(s => s.Title)), "local")
        {
            Sources = sources.Length == 0 ? null : sources,
            ContextUsed = new AiContextReport(4000, 100, 0, 200, 300, [1, 2], 0, sources, "en"),
        };
        return new MessageView(42, 5, content, MessageType.Text, null, "QanDu Assistant", SenderType.Ai, DateTime.UtcNow,
            MessageStatus.Sent, null, null, null, false, null, new MessageMetadataView(ai, null, null), []);
    }
}
