using Bunit;
using Microsoft.AspNetCore.Components;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using QanDu.Dashboard.Data.Entities;
using QanDu.Dashboard.Features.Access;
using QanDu.Dashboard.Features.Knowledge;
using QanDu.Dashboard.Features.Knowledge.Pages;
using QanDu.Dashboard.Tests.Infrastructure;

namespace QanDu.Dashboard.Tests.Features.Knowledge.Pages;

/// <summary>Who an article is for, in the editor and the list: internal by default, public on purpose, the change audited.</summary>
public sealed class KnowledgeAudienceTests : ComponentTestContext
{
    private static readonly TimeSpan Live = TimeSpan.FromSeconds(5);

    private KnowledgeService Knowledge => App.Services.GetRequiredService<KnowledgeService>();

    [Fact]
    public async Task Save_NewArticleWithoutChoosing_StaysInternal()
    {
        var priya = await App.CreateUserAsync("Priya Raman", Roles.Supervisor);
        SignInAs(priya);
        var page = Render<KnowledgeEdit>();
        page.WaitForElement("[data-testid=kb-audience]", Live);
        page.Find("[data-testid=kb-audience-internal]").HasAttribute("checked").Should().BeTrue("a new article is for staff until someone decides otherwise");
        page.Find("[data-testid=kb-audience-public]").HasAttribute("checked").Should().BeFalse();

        await page.Find("[data-testid=kb-title]").InputAsync(new() { Value = "Escalation rota" });
        await page.Find("[data-testid=kb-body-input]").InputAsync(new() { Value = "Page the on-call engineer." });
        await page.Find("form").SubmitAsync();

        var id = SavedId(page);
        (await Knowledge.GetAsync(priya, id)).Audience.Should().Be(KnowledgeAudience.Internal);
    }

    [Fact]
    public async Task Save_EditMadePublic_StoredAuditedAndListedWithBadge()
    {
        var priya = await App.CreateUserAsync("Priya Raman", Roles.Supervisor);
        var article = await Knowledge.CreateAsync(priya, new SaveKnowledgeRequest("Shipping times", "Two days.", "en"));
        SignInAs(priya);
        var page = Render<KnowledgeEdit>(p => p.Add(x => x.Id, article.Id));
        page.WaitForElement("[data-testid=kb-audience-public]", Live);

        await page.Find("[data-testid=kb-audience-public]").ChangeAsync(new() { Value = "Public" });
        await page.Find("form").SubmitAsync();

        SavedId(page);
        (await Knowledge.GetAsync(priya, article.Id)).Audience.Should().Be(KnowledgeAudience.Public);
        var audit = await App.QueryAsync(db => db.AuditLog.Where(e => e.TargetType == "knowledge" && e.TargetId == article.Id.ToString() && e.Action == "knowledge.updated").SingleAsync());
        audit.Before.Should().Contain("\"audience\":\"Internal\"");
        audit.After.Should().Contain("\"audience\":\"Public\"");
        audit.ActorName.Should().Be("Priya Raman");

        var list = Render<KnowledgeList>();
        list.WaitForAssertion(() =>
        {
            var row = list.FindAll("[data-testid=kb-row]").Single(r => r.GetAttribute("data-article-id") == article.Id.ToString());
            row.QuerySelector("[data-testid=kb-public-badge]")!.TextContent.Should().Be("Public");
        }, Live);
    }

    [Fact]
    public async Task Edit_PublicArticle_ShowsPublicChosen()
    {
        var priya = await App.CreateUserAsync("Priya Raman", Roles.Supervisor);
        var article = await Knowledge.CreateAsync(priya, new SaveKnowledgeRequest("Returns", "Thirty days.", "en", Audience: KnowledgeAudience.Public));
        SignInAs(priya);

        var page = Render<KnowledgeEdit>(p => p.Add(x => x.Id, article.Id));

        page.WaitForAssertion(() => page.Find("[data-testid=kb-audience-public]").HasAttribute("checked").Should().BeTrue(), Live);
        page.Find("[data-testid=kb-audience-internal]").HasAttribute("checked").Should().BeFalse();
    }

    [Fact]
    public async Task AudienceFilter_Public_ListsOnlyPublicArticles()
    {
        var priya = await App.CreateUserAsync("Priya Raman", Roles.Supervisor);
        await Knowledge.CreateAsync(priya, new SaveKnowledgeRequest("Public returns", "Thirty days.", "en", Audience: KnowledgeAudience.Public));
        await Knowledge.CreateAsync(priya, new SaveKnowledgeRequest("Internal rota", "On call.", "en"));
        SignInAs(await App.CreateUserAsync("Maya Chen", Roles.Agent));
        var page = Render<KnowledgeList>();
        page.WaitForAssertion(() => page.FindAll("[data-testid=kb-row]").Should().HaveCount(2), Live);
        page.FindAll("[data-testid=kb-internal-badge]").Should().ContainSingle();

        var filter = page.FindComponents<MudBlazor.MudSelect<KnowledgeAudience?>>().Single();
        await page.InvokeAsync(() => filter.Instance.ValueChanged.InvokeAsync(KnowledgeAudience.Public));

        page.WaitForAssertion(() => page.FindAll("[data-testid=kb-row]").Select(r => r.QuerySelector(".qd-kb-title")!.TextContent.Trim())
            .Should().ContainSingle().Which.Should().StartWith("Public returns"), Live);
    }

    private long SavedId(IRenderedComponent<KnowledgeEdit> page)
    {
        var navigation = Services.GetRequiredService<NavigationManager>();
        page.WaitForAssertion(() => navigation.Uri.Should().MatchRegex(@"/knowledge/\d+$"), Live);
        return long.Parse(navigation.Uri.Split('/')[^1]);
    }
}
