using System.Net;
using Microsoft.Extensions.DependencyInjection;
using QanDu.Dashboard.Data.Entities;
using QanDu.Dashboard.Features.Access;
using QanDu.Dashboard.Features.Knowledge;
using QanDu.Dashboard.Features.Widget;
using QanDu.Dashboard.Tests.Infrastructure;

namespace QanDu.Dashboard.Tests.Features.Widget;

/// <summary>The widget's help search and articles over HTTP with a visitor token: public, published articles only.</summary>
public sealed class WidgetHelpApiTests(DashboardFactory factory) : IClassFixture<DashboardFactory>
{
    private KnowledgeService Knowledge => factory.Services.GetRequiredService<KnowledgeService>();

    private async Task<KnowledgeArticleView> ArticleAsync(string title, string body, string language = "en", KnowledgeAudience audience = KnowledgeAudience.Public)
    {
        var admin = await factory.CreateUserAsync("Alex Morgan", Roles.Admin);
        return await Knowledge.CreateAsync(admin, new SaveKnowledgeRequest(title, body, language, Audience: audience));
    }

    [Fact]
    public async Task Search_WithVisitorToken_AtMostFivePublicArticlesWithHelpLinks()
    {
        var word = "h" + Guid.NewGuid().ToString("N")[..10];
        var ids = new List<long>();
        for (var i = 1; i <= 7; i++)
            ids.Add((await ArticleAsync($"Delivery {word} part {i}", $"The {word} parcel number {i} arrives in {i} days.")).Id);
        var secret = await ArticleAsync($"Delivery {word} internal", $"Staff only: the {word} courier contract with Priya.", audience: KnowledgeAudience.Internal);
        var channel = await WidgetKit.CreateChannelAsync(factory);
        var (client, _) = await WidgetKit.VisitAsync(factory, channel);

        var response = await client.GetAsync($"/api/widget/v1/help/search?q={word}+delivery&language=en");

        response.StatusCode.Should().Be(HttpStatusCode.OK);
        var found = await response.ReadAsync<WidgetHelpSearchView>();
        found.Articles.Should().HaveCount(WidgetHelpApi.MaxResults);
        found.Articles.Should().OnlyContain(a => ids.Contains(a.Id) && a.Language == "en" && a.Url == HelpLinks.Article(a.Id, a.Title) && a.Excerpt.Contains(word));
        found.Articles.Select(a => a.Id).Should().NotContain(secret.Id);
        (await response.Content.ReadAsStringAsync()).Should().NotContain("Priya").And.Contain("\"articles\":[{\"id\":");
    }

    [Fact]
    public async Task Search_EmptyOrUnknownWords_NoArticles_TooLong_Problem()
    {
        var channel = await WidgetKit.CreateChannelAsync(factory);
        var (client, _) = await WidgetKit.VisitAsync(factory, channel);

        (await (await client.GetAsync("/api/widget/v1/help/search?q=")).ReadAsync<WidgetHelpSearchView>()).Articles.Should().BeEmpty();
        (await (await client.GetAsync($"/api/widget/v1/help/search?q=zz{Guid.NewGuid():N}")).ReadAsync<WidgetHelpSearchView>()).Articles.Should().BeEmpty();
        var tooLong = await client.GetAsync($"/api/widget/v1/help/search?q={new string('a', 201)}");
        tooLong.StatusCode.Should().Be(HttpStatusCode.BadRequest);
        (await tooLong.ReadProblemAsync()).Errors.Keys.Should().Equal("q");
    }

    [Fact]
    public async Task Article_Public_SanitizedHtml_InternalNotFound()
    {
        var article = await ArticleAsync("Devoluciones", "Tiene **14 días**. <script>alert(1)</script> [x](javascript:alert(2))", "es");
        var secret = await ArticleAsync("Internal refunds", "Approve over 500.", audience: KnowledgeAudience.Internal);
        var channel = await WidgetKit.CreateChannelAsync(factory);
        var (client, _) = await WidgetKit.VisitAsync(factory, channel);

        var response = await client.GetAsync($"/api/widget/v1/help/articles/{article.Id}");

        response.StatusCode.Should().Be(HttpStatusCode.OK);
        var view = await response.ReadAsync<WidgetHelpArticleView>();
        view.Should().Match<WidgetHelpArticleView>(a => a.Title == "Devoluciones" && a.Language == "es" && a.Url == HelpLinks.Article(article.Id, "Devoluciones"));
        view.Html.Should().Contain("<strong>14 días</strong>").And.NotContain("<script").And.NotContain("javascript:");
        view.UpdatedAt.Should().BeCloseTo(article.UpdatedAt, TimeSpan.FromSeconds(1));
        (await client.GetAsync($"/api/widget/v1/help/articles/{secret.Id}")).StatusCode.Should().Be(HttpStatusCode.NotFound);
        (await client.GetAsync("/api/widget/v1/help/articles/987654321")).StatusCode.Should().Be(HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task Endpoints_WithoutTokenOrFromAnotherSite_Refused()
    {
        var article = await ArticleAsync("Opening hours", "Nine to five.");
        var channel = await WidgetKit.CreateChannelAsync(factory);
        var (client, session) = await WidgetKit.VisitAsync(factory, channel);
        using var anonymous = WidgetKit.Visitor(factory);
        using var elsewhere = factory.CreateClient();
        elsewhere.DefaultRequestHeaders.Add("Origin", "https://evil.example");
        elsewhere.DefaultRequestHeaders.Authorization = new("Bearer", session.VisitorToken);

        (await anonymous.GetAsync("/api/widget/v1/help/search?q=hours")).StatusCode.Should().Be(HttpStatusCode.Unauthorized);
        (await anonymous.GetAsync($"/api/widget/v1/help/articles/{article.Id}")).StatusCode.Should().Be(HttpStatusCode.Unauthorized);
        (await elsewhere.GetAsync("/api/widget/v1/help/search?q=hours")).StatusCode.Should().Be(HttpStatusCode.Forbidden);
        (await client.GetAsync("/api/widget/v1/help/search?q=hours")).StatusCode.Should().Be(HttpStatusCode.OK);
    }

    [Fact]
    public async Task Session_HelpCenterFlag_TrueOnceAPublicArticleIsPublished()
    {
        using var app = new DashboardFactory();
        var admin = await app.CreateUserAsync("Alex Morgan", Roles.Admin);
        var knowledge = app.Services.GetRequiredService<KnowledgeService>();
        await knowledge.CreateAsync(admin, new SaveKnowledgeRequest("Internal", "Staff only.", "en"));
        await knowledge.CreateAsync(admin, new SaveKnowledgeRequest("Draft", "Not yet.", "en", Status: KnowledgeStatus.Candidate, Audience: KnowledgeAudience.Public));
        var channel = await WidgetKit.CreateChannelAsync(app);

        var (_, before) = await WidgetKit.VisitAsync(app, channel);
        await knowledge.CreateAsync(admin, new SaveKnowledgeRequest("Returns", "Thirty days.", "en", Audience: KnowledgeAudience.Public));
        var (_, after) = await WidgetKit.VisitAsync(app, channel);

        before.Channel.HelpCenter.Should().BeFalse("nothing public and published yet");
        after.Channel.HelpCenter.Should().BeTrue();
    }
}
