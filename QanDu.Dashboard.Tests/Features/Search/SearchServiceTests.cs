using QanDu.Dashboard.Features.Access;
using QanDu.Dashboard.Features.Search;

namespace QanDu.Dashboard.Tests.Features.Search;

[Collection(SearchCorpusCollection.Name)]
public sealed class SearchServiceTests(SearchCorpus corpus)
{
    private async Task<List<long>> FindAsync(string query, ChatCaller? caller = null)
    {
        var results = await corpus.Search.SearchAsync(caller ?? corpus.Agent, query, limit: 100);
        return [.. results.Hits.Select(h => h.MessageId)];
    }

    private long[] Planted(params string[] keys) => [.. keys.Select(k => corpus.Planted[k])];

    [Fact]
    public async Task Search_PartOfAWord_FindsTheLongerWord()
    {
        (await FindAsync("refund")).Should().BeEquivalentTo(Planted("refunded", "refund-request"));
        (await FindAsync("funde")).Should().Equal(Planted("refunded"));
    }

    [Fact]
    public async Task Search_Prefix_FindsWordsStartingWithIt()
    {
        (await FindAsync("refunde*")).Should().Equal(Planted("refunded"));
        (await FindAsync("REFUND*")).Should().BeEquivalentTo(Planted("refunded", "refund-request"));
    }

    [Fact]
    public async Task Search_ShortWord_MatchesWordStarts()
    {
        (await FindAsync("qz")).Should().Equal(Planted("short-code"));
    }

    [Fact]
    public async Task Search_Phrase_MatchesWordsInThatOrderOnly()
    {
        (await FindAsync("\"order 8841\"")).Should().Equal(Planted("refunded"));
        (await FindAsync("\"8841 order\"")).Should().BeEmpty();
    }

    [Fact]
    public async Task Search_Exclusion_LeavesOutMessagesWithTheWordOrPhrase()
    {
        (await FindAsync("platypus -green")).Should().Equal(Planted("platypus-blue"));
        (await FindAsync("platypus -\"blue edition\"")).Should().Equal(Planted("platypus-green"));
    }

    [Fact]
    public async Task Search_From_MatchesDisplayNameWordOrEmailPrefix()
    {
        (await FindAsync("wombatic from:ada")).Should().Equal(Planted("wombatic-ada"));
        (await FindAsync("wombatic from:lovelace")).Should().Equal(Planted("wombatic-ada"));
        (await FindAsync("wombatic from:\"Grace Hopper\"")).Should().Equal(Planted("wombatic-grace"));
        (await FindAsync("wombatic from:ada.lovelace.")).Should().Equal(Planted("wombatic-ada"));
        (await FindAsync("wombatic -from:ada")).Should().Equal(Planted("wombatic-grace"));
    }

    [Fact]
    public async Task Search_In_MatchesThreadTitleOrId()
    {
        (await FindAsync("wombatic in:billing")).Should().Equal(Planted("wombatic-ada"));
        (await FindAsync($"wombatic in:{corpus.SharedThread}")).Should().Equal(Planted("wombatic-ada"));
        (await FindAsync("wombatic in:\"Billing escalations\"")).Should().Equal(Planted("wombatic-ada"));
    }

    [Fact]
    public async Task Search_HasFile_OnlyMessagesWithAttachments_AndFileNamesAreSearched()
    {
        (await FindAsync("quokkafish has:file")).Should().Equal(Planted("with-file"));
        (await FindAsync("quokkafish -has:file")).Should().Equal(Planted("without-file"));
        (await FindAsync("quokkafish-invoice")).Should().Equal(Planted("with-file"));
    }

    [Fact]
    public async Task Search_IsUnread_OthersMessagesAfterMyReadCursor()
    {
        (await FindAsync("marmotix is:unread")).Should().Equal(Planted("marmotix-unread"));
        (await FindAsync("marmotix")).Should().HaveCount(3);
    }

    [Fact]
    public async Task Search_BeforeAndAfter_AreWholeUtcDays()
    {
        (await FindAsync("xylodate before:2025-06-01")).Should().Equal(Planted("early"));
        (await FindAsync("xylodate before:2025-03-10")).Should().BeEmpty();
        (await FindAsync("xylodate after:2025-09-19")).Should().Equal(Planted("late"));
        (await FindAsync("xylodate after:2025-09-20")).Should().BeEmpty();
        (await FindAsync("xylodate after:2025-03-09 before:2025-03-11")).Should().Equal(Planted("early"));
    }

    [Fact]
    public async Task Search_HiddenThread_NeverFoundByAnAgentOutsideIt_FoundBySupervisor()
    {
        (await FindAsync("zebracorn")).Should().BeEmpty();
        (await FindAsync("zebracorn launch")).Should().BeEmpty();
        (await FindAsync("zebracorn", corpus.Supervisor)).Should().Equal(Planted("hidden"));
        (await FindAsync("zebracorn", corpus.OtherAgent)).Should().Equal(Planted("hidden"));
    }

    [Fact]
    public async Task Search_CommonWord_EveryHitIsInAThreadTheAgentTakesPartIn()
    {
        var results = await corpus.Search.SearchAsync(corpus.Agent, "password", limit: 100);
        var relevance = await corpus.Search.SearchAsync(corpus.Agent, "password", SearchSort.Relevance, limit: 100);

        results.Hits.Should().HaveCount(100).And.OnlyContain(h => corpus.AgentThreads.Contains(h.ThreadId));
        relevance.Hits.Should().HaveCount(100).And.OnlyContain(h => corpus.AgentThreads.Contains(h.ThreadId));
    }

    [Fact]
    public async Task Search_EditedAndDeletedMessages_IndexFollowsTheirCurrentText()
    {
        (await FindAsync("ocelotine")).Should().BeEmpty("the old text was replaced by an edit");
        (await FindAsync("lynxomatic")).Should().Equal(Planted("edited"));
        (await FindAsync("caracalish")).Should().BeEmpty("the message was deleted");
    }

    [Fact]
    public async Task Search_Newest_PagesOlderWithoutOverlap()
    {
        var first = await corpus.Search.SearchAsync(corpus.Agent, "invoice", limit: 50);
        var second = await corpus.Search.SearchAsync(corpus.Agent, "invoice", limit: 50, before: first.NextBefore);

        first.HasMore.Should().BeTrue();
        var ids = first.Hits.Concat(second.Hits).Select(h => h.MessageId).ToList();
        ids.Should().HaveCount(100).And.BeInDescendingOrder().And.OnlyHaveUniqueItems();
    }

    [Fact]
    public async Task Search_Hit_HasThreadTitleSenderTimeAndMarkedSnippet()
    {
        var hit = (await corpus.Search.SearchAsync(corpus.Agent, "refunde*")).Hits.Single();

        hit.ThreadTitle.Should().Be("Billing escalations");
        hit.SenderName.Should().Be("Ada Lovelace");
        hit.Timestamp.Should().Be(corpus.PlantedAt["refunded"]);
        hit.Snippet.Where(p => p.Match).Select(p => p.Text).Should().Equal("refunded");
        hit.SnippetHtml.Should().Contain("was <mark>refunded</mark> for order 8841").And.Contain("&quot;final&quot;");
    }

    [Fact]
    public async Task Search_SubstringHighlight_MarksOnlyTheMatchedLetters()
    {
        var hit = (await corpus.Search.SearchAsync(corpus.Agent, "funde")).Hits.Single();

        hit.SnippetHtml.Should().Contain("re<mark>funde</mark>d");
    }

    [Fact]
    public async Task Search_MessageWithHtml_SnippetIsEncodedText()
    {
        var hit = (await corpus.Search.SearchAsync(corpus.Agent, "bold")).Hits.Single();

        hit.SnippetHtml.Should().Contain("&lt;b&gt;<mark>bold</mark>&lt;/b&gt;").And.NotContain("<b>");
    }
}
