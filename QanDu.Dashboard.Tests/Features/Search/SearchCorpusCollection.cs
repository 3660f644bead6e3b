namespace QanDu.Dashboard.Tests.Features.Search;

/// <summary>One 100,000-message corpus for every search test class that needs it; it is built once.</summary>
[CollectionDefinition(Name)]
public sealed class SearchCorpusCollection : ICollectionFixture<SearchCorpus>
{
    public const string Name = "Search corpus";
}
