using Microsoft.Extensions.DependencyInjection;
using QanDu.Dashboard.Data.Entities;
using QanDu.Dashboard.Features.Access;
using QanDu.Dashboard.Features.Knowledge;
using QanDu.Dashboard.Tests.Infrastructure;

namespace QanDu.Dashboard.Tests.Features.Knowledge;

/// <summary>Ranking rules of the retriever, each on articles with a word of their own so tests do not see each other's.</summary>
public sealed class KnowledgeRetrieverTests(DashboardFactory factory) : IClassFixture<DashboardFactory>
{
    private KnowledgeService Knowledge => factory.Services.GetRequiredService<KnowledgeService>();

    private KnowledgeRetriever Retriever => factory.Services.GetRequiredService<KnowledgeRetriever>();

    [Fact]
    public async Task RetrieveAsync_WordInTitle_RanksAboveSameWordInBody()
    {
        var author = await AuthorAsync();
        var word = Unique();
        var inBody = await Knowledge.CreateAsync(author, new SaveKnowledgeRequest("Something else", $"Mentions {word} once in a longer body of text.", "en"));
        var inTitle = await Knowledge.CreateAsync(author, new SaveKnowledgeRequest($"All about {word}", "A body of about the same length as the other.", "en"));

        var matches = await Retriever.RetrieveAsync($"how does {word} work?");

        matches.Select(m => m.Id).Should().Equal(inTitle.Id, inBody.Id);
        matches[0].Score.Should().BeGreaterThan(matches[1].Score);
    }

    [Fact]
    public async Task RetrieveAsync_PreferredLanguage_WinsTheCloseCall()
    {
        var author = await AuthorAsync();
        var word = Unique();
        var english = await Knowledge.CreateAsync(author, new SaveKnowledgeRequest($"{word} guide", "Same words here.", "en"));
        var german = await Knowledge.CreateAsync(author, new SaveKnowledgeRequest($"{word} guide", "Same words here.", "de"));

        (await Retriever.RetrieveAsync($"{word} guide", "de"))[0].Id.Should().Be(german.Id);
        (await Retriever.RetrieveAsync($"{word} guide", "en"))[0].Id.Should().Be(english.Id);
    }

    [Fact]
    public async Task RetrieveAsync_CandidateOrRejected_NeverReturned()
    {
        var author = await AuthorAsync();
        var word = Unique();
        await Knowledge.CreateAsync(author, new SaveKnowledgeRequest($"{word} draft", "Not reviewed yet.", "en", Status: KnowledgeStatus.Candidate));
        await Knowledge.CreateAsync(author, new SaveKnowledgeRequest($"{word} refused", "Wrong answer.", "en", Status: KnowledgeStatus.Rejected));

        (await Retriever.RetrieveAsync(word)).Should().BeEmpty();
    }

    [Fact]
    public async Task RetrieveAsync_SynonymOfTheArticlesWord_FindsIt()
    {
        var author = await AuthorAsync();
        var word = Unique();
        var article = await Knowledge.CreateAsync(author, new SaveKnowledgeRequest($"Refund rules {word}", "How a refund is paid out.", "en"));

        var matches = await Retriever.RetrieveAsync($"can I have my money back for {word}?");

        matches[0].Id.Should().Be(article.Id);
        matches[0].Terms.Should().Contain("refund");
    }

    [Theory]
    [InlineData("\" OR 1=1; DROP TABLE KnowledgeArticles; --")]
    [InlineData("NEAR(title body) AND -* ^col:")]
    [InlineData("")]
    [InlineData("the and of to")]
    public async Task RetrieveAsync_HostileOrEmptyQuestion_NoErrorAndTablesIntact(string question)
    {
        var act = () => Retriever.RetrieveAsync(question);

        await act.Should().NotThrowAsync();
        (await factory.QueryAsync(db => Task.FromResult(db.KnowledgeArticles.Count()))).Should().BeGreaterThanOrEqualTo(0);
    }

    [Fact]
    public void KeySentences_Article_SentencesSharingQuestionWordsInArticleOrder()
    {
        const string body = """
            ## Resetting
            Open the **sign-in page** first.
            Click [Forgot password?](https://example.com/reset) and enter your email. The reset link is valid for one hour.

            - Admins cannot see your password.
            - Check the spam folder.
            """;

        var sentences = KnowledgeExcerpt.KeySentences(body, KnowledgeText.QuestionTerms("I forgot my password, does the reset link expire?"), max: 2);

        sentences.Should().Equal("Click Forgot password? and enter your email.", "The reset link is valid for one hour.");
    }

    [Fact]
    public async Task RetrieveAsync_TwoEqualArticles_TheOneRatedHelpfulLeads()
    {
        var author = await AuthorAsync();
        var word = Unique();
        await Knowledge.CreateAsync(author, new SaveKnowledgeRequest($"{word} setup", "The same steps in both articles.", "en"));
        var liked = await Knowledge.CreateAsync(author, new SaveKnowledgeRequest($"{word} setup", "The same steps in both articles.", "en"));
        var popularity = factory.Services.GetRequiredService<KnowledgePopularity>();
        for (var i = 0; i < 5; i++)
            await popularity.RecordAsync([liked.Id], helpful: true);

        (await Retriever.RetrieveAsync($"{word} setup"))[0].Id.Should().Be(liked.Id);
    }

    [Fact]
    public async Task RetrieveAsync_ManyHelpfulVotes_NeverOutweighAClearlyBetterMatch()
    {
        var author = await AuthorAsync();
        var word = Unique();
        var better = await Knowledge.CreateAsync(author, new SaveKnowledgeRequest($"Pausing {word} deliveries", $"How to pause {word} deliveries for a while.", "en"));
        var popular = await Knowledge.CreateAsync(author, new SaveKnowledgeRequest("Something else entirely", $"Mentions {word} once.", "en"));
        var popularity = factory.Services.GetRequiredService<KnowledgePopularity>();
        for (var i = 0; i < 40; i++)
            await popularity.RecordAsync([popular.Id], helpful: true);

        (await Retriever.RetrieveAsync($"how do I pause {word} deliveries?"))[0].Id.Should().Be(better.Id);
    }

    private Task<ChatCaller> AuthorAsync() => factory.CreateUserAsync("Priya Raman", Roles.Supervisor);

    private static string Unique() => "k" + Guid.NewGuid().ToString("N")[..10];
}
