using Bunit;
using Microsoft.AspNetCore.Components;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using QanDu.Dashboard.Features.Access;
using QanDu.Dashboard.Features.Knowledge;
using QanDu.Dashboard.Features.Knowledge.Pages;
using QanDu.Dashboard.Tests.Infrastructure;

namespace QanDu.Dashboard.Tests.Features.Knowledge.Pages;

/// <summary>The editor: validation shown per field, preview, a stale edit refused with the user's text kept, agents refused.</summary>
public sealed class KnowledgeEditTests : ComponentTestContext
{
    private static readonly TimeSpan Live = TimeSpan.FromSeconds(5);

    private KnowledgeService Knowledge => App.Services.GetRequiredService<KnowledgeService>();

    [Fact]
    public async Task Save_EmptyTitleAndBody_BothErrorsShownAndNothingStored()
    {
        SignInAs(await App.CreateUserAsync("Priya Raman", Roles.Supervisor));
        var page = Render<KnowledgeEdit>();
        page.WaitForElement("[data-testid=kb-title]", Live);

        await page.Find("form").SubmitAsync();

        page.WaitForAssertion(() =>
        {
            page.Find("[data-testid=kb-title-error]").TextContent.Should().Be("An article needs a title.");
            page.Find("[data-testid=kb-body-error]").TextContent.Should().Be("An article needs a body.");
        }, Live);
        (await App.QueryAsync(db => db.KnowledgeArticles.CountAsync())).Should().Be(0);
    }

    [Fact]
    public async Task Save_ValidArticle_StoredAndOpensIt()
    {
        SignInAs(await App.CreateUserAsync("Priya Raman", Roles.Supervisor));
        var page = Render<KnowledgeEdit>();
        page.WaitForElement("[data-testid=kb-title]", Live);

        await page.Find("[data-testid=kb-title]").InputAsync(new() { Value = "Resetting your password" });
        await page.Find("[data-testid=kb-language]").ChangeAsync(new() { Value = "de" });
        await page.Find("[data-testid=kb-tags]").InputAsync(new() { Value = "Account, password" });
        await page.Find("[data-testid=kb-body-input]").InputAsync(new() { Value = "Click **Forgot password?**" });
        await page.Find("form").SubmitAsync();

        var navigation = Services.GetRequiredService<NavigationManager>();
        page.WaitForAssertion(() => navigation.Uri.Should().MatchRegex(@"/knowledge/\d+$"), Live);
        var id = long.Parse(navigation.Uri.Split('/')[^1]);
        var stored = await Knowledge.GetAsync(await App.CreateUserAsync("Maya Chen", Roles.Agent), id);
        stored.Should().BeEquivalentTo(new { Title = "Resetting your password", Language = "de", Tags = new[] { "account", "password" }, Body = "Click **Forgot password?**" });
    }

    [Fact]
    public async Task Preview_MarkdownTyped_RenderedSanitizedAndTextKeptForWriting()
    {
        SignInAs(await App.CreateUserAsync("Priya Raman", Roles.Supervisor));
        var page = Render<KnowledgeEdit>();
        page.WaitForElement("[data-testid=kb-body-input]", Live);
        await page.Find("[data-testid=kb-body-input]").InputAsync(new() { Value = "**Bold** and [bad](javascript:alert(1))" });

        page.FindAll("[data-testid=kb-body-mode] button, [data-testid=kb-body-mode] .mud-toggle-item").First(b => b.TextContent.Contains("Preview")).Click();

        page.WaitForAssertion(() =>
        {
            var preview = page.Find("[data-testid=kb-preview]");
            preview.QuerySelector("strong")!.TextContent.Should().Be("Bold");
            preview.InnerHtml.Should().NotContain("javascript:");
        }, Live);
        page.Find("[data-testid=kb-body-input]").GetAttribute("style").Should().Contain("display:none", "hidden, not removed, so the text survives");
    }

    [Fact]
    public async Task Save_SomeoneSavedMeanwhile_ConflictShownTextKeptNothingOverwritten()
    {
        var priya = await App.CreateUserAsync("Priya Raman", Roles.Supervisor);
        var alex = await App.CreateUserAsync("Alex Morgan", Roles.Admin);
        var article = await Knowledge.CreateAsync(priya, new SaveKnowledgeRequest("Shipping times", "Two days.", "en"));
        SignInAs(priya);
        var page = Render<KnowledgeEdit>(p => p.Add(c => c.Id, article.Id));
        page.WaitForAssertion(() => page.Find("[data-testid=kb-title]").GetAttribute("value").Should().Be("Shipping times"), Live);

        await Knowledge.UpdateAsync(alex, article.Id, new SaveKnowledgeRequest("Shipping times", "Three days (Alex).", "en", Version: article.Version));
        await page.Find("[data-testid=kb-body-input]").InputAsync(new() { Value = "Two days (Priya)." });
        await page.Find("form").SubmitAsync();

        page.WaitForAssertion(() => page.Find("[data-testid=kb-conflict]").TextContent.Should().Contain("was changed by someone else"), Live);
        (await Knowledge.GetAsync(alex, article.Id)).Body.Should().Be("Three days (Alex).");

        page.Find("[data-testid=kb-reload]").Click();
        page.WaitForAssertion(() =>
        {
            page.FindAll("[data-testid=kb-conflict]").Should().BeEmpty();
            page.Find("[data-testid=kb-body-input]").GetAttribute("value").Should().Be("Three days (Alex).");
        }, Live);
    }

    [Fact]
    public async Task Render_AsAgent_ForbiddenMessageAndNoForm()
    {
        SignInAs(await App.CreateUserAsync("Maya Chen", Roles.Agent));

        var page = Render<KnowledgeEdit>();

        page.WaitForElement("[data-testid=kb-forbidden]", Live).TextContent.Should().Contain("Only supervisors and admins edit the knowledge base.");
        page.FindAll("form").Should().BeEmpty();
    }

    [Fact]
    public async Task Render_DeletedArticle_NotFoundMessage()
    {
        SignInAs(await App.CreateUserAsync("Priya Raman", Roles.Supervisor));

        var page = Render<KnowledgeEdit>(p => p.Add(c => c.Id, 424242L));

        page.WaitForElement("[data-testid=kb-not-found]", Live);
    }
}
