using QanDu.Dashboard.Features.Access;
using QanDu.Dashboard.Features.Search;

namespace QanDu.Dashboard.Tests.Features.Search;

/// <summary>Queries that try SQL, FTS syntax or sheer size: each answers with results or a helpful validation error.</summary>
[Collection(SearchCorpusCollection.Name)]
public sealed class SearchHostileQueryTests(SearchCorpus corpus)
{
    [Theory]
    [InlineData("'; DROP TABLE Messages; --")]
    [InlineData("NEAR( ^ * : ( ) {}")]
    [InlineData("\"NEAR(\"")]
    [InlineData("\"Messages;\" DROP --")]
    [InlineData("inside <b>bold</b>")]
    public async Task SearchAsync_SqlOrFtsSyntax_IsSearchedForAsText(string query)
    {
        var results = await corpus.Search.SearchAsync(corpus.Agent, query, limit: 100);

        results.Hits.Select(h => h.MessageId).Should().Equal(corpus.Planted["hostile"]);
        (await corpus.App.QueryAsync(db => Task.FromResult(db.Messages.Count()))).Should().BeGreaterThan(SearchCorpus.FillerMessages);
    }

    [Theory]
    [InlineData("{Content}:refund OR zebracorn")]
    [InlineData("zebracorn*) OR (refund")]
    [InlineData("c0ntent:* AND")]
    public async Task SearchAsync_FtsOperatorsInText_NeverWidenTheSearchOrReachHiddenThreads(string query)
    {
        var act = () => corpus.Search.SearchAsync(corpus.Agent, query, limit: 100);

        (await act.Should().NotThrowAsync()).Subject.Hits.Should().BeEmpty();
    }

    [Theory]
    [InlineData("refund \"final", "quote is not closed")]
    [InlineData("\"", "quote is not closed")]
    [InlineData("foo:bar", "'foo:' is not a search operator")]
    [InlineData("Content:refund", "'content:' is not a search operator")]
    [InlineData("refund before:2025-13-01", "not a date")]
    [InlineData("refund after:yesterday", "not a date")]
    [InlineData("refund has:link", "use has:file")]
    [InlineData("refund from:", "needs a value")]
    [InlineData("( ) {} ^ *", "Type a word")]
    [InlineData("-refund", "Type a word")]
    [InlineData("", "Type a word")]
    public async Task SearchAsync_BadQuery_ValidationErrorThatSaysWhatToFix(string query, string message)
    {
        var act = () => corpus.Search.SearchAsync(corpus.Agent, query);

        (await act.Should().ThrowAsync<ChatValidationException>()).Which.Errors["q"].Single()
            .Should().ContainEquivalentOf(message);
    }

    [Fact]
    public async Task SearchAsync_VeryLongQuery_RefusedWithTheLimit()
    {
        var act = () => corpus.Search.SearchAsync(corpus.Agent, new string('x', 20_000));

        (await act.Should().ThrowAsync<ChatValidationException>()).Which.Message.Should().Contain("limit is 500");
    }

    [Fact]
    public async Task SearchAsync_LongestAllowedWord_AnswersWithNoHits()
    {
        var results = await corpus.Search.SearchAsync(corpus.Agent, new string('q', SearchQueryParser.MaxLength));

        results.Hits.Should().BeEmpty();
        results.HasMore.Should().BeFalse();
    }
}
