using System.Net;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.DependencyInjection;
using QanDu.Dashboard.Data.Entities;
using QanDu.Dashboard.Features.Access;
using QanDu.Dashboard.Features.Knowledge;
using QanDu.Dashboard.Tests.Infrastructure;

namespace QanDu.Dashboard.Tests.Features.HelpCenter;

/// <summary>The public help center over HTTP, as an anonymous customer's browser sees it.</summary>
public sealed class HelpCenterEndpointsTests(DashboardFactory factory) : IClassFixture<DashboardFactory>
{
    private KnowledgeService Knowledge => factory.Services.GetRequiredService<KnowledgeService>();

    private HttpClient Anonymous() => factory.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false });

    private async Task<KnowledgeArticleView> ArticleAsync(string title, string body, string language = "en",
        KnowledgeAudience audience = KnowledgeAudience.Public, KnowledgeStatus status = KnowledgeStatus.Published)
    {
        var admin = await factory.CreateUserAsync("Alex Morgan", Roles.Admin);
        return await Knowledge.CreateAsync(admin, new SaveKnowledgeRequest(title, body, language, Status: status, Audience: audience));
    }

    private static string Word() => "w" + Guid.NewGuid().ToString("N")[..10];

    [Fact]
    public async Task Home_Anonymous_ListsPublishedPublicArticlesOnlyWithoutDashboardChrome()
    {
        var word = Word();
        var shown = await ArticleAsync($"Returns {word}", "Send it back within 30 days.");
        await ArticleAsync($"Escalations {word}", "Page the on-call engineer.", audience: KnowledgeAudience.Internal);
        await ArticleAsync($"Draft {word}", "Not reviewed.", status: KnowledgeStatus.Candidate);
        using var client = Anonymous();

        var response = await client.GetAsync("/help");

        response.StatusCode.Should().Be(HttpStatusCode.OK);
        var html = await response.Content.ReadAsStringAsync();
        html.Should().Contain($"Returns {word}").And.Contain($"href=\"{HelpLinks.Article(shown.Id, shown.Title)}\"");
        html.Should().NotContain($"Escalations {word}").And.NotContain($"Draft {word}");
        html.Should().Contain("<html lang=\"en\">").And.Contain("/help/help.css").And.Contain("role=\"search\"");
        html.Should().NotContain("blazor.web.js", "a static page for customers: no circuit, no dashboard").And.NotContain("mud-");
        response.Headers.CacheControl!.NoCache.Should().BeTrue();
    }

    [Fact]
    public async Task Home_Language_ListsThatLanguageAndSwitcherNamesEveryLanguage()
    {
        var word = Word();
        await ArticleAsync($"Lieferzeiten {word}", "Drei bis fünf Werktage.", "de");
        await ArticleAsync($"Delivery times {word}", "Three to five working days.");
        using var client = Anonymous();

        var html = await (await client.GetAsync("/help?lang=de")).Content.ReadAsStringAsync();

        html.Should().Contain("<html lang=\"de\">").And.Contain($"Lieferzeiten {word}").And.NotContain($"Delivery times {word}");
        html.Should().Contain("hreflang=\"de\"").And.Contain("Deutsch").And.Contain("hreflang=\"en\"");
        html.Should().Contain("aria-current=\"page\" data-testid=\"help-language\">Deutsch");
    }

    [Fact]
    public async Task Search_Words_FindsPublicArticlesNeverInternalOnes()
    {
        var word = Word();
        var found = await ArticleAsync($"Refunds {word}", $"We refund {word} payments of the last 30 days to the same card.");
        await ArticleAsync($"Refund approvals {word}", $"Priya approves {word} refunds over 500 euros.", audience: KnowledgeAudience.Internal);
        using var client = Anonymous();

        var html = await (await client.GetAsync($"/help?q={word}+refund")).Content.ReadAsStringAsync();

        html.Should().Contain("1 article for").And.Contain(HelpLinks.Article(found.Id, found.Title));
        html.Should().Contain("same card", "the excerpt shows the matching sentence").And.NotContain("Priya");
        html.Should().Contain($"value=\"{word} refund\"", "the search box keeps the words");
    }

    [Fact]
    public async Task Search_NothingMatches_SaysSoWithAWayBack()
    {
        using var client = Anonymous();

        var html = await (await client.GetAsync($"/help?q={Word()}")).Content.ReadAsStringAsync();

        html.Should().Contain("No articles match").And.Contain("data-testid=\"help-no-results\"").And.Contain("See all articles");
    }

    [Fact]
    public async Task Search_SqlAndFtsSyntax_IsTextNotQuery()
    {
        using var client = Anonymous();

        var response = await client.GetAsync("/help?q=" + Uri.EscapeDataString("\" OR 1=1; DROP TABLE KnowledgeArticles; -- NEAR( *"));

        response.StatusCode.Should().Be(HttpStatusCode.OK);
        (await response.Content.ReadAsStringAsync()).Should().Contain("No articles match");
    }

    [Fact]
    public async Task Article_PublicGerman_RenderedInItsLanguageAndWrongSlugRedirects()
    {
        var article = await ArticleAsync("Passwort zurücksetzen", "Klicken Sie auf **Passwort vergessen?**", "de");
        var url = HelpLinks.Article(article.Id, article.Title);
        using var client = Anonymous();

        var response = await client.GetAsync(url);
        var html = WebUtility.HtmlDecode(await response.Content.ReadAsStringAsync()); // the renderer writes ü as &#xFC;
        response.StatusCode.Should().Be(HttpStatusCode.OK);
        url.Should().Be($"/help/articles/{article.Id}-passwort-zurucksetzen");
        html.Should().Contain("<html lang=\"de\">").And.Contain("<strong>Passwort vergessen?</strong>").And.Contain("<h1 class=\"help-title\" data-testid=\"help-article-title\">Passwort zurücksetzen</h1>");

        var wrong = await client.GetAsync($"/help/articles/{article.Id}-old-title");
        wrong.StatusCode.Should().Be(HttpStatusCode.MovedPermanently);
        wrong.Headers.Location!.ToString().Should().Be(url);
        (await client.GetAsync($"/help/articles/{article.Id}")).Headers.Location!.ToString().Should().Be(url);
    }

    [Theory]
    [InlineData(KnowledgeAudience.Internal, KnowledgeStatus.Published)]
    [InlineData(KnowledgeAudience.Public, KnowledgeStatus.Candidate)]
    [InlineData(KnowledgeAudience.Public, KnowledgeStatus.Rejected)]
    public async Task Article_NotForCustomers_NotFoundLikeAnUnknownOne(KnowledgeAudience audience, KnowledgeStatus status)
    {
        var article = await ArticleAsync($"Hidden {Word()}", "Secret process.", audience: audience, status: status);
        using var client = Anonymous();

        var response = await client.GetAsync(HelpLinks.Article(article.Id, article.Title));

        response.StatusCode.Should().Be(HttpStatusCode.NotFound);
        var html = await response.Content.ReadAsStringAsync();
        html.Should().Contain("This article is not available").And.NotContain("Secret process").And.NotContain(article.Title);
        (await client.GetAsync("/help/articles/987654321-nothing")).StatusCode.Should().Be(HttpStatusCode.NotFound);
        (await client.GetAsync("/help/articles/not-a-number")).StatusCode.Should().Be(HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task Article_MadeInternal_DisappearsAtOnce()
    {
        var admin = await factory.CreateUserAsync("Alex Morgan", Roles.Admin);
        var article = await ArticleAsync($"Was public {Word()}", "For a while.");
        using var client = Anonymous();
        (await client.GetAsync(HelpLinks.Article(article.Id, article.Title))).StatusCode.Should().Be(HttpStatusCode.OK);

        await Knowledge.UpdateAsync(admin, article.Id, new SaveKnowledgeRequest(article.Title, article.Body, "en", Version: article.Version, Audience: KnowledgeAudience.Internal));

        (await client.GetAsync(HelpLinks.Article(article.Id, article.Title))).StatusCode.Should().Be(HttpStatusCode.NotFound);
        (await (await client.GetAsync("/help")).Content.ReadAsStringAsync()).Should().NotContain(article.Title);
    }

    [Fact]
    public async Task Article_ScriptsAndJavascriptLinks_Sanitized()
    {
        var article = await ArticleAsync($"Unsafe {Word()}",
            "Hello <script>alert('x')</script> [click](javascript:alert(1)) <img src=x onerror=alert(2)> [ok](https://example.com)\n\n<iframe src=\"https://evil.example\"></iframe>");
        using var client = Anonymous();

        var response = await client.GetAsync(HelpLinks.Article(article.Id, article.Title));
        var html = await response.Content.ReadAsStringAsync();

        response.StatusCode.Should().Be(HttpStatusCode.OK);
        var body = html[html.IndexOf("data-testid=\"help-article-body\"", StringComparison.Ordinal)..];
        body.Should().NotContain("<script").And.NotContain("javascript:").And.NotContain("<img").And.NotContain("<iframe");
        body.Should().Contain("href=\"https://example.com\"").And.Contain("&lt;script&gt;", "raw HTML stays visible text, never markup");
        response.Headers.GetValues("Content-Security-Policy").Single().Should().Contain("script-src 'self'");
    }

    [Fact]
    public async Task Home_NoPublicArticles_EmptyState()
    {
        using var empty = new DashboardFactory();
        var admin = await empty.CreateUserAsync("Alex Morgan", Roles.Admin);
        await empty.Services.GetRequiredService<KnowledgeService>().CreateAsync(admin, new SaveKnowledgeRequest("Internal only", "Staff.", "en"));
        using var client = empty.CreateClient();

        var response = await client.GetAsync("/help");

        response.StatusCode.Should().Be(HttpStatusCode.OK);
        var html = await response.Content.ReadAsStringAsync();
        html.Should().Contain("No help articles yet").And.NotContain("Internal only");
    }

    [Fact]
    public async Task Name_FromConfiguration_ShownInEveryPage()
    {
        using var named = new DashboardFactory { Settings = { ["HelpCenter:Name"] = "Acme Support" } };
        using var client = named.CreateClient();

        var html = await (await client.GetAsync("/help")).Content.ReadAsStringAsync();

        html.Should().Contain("<title>Help center · Acme Support</title>").And.Contain("Acme Support <span>Help center</span>");
    }
}
