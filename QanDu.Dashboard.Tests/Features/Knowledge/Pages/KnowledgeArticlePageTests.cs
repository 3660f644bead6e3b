using Bunit;
using Microsoft.AspNetCore.Components;
using Microsoft.Extensions.DependencyInjection;
using MudBlazor;
using QanDu.Dashboard.Data.Entities;
using QanDu.Dashboard.Features.Access;
using QanDu.Dashboard.Features.Knowledge;
using QanDu.Dashboard.Features.Knowledge.Pages;
using QanDu.Dashboard.Tests.Infrastructure;

namespace QanDu.Dashboard.Tests.Features.Knowledge.Pages;

/// <summary>Reading an article: sanitized Markdown, read-only for agents, delete with confirmation, live edits and deletion.</summary>
public sealed class KnowledgeArticlePageTests : ComponentTestContext
{
    private static readonly TimeSpan Live = TimeSpan.FromSeconds(5);

    private KnowledgeService Knowledge => App.Services.GetRequiredService<KnowledgeService>();

    [Fact]
    public async Task Render_AsAgent_SanitizedMarkdownAndNoEditOrDelete()
    {
        var priya = await App.CreateUserAsync("Priya Raman", Roles.Supervisor);
        var article = await Knowledge.CreateAsync(priya, new SaveKnowledgeRequest("Refunds", "Refunds take **5–10 days**. [x](javascript:alert(1))", "en", "billing"));
        SignInAs(await App.CreateUserAsync("Maya Chen", Roles.Agent));

        var page = Render<KnowledgeArticlePage>(p => p.Add(c => c.Id, article.Id));

        page.WaitForAssertion(() => page.Find("[data-testid=kb-body] strong").TextContent.Should().Be("5–10 days"), Live);
        page.Find("[data-testid=kb-body]").InnerHtml.Should().NotContain("javascript:");
        page.Find("[data-testid=kb-article]").TextContent.Should().Contain("English").And.Contain("billing").And.Contain("Priya Raman");
        page.FindAll("[data-testid=kb-edit], [data-testid=kb-delete]").Should().BeEmpty();
    }

    [Fact]
    public async Task Render_CandidateAsAgent_NotFound()
    {
        var priya = await App.CreateUserAsync("Priya Raman", Roles.Supervisor);
        var article = await Knowledge.CreateAsync(priya, new SaveKnowledgeRequest("Draft", "Not reviewed.", "en", Status: KnowledgeStatus.Candidate));
        SignInAs(await App.CreateUserAsync("Maya Chen", Roles.Agent));

        var page = Render<KnowledgeArticlePage>(p => p.Add(c => c.Id, article.Id));

        page.WaitForElement("[data-testid=kb-not-found]", Live).TextContent.Should().Contain("does not exist, or it is not published");
    }

    [Fact]
    public async Task Delete_Confirmed_RemovedAndBackToList()
    {
        var priya = await App.CreateUserAsync("Priya Raman", Roles.Supervisor);
        var article = await Knowledge.CreateAsync(priya, new SaveKnowledgeRequest("Old article", "Outdated.", "en"));
        SignInAs(priya);
        var dialogs = Render<MudDialogProvider>();
        var page = Render<KnowledgeArticlePage>(p => p.Add(c => c.Id, article.Id));
        page.WaitForElement("[data-testid=kb-delete]", Live).Click();

        dialogs.WaitForAssertion(() => dialogs.FindAll("button").Single(b => b.TextContent.Contains("Delete")).Click(), Live);

        var navigation = Services.GetRequiredService<NavigationManager>();
        page.WaitForAssertion(() => navigation.Uri.Should().EndWith("/knowledge"), Live);
        await FluentActions.Awaiting(() => Knowledge.GetAsync(priya, article.Id)).Should().ThrowAsync<QanDu.Dashboard.Features.Access.ChatNotFoundException>();
    }

    [Fact]
    public async Task OtherUserEditsThenDeletes_PageFollowsLive()
    {
        var alex = await App.CreateUserAsync("Alex Morgan", Roles.Admin);
        var article = await Knowledge.CreateAsync(alex, new SaveKnowledgeRequest("Webhooks", "Version one.", "en"));
        SignInAs(await App.CreateUserAsync("Maya Chen", Roles.Agent));
        var page = Render<KnowledgeArticlePage>(p => p.Add(c => c.Id, article.Id));
        page.WaitForAssertion(() => page.Find("[data-testid=kb-body]").TextContent.Should().Contain("Version one."), Live);

        await Knowledge.UpdateAsync(alex, article.Id, new SaveKnowledgeRequest("Webhooks", "Version two.", "en", Version: 1));
        page.WaitForAssertion(() => page.Find("[data-testid=kb-body]").TextContent.Should().Contain("Version two."), Live);

        await Knowledge.DeleteAsync(alex, article.Id);
        page.WaitForAssertion(() => page.Find("[data-testid=kb-not-found]").TextContent.Should().Be("This article was deleted."), Live);
    }
}
