using QanDu.Dashboard.Features.Access;
using QanDu.Dashboard.Features.Search;

namespace QanDu.Dashboard.Tests.Features.Search;

public sealed class SearchQueryParserTests
{
    [Fact]
    public void Parse_WordsPhrasesPrefixesAndExclusions_EachBecomesATerm()
    {
        var query = SearchQueryParser.Parse("refund, \"order 8841\" pass* -spam -\"out of office\" ok");

        query.Terms.Should().Equal(
            new SearchTerm(TermKind.Word, "refund"),
            new SearchTerm(TermKind.Phrase, "order 8841"),
            new SearchTerm(TermKind.Prefix, "pass"),
            new SearchTerm(TermKind.Word, "spam", Excluded: true),
            new SearchTerm(TermKind.Phrase, "out of office", Excluded: true),
            new SearchTerm(TermKind.Word, "ok"));
        query.Terms.Select(t => t.IsSubstring).Should().Equal(true, false, false, true, false, false);
        query.Filters.Should().BeEmpty();
    }

    [Fact]
    public void Parse_Operators_WithQuotedValuesAndExclusion()
    {
        var query = SearchQueryParser.Parse("from:\"Grace Hopper\" in:42 HAS:file is:Unread before:2026-01-31 after:2025-12-01 -from:bot");

        query.Terms.Should().BeEmpty();
        query.Filters.Should().Equal(
            new SearchFilter(FilterKind.From, "Grace Hopper"),
            new SearchFilter(FilterKind.In, "42"),
            new SearchFilter(FilterKind.HasFile, "file"),
            new SearchFilter(FilterKind.IsUnread, "Unread"),
            new SearchFilter(FilterKind.Before, "2026-01-31", Date: new DateOnly(2026, 1, 31)),
            new SearchFilter(FilterKind.After, "2025-12-01", Date: new DateOnly(2025, 12, 1)),
            new SearchFilter(FilterKind.From, "bot", Excluded: true));
    }

    [Fact]
    public void Parse_PunctuationOnlyTokens_AreIgnored()
    {
        var query = SearchQueryParser.Parse("NEAR( ^ * : ( ) {} -- ;");

        query.Terms.Should().Equal(new SearchTerm(TermKind.Word, "NEAR"));
    }

    [Fact]
    public void Parse_InnerPunctuation_KeptForSubstringMatching()
    {
        SearchQueryParser.Parse("user@example.com e-mail").Terms.Select(t => t.Text).Should().Equal("user@example.com", "e-mail");
    }

    [Theory]
    [InlineData("\"unclosed", "not closed")]
    [InlineData("from:\"Grace", "not closed")]
    [InlineData("http://example.com", "'http:' is not a search operator")]
    [InlineData("is:read", "use is:unread")]
    [InlineData("before:31/01/2026", "yyyy-MM-dd")]
    [InlineData("in:", "needs a value")]
    [InlineData("sentiment:angry", "use sentiment:positive, sentiment:neutral or sentiment:negative")]
    [InlineData("intent:\"bill me\"", "is not an intent")]
    [InlineData("lang:german", "not a language code")]
    public void Parse_BadInput_ThrowsValidationErrorOnQ(string text, string message)
    {
        var act = () => SearchQueryParser.Parse(text);

        act.Should().Throw<ChatValidationException>().Which.Errors["q"].Single().Should().Contain(message);
    }

    [Fact]
    public void Parse_TooManyParts_Refused()
    {
        var act = () => SearchQueryParser.Parse(string.Join(' ', Enumerable.Range(0, 30).Select(i => $"w{i}")));

        act.Should().Throw<ChatValidationException>().WithMessage("*30 parts; the limit is 24*");
    }

    [Fact]
    public void Quote_DoubleQuotesInText_AreDoubledInsideOneFtsString()
    {
        SearchSql.Quote("say \"hi\" NEAR(x)").Should().Be("\"say \"\"hi\"\" NEAR(x)\"");
        SearchSql.EscapeLike("50%_off\\").Should().Be("50\\%\\_off\\\\");
    }
}
