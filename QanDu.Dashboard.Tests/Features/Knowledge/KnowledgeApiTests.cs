using System.Net;
using System.Net.Http.Json;
using Microsoft.EntityFrameworkCore;
using QanDu.Dashboard.Data.Entities;
using QanDu.Dashboard.Features.Access;
using QanDu.Dashboard.Features.Knowledge;
using QanDu.Dashboard.Tests.Infrastructure;

namespace QanDu.Dashboard.Tests.Features.Knowledge;

/// <summary>The knowledge REST API over HTTP with API keys: an import, filters, search, concurrency, roles, problems.</summary>
public sealed class KnowledgeApiTests(DashboardFactory factory) : IClassFixture<DashboardFactory>
{
    private static string Word() => "k" + Guid.NewGuid().ToString("N")[..10];

    private async Task<HttpClient> ClientAsync(string role) => await factory.CreateClientForAsync(await factory.CreateUserAsync($"Api {role}", role));

    [Fact]
    public async Task Import_SeveralArticles_CreatedThenFilteredAndSearched()
    {
        var word = Word();
        using var supervisor = await ClientAsync(Roles.Supervisor);
        object[] import =
        [
            new { title = $"Shipping times {word}", body = $"Orders ship in **two days**. {word} parcels are tracked.", language = "en", tags = "shipping", audience = "public" },
            new { title = $"Lieferzeiten {word}", body = $"Bestellungen werden in zwei Tagen verschickt. {word}", language = "de", audience = "public" },
            new { title = $"Courier escalation {word}", body = $"Call the {word} courier desk when a parcel is lost.", language = "en", tags = "internal" },
        ];

        var created = new List<KnowledgeArticleView>();
        foreach (var article in import)
        {
            var response = await supervisor.PostAsJsonAsync("/api/knowledge/articles", article);
            response.StatusCode.Should().Be(HttpStatusCode.Created, await response.Content.ReadAsStringAsync());
            var view = await response.ReadAsync<KnowledgeArticleView>();
            response.Headers.Location!.ToString().Should().Be($"/api/knowledge/articles/{view.Id}");
            created.Add(view);
        }

        created.Select(a => a.Audience).Should().Equal(KnowledgeAudience.Public, KnowledgeAudience.Public, KnowledgeAudience.Internal);
        created.Should().OnlyContain(a => a.Status == KnowledgeStatus.Published && a.Version == 1 && a.Source == KnowledgeSource.Manual);
        var publicGerman = await (await supervisor.GetAsync($"/api/knowledge/articles?q={word}&audience=public&language=de")).ReadAsync<List<KnowledgeListItem>>();
        publicGerman.Select(a => a.Id).Should().Equal(created[1].Id);
        var internalOnes = await (await supervisor.GetAsync($"/api/knowledge/articles?q={word}&audience=Internal")).ReadAsync<List<KnowledgeListItem>>();
        internalOnes.Select(a => a.Id).Should().Equal(created[2].Id);

        var search = await (await supervisor.GetAsync($"/api/knowledge/search?q={word}+parcel&audience=public")).ReadAsync<KnowledgeSearchResults>();
        search.Articles.Should().NotBeEmpty().And.OnlyContain(a => a.Audience == KnowledgeAudience.Public);
        var best = search.Articles[0];
        best.Id.Should().Be(created[0].Id);
        best.Excerpt.Should().Contain("parcels are tracked");
        best.HelpUrl.Should().Be(HelpLinks.Article(created[0].Id, created[0].Title));
        var staff = await (await supervisor.GetAsync($"/api/knowledge/search?q={word}+parcel+lost")).ReadAsync<KnowledgeSearchResults>();
        staff.Articles.Select(a => a.Id).Should().Contain(created[2].Id, "staff search covers internal articles");
        staff.Articles.Single(a => a.Id == created[2].Id).HelpUrl.Should().BeNull();
    }

    [Fact]
    public async Task Put_WithVersion_UpdatesAndAuditsAudience_StaleVersionConflicts()
    {
        using var admin = await ClientAsync(Roles.Admin);
        var article = await (await admin.PostAsJsonAsync("/api/knowledge/articles", new { title = "Returns", body = "Thirty days.", language = "en" })).ReadAsync<KnowledgeArticleView>();
        article.Audience.Should().Be(KnowledgeAudience.Internal, "internal unless said otherwise");

        var put = await admin.PutAsJsonAsync($"/api/knowledge/articles/{article.Id}", new { title = "Returns", body = "Thirty days.", language = "en", audience = "public", version = article.Version });
        put.StatusCode.Should().Be(HttpStatusCode.OK, await put.Content.ReadAsStringAsync());
        var updated = await put.ReadAsync<KnowledgeArticleView>();
        updated.Should().Match<KnowledgeArticleView>(a => a.Audience == KnowledgeAudience.Public && a.Version == 2);
        var audit = await factory.QueryAsync(db => db.AuditLog.SingleAsync(e => e.TargetType == "knowledge" && e.TargetId == article.Id.ToString() && e.Action == "knowledge.updated"));
        audit.After.Should().Be("{\"audience\":\"Public\"}");

        var stale = await admin.PutAsJsonAsync($"/api/knowledge/articles/{article.Id}", new { title = "Returns (old)", body = "x", language = "en", version = article.Version });
        stale.StatusCode.Should().Be(HttpStatusCode.Conflict);
        (await stale.ReadProblemAsync()).Detail.Should().Contain("changed by someone else");
        (await (await admin.GetAsync($"/api/knowledge/articles/{article.Id}")).ReadAsync<KnowledgeArticleView>()).Title.Should().Be("Returns");

        (await admin.DeleteAsync($"/api/knowledge/articles/{article.Id}")).StatusCode.Should().Be(HttpStatusCode.NoContent);
        (await admin.GetAsync($"/api/knowledge/articles/{article.Id}")).StatusCode.Should().Be(HttpStatusCode.NotFound);
        (await admin.DeleteAsync($"/api/knowledge/articles/{article.Id}")).StatusCode.Should().Be(HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task Agent_ReadsPublishedOnly_WritesRefused()
    {
        using var supervisor = await ClientAsync(Roles.Supervisor);
        using var agent = await ClientAsync(Roles.Agent);
        var word = Word();
        var published = await (await supervisor.PostAsJsonAsync("/api/knowledge/articles", new { title = $"Published {word}", body = "Body", language = "en" })).ReadAsync<KnowledgeArticleView>();
        var candidate = await (await supervisor.PostAsJsonAsync("/api/knowledge/articles", new { title = $"Candidate {word}", body = "Body", language = "en", status = "candidate" })).ReadAsync<KnowledgeArticleView>();

        (await (await agent.GetAsync($"/api/knowledge/articles?q={word}")).ReadAsync<List<KnowledgeListItem>>()).Select(a => a.Id).Should().Equal(published.Id);
        (await agent.GetAsync($"/api/knowledge/articles/{candidate.Id}")).StatusCode.Should().Be(HttpStatusCode.NotFound);
        (await agent.GetAsync($"/api/knowledge/articles/{published.Id}")).StatusCode.Should().Be(HttpStatusCode.OK);

        var post = await agent.PostAsJsonAsync("/api/knowledge/articles", new { title = "Mine", body = "Body", language = "en" });
        post.StatusCode.Should().Be(HttpStatusCode.Forbidden);
        (await post.ReadProblemAsync()).Detail.Should().Be("Only supervisors and admins edit the knowledge base.");
        (await agent.PutAsJsonAsync($"/api/knowledge/articles/{published.Id}", new { title = "x", body = "x", language = "en", version = 1 })).StatusCode.Should().Be(HttpStatusCode.Forbidden);
        (await agent.DeleteAsync($"/api/knowledge/articles/{published.Id}")).StatusCode.Should().Be(HttpStatusCode.Forbidden);
    }

    [Fact]
    public async Task BadInput_ProblemDetailsNameTheField()
    {
        using var admin = await ClientAsync(Roles.Admin);

        var post = await admin.PostAsJsonAsync("/api/knowledge/articles", new { title = " ", body = "Body", language = "xx" });
        post.StatusCode.Should().Be(HttpStatusCode.BadRequest);
        (await post.ReadProblemAsync()).Errors.Keys.Should().BeEquivalentTo("title", "language");

        var put = await admin.PutAsJsonAsync("/api/knowledge/articles/1", new { title = "T", body = "B", language = "en" });
        (await put.ReadProblemAsync()).Errors.Keys.Should().Equal("version");

        var status = await admin.GetAsync("/api/knowledge/articles?status=draft");
        status.StatusCode.Should().Be(HttpStatusCode.BadRequest);
        (await status.ReadProblemAsync()).Errors["status"].Single().Should().Contain("published, candidate, rejected");
        (await (await admin.GetAsync("/api/knowledge/articles?audience=everyone")).ReadProblemAsync()).Errors.Keys.Should().Equal("audience");
        (await (await admin.GetAsync("/api/knowledge/search?q=refund&language=klingon")).ReadProblemAsync()).Errors.Keys.Should().Equal("language");
        (await (await admin.GetAsync("/api/knowledge/search?q=")).ReadProblemAsync()).Errors.Keys.Should().Equal("q");

        var badEnum = await admin.PostAsJsonAsync("/api/knowledge/articles", new { title = "T", body = "B", language = "en", audience = "customers" });
        badEnum.StatusCode.Should().Be(HttpStatusCode.BadRequest);
        (await badEnum.ReadProblemAsync()).Detail.Should().Contain("audience");
    }

    [Fact]
    public async Task Anonymous_Unauthorized()
    {
        using var client = factory.CreateClient();

        (await client.GetAsync("/api/knowledge/articles")).StatusCode.Should().Be(HttpStatusCode.Unauthorized);
        (await client.GetAsync("/api/knowledge/search?q=refund")).StatusCode.Should().Be(HttpStatusCode.Unauthorized);
        (await client.PostAsJsonAsync("/api/knowledge/articles", new { title = "T", body = "B", language = "en" })).StatusCode.Should().Be(HttpStatusCode.Unauthorized);
    }
}
