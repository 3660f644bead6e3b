using Bunit;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using QanDu.Dashboard.Data.Entities;
using QanDu.Dashboard.Features.Access;
using QanDu.Dashboard.Features.Knowledge;
using QanDu.Dashboard.Features.Knowledge.Pages;
using QanDu.Dashboard.Tests.Infrastructure;

namespace QanDu.Dashboard.Tests.Features.Knowledge.Pages;

/// <summary>The knowledge list: empty, loading while a search runs, many articles, live changes, read-only for agents.</summary>
public sealed class KnowledgeListTests : ComponentTestContext
{
    private static readonly TimeSpan Live = TimeSpan.FromSeconds(5);

    private KnowledgeService Knowledge => App.Services.GetRequiredService<KnowledgeService>();

    [Fact]
    public async Task Render_NoArticlesAsAgent_EmptyStateAndNoNewButton()
    {
        SignInAs(await App.CreateUserAsync("Maya Chen", Roles.Agent));

        var page = Render<KnowledgeList>();

        page.WaitForElement("[data-testid=kb-empty]", Live).TextContent.Should().Contain("No articles yet");
        page.FindAll("[data-testid=kb-new]").Should().BeEmpty("agents read the knowledge base, they do not write it");
    }

    [Fact]
    public async Task Render_NoArticlesAsSupervisor_EmptyStateInvitesToWrite()
    {
        SignInAs(await App.CreateUserAsync("Priya Raman", Roles.Supervisor));

        var page = Render<KnowledgeList>();

        page.WaitForElement("[data-testid=kb-empty]", Live).TextContent.Should().Contain("Write the first one");
        page.Find("[data-testid=kb-new]").GetAttribute("href").Should().Be("/knowledge/new");
    }

    [Fact]
    public async Task Render_ManyArticles_AllListedNewestFirstWithLanguageAndAuthor()
    {
        var priya = await App.CreateUserAsync("Priya Raman", Roles.Supervisor);
        for (var i = 1; i <= 40; i++)
            await Knowledge.CreateAsync(priya, new SaveKnowledgeRequest($"Article number {i}", $"Body {i}", i % 2 == 0 ? "de" : "en"));
        SignInAs(await App.CreateUserAsync("Maya Chen", Roles.Agent));

        var page = Render<KnowledgeList>();

        page.WaitForAssertion(() => page.FindAll("[data-testid=kb-row]").Should().HaveCount(40), Live);
        page.Find("[data-testid=kb-count]").TextContent.Should().Be("40 articles");
        var first = page.FindAll("[data-testid=kb-row]")[0];
        first.TextContent.Should().Contain("Article number 40").And.Contain("DE").And.Contain("Priya Raman");
    }

    [Fact]
    public async Task Search_WhileDebouncing_ShowsLoadingThenOnlyMatches()
    {
        var priya = await App.CreateUserAsync("Priya Raman", Roles.Supervisor);
        var refund = await Knowledge.CreateAsync(priya, new SaveKnowledgeRequest("Refund policy", "Money back within 30 days.", "en"));
        await Knowledge.CreateAsync(priya, new SaveKnowledgeRequest("Webhooks", "Events to your server.", "en"));
        SignInAs(await App.CreateUserAsync("Maya Chen", Roles.Agent));
        var page = Render<KnowledgeList>();
        page.WaitForAssertion(() => page.FindAll("[data-testid=kb-row]").Should().HaveCount(2), Live);

        // The handler waits out the debounce on the fake clock: not awaited until the clock moves.
        var typing = page.Find("[data-testid=kb-search]").InputAsync(new() { Value = "refunds" });

        page.WaitForElement("[data-testid=kb-loading]", Live);
        Clock.Advance(TimeSpan.FromSeconds(1));
        await typing;
        page.WaitForAssertion(() =>
        {
            page.FindAll("[data-testid=kb-loading]").Should().BeEmpty();
            page.FindAll("[data-testid=kb-row]").Select(r => r.GetAttribute("data-article-id")).Should().Equal(refund.Id.ToString());
        }, Live);
    }

    [Fact]
    public async Task Search_NothingMatches_SaysSoWithTheQuery()
    {
        var priya = await App.CreateUserAsync("Priya Raman", Roles.Supervisor);
        await Knowledge.CreateAsync(priya, new SaveKnowledgeRequest("Refund policy", "Money back.", "en"));
        SignInAs(priya);
        var page = Render<KnowledgeList>();
        page.WaitForElement("[data-testid=kb-row]", Live);

        var typing = page.Find("[data-testid=kb-search]").InputAsync(new() { Value = "zeppelin" });
        page.WaitForElement("[data-testid=kb-loading]", Live);
        Clock.Advance(TimeSpan.FromSeconds(1));
        await typing;

        page.WaitForAssertion(() => page.Find("[data-testid=kb-empty]").TextContent.Should().Contain("No articles match “zeppelin”."), Live);
    }

    [Fact]
    public async Task OtherUserCreatesAndDeletes_ListFollowsLive()
    {
        var alex = await App.CreateUserAsync("Alex Morgan", Roles.Admin);
        SignInAs(await App.CreateUserAsync("Maya Chen", Roles.Agent));
        var page = Render<KnowledgeList>();
        page.WaitForElement("[data-testid=kb-empty]", Live);

        var article = await Knowledge.CreateAsync(alex, new SaveKnowledgeRequest("Shipping times", "Two to three days.", "en"));
        page.WaitForAssertion(() => page.Find("[data-testid=kb-row]").TextContent.Should().Contain("Shipping times"), Live);

        await Knowledge.DeleteAsync(alex, article.Id);
        page.WaitForElement("[data-testid=kb-empty]", Live);
    }

    [Fact]
    public async Task Render_CandidateArticles_ShownToSupervisorWithStatusHiddenFromAgent()
    {
        var priya = await App.CreateUserAsync("Priya Raman", Roles.Supervisor);
        await Knowledge.CreateAsync(priya, new SaveKnowledgeRequest("Learned answer", "From a rated reply.", "en", Status: KnowledgeStatus.Candidate));
        SignInAs(priya);

        var page = Render<KnowledgeList>();

        page.WaitForAssertion(() => page.Find("[data-testid=kb-row]").TextContent.Should().Contain("Candidate"), Live);
        (await Knowledge.ListAsync(await App.CreateUserAsync("Maya Chen", Roles.Agent))).Should().BeEmpty();
    }
}
