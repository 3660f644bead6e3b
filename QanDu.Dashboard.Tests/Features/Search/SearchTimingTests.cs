using Microsoft.EntityFrameworkCore;
using System.Diagnostics;
using QanDu.Dashboard.Features.Search;
using Xunit.Abstractions;

namespace QanDu.Dashboard.Tests.Features.Search;

/// <summary>How long searches take on the 100,000-message corpus; the timings are written to the test output.</summary>
[Collection(SearchCorpusCollection.Name)]
public sealed class SearchTimingTests(SearchCorpus corpus, ITestOutputHelper output)
{
    [Theory]
    [InlineData("password", SearchSort.Newest)]
    [InlineData("password", SearchSort.Relevance)]
    [InlineData("ssword", SearchSort.Newest)]
    [InlineData("pass*", SearchSort.Relevance)]
    [InlineData("\"please check\"", SearchSort.Newest)]
    [InlineData("invoice -billing after:2025-06-01", SearchSort.Newest)]
    [InlineData("from:ada has:file", SearchSort.Newest)]
    [InlineData("zzzzz", SearchSort.Newest)]
    public async Task SearchAsync_OnTheCorpus_AnswersWithinASecondAndAHalf(string query, SearchSort sort)
    {
        await corpus.Search.SearchAsync(corpus.Agent, query, sort); // warm the page cache and the pool
        var clock = Stopwatch.StartNew();

        var results = await corpus.Search.SearchAsync(corpus.Agent, query, sort);

        clock.Stop();
        output.WriteLine($"{query} ({sort}): {results.Hits.Count} hits in {clock.ElapsedMilliseconds} ms; corpus insert took {corpus.InsertTime.TotalSeconds:F1} s");
        clock.Elapsed.Should().BeLessThan(TimeSpan.FromSeconds(1.5), "search must feel instant on a 100,000-message workspace");
    }

    [Fact]
    public async Task Corpus_HasAtLeastOneHundredThousandIndexedMessages()
    {
        var indexed = await corpus.App.QueryAsync(async db =>
        {
            var connection = db.Database.GetDbConnection();
            await db.Database.OpenConnectionAsync();
            await using var command = connection.CreateCommand();
            command.CommandText = "SELECT (SELECT count(*) FROM MessageSearchWords), (SELECT count(*) FROM MessageSearchTrigrams)";
            await using var reader = await command.ExecuteReaderAsync();
            await reader.ReadAsync();
            return (Words: reader.GetInt64(0), Trigrams: reader.GetInt64(1));
        });

        indexed.Words.Should().BeGreaterThanOrEqualTo(SearchCorpus.FillerMessages);
        indexed.Trigrams.Should().Be(indexed.Words);
    }
}
