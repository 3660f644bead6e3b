using QanDu.Dashboard.Features.Assistant.Feedback;

namespace QanDu.Dashboard.Tests.Features.Assistant.Feedback;

/// <summary>What of an answer may be published: everything but what it quotes from conversations without a customer.</summary>
public sealed class KnowledgeDraftTests
{
    private static readonly IReadOnlySet<long> CustomerThreads = new HashSet<long> { 7 };

    [Fact]
    public void WithoutInternal_NoConversationCited_TextUnchanged()
    {
        const string answer = "**Refunds** take 5 to 10 days.\n\n> Quoted from [the policy](/knowledge/3)\n\n- one\n- two";

        KnowledgeDraft.WithoutInternal(answer, CustomerThreads).Should().BeSameAs(answer);
    }

    [Fact]
    public void WithoutInternal_CitationOfATeamChat_ItsParagraphQuoteAndEmptyLeadInsLeftOut()
    {
        const string answer = """
            From the knowledge base — *Refunds* ([open](/knowledge/1)):

            > Refunds go back to the card.

            From earlier conversations:

            Based on how Tom answered in *Billing escalations* ([open](/threads/9?message=40)):

            > Finance approves refunds over 500 EUR; do not tell customers.
            """;

        var draft = KnowledgeDraft.WithoutInternal(answer, CustomerThreads);

        draft.Should().Be("From the knowledge base — *Refunds* ([open](/knowledge/1)):\n\n> Refunds go back to the card.");
    }

    [Fact]
    public void WithoutInternal_ListCitingACustomerAndATeamConversation_OnlyTheTeamItemLeftOut()
    {
        const string answer = """
            Based on how Maya answered in *Charged twice* ([open](https://qandu.example/threads/7?message=3)):

            > I refunded the duplicate payment.

            Similar answers:

            - Tom in *Team chat* ([open](/threads/9?message=41)): internal only
            - Lin in *Charged twice* ([open](/threads/7?message=5)): the refund is on its way
            """;

        var draft = KnowledgeDraft.WithoutInternal(answer, CustomerThreads);

        draft.Should().Contain("I refunded the duplicate payment").And.Contain("Similar answers:").And.Contain("the refund is on its way");
        draft.Should().NotContain("internal only").And.NotContain("Team chat");
        KnowledgeDraft.CitedThreads(answer).Should().BeEquivalentTo([7L, 9L]);
    }

    [Fact]
    public void WithoutInternal_OnlyTeamQuotes_NothingLeft()
    {
        const string answer = "Similar answers:\n\n- Tom in *Team chat* ([open](/threads/9?message=41)): internal only";

        KnowledgeDraft.WithoutInternal(answer, CustomerThreads).Should().BeEmpty();
    }
}
