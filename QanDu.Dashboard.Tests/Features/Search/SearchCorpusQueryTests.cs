using System.Diagnostics;
using Microsoft.EntityFrameworkCore;
using QanDu.Dashboard.Features.Search;
using Xunit.Abstractions;

namespace QanDu.Dashboard.Tests.Features.Search;

/// <summary>
/// Every query shape answers on the 100,000-message corpus. How long each took goes to the test output for the
/// curious; speed itself is measured by the benchmarks, not asserted here (shared machines are noisy).
/// </summary>
[Collection(SearchCorpusCollection.Name)]
public sealed class SearchCorpusQueryTests(SearchCorpus corpus, ITestOutputHelper output)
{
    [Theory]
    [InlineData("password", SearchSort.Newest, true)]
    [InlineData("password", SearchSort.Relevance, true)]
    [InlineData("ssword", SearchSort.Newest, true)]
    [InlineData("pass*", SearchSort.Relevance, true)]
    [InlineData("\"please check\"", SearchSort.Newest, true)]
    [InlineData("invoice -billing after:2025-06-01", SearchSort.Newest, true)]
    [InlineData("from:ada has:file", SearchSort.Newest, false)]
    [InlineData("zzzzz", SearchSort.Newest, false)]
    public async Task SearchAsync_OnTheCorpus_AnswersEachQueryShape(string query, SearchSort sort, bool fillsAPage)
    {
        var clock = Stopwatch.StartNew();

        var results = await corpus.Search.SearchAsync(corpus.Agent, query, sort);

        output.WriteLine($"{query} ({sort}): {results.Hits.Count} hits in {clock.ElapsedMilliseconds} ms; corpus insert took {corpus.InsertTime.TotalSeconds:F1} s");
        if (fillsAPage)
            results.Hits.Should().HaveCount(20, "the corpus has far more than a page of matches").And.OnlyHaveUniqueItems(h => h.MessageId);
        else
            results.Hits.Should().BeEmpty("nothing in the corpus matches");
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
