using Bunit;
using MudBlazor;
using QanDu.Dashboard.Features.Access;
using QanDu.Dashboard.Features.Labels.Pages;
using QanDu.Dashboard.Tests.Infrastructure;

namespace QanDu.Dashboard.Tests.Features.Labels;

/// <summary>The admin's label page: empty, adding one, a refused name, deleting with confirmation.</summary>
public sealed class LabelAdminTests : ComponentTestContext
{
    private static readonly TimeSpan Live = TimeSpan.FromSeconds(5);

    [Fact]
    public async Task AddLabel_NewThenDuplicate_ListedOnceAndDuplicateNamed()
    {
        SignInAs(await App.CreateUserAsync("Alex Morgan", Roles.Admin));
        var page = Render<LabelAdmin>();
        page.WaitForElement("[data-testid=no-labels]", Live);

        await AddAsync(page, "Billing");
        page.WaitForAssertion(() => page.FindAll("[data-testid=label-row]").Should().ContainSingle()
            .Which.TextContent.Should().Contain("Billing"), Live);
        await AddAsync(page, "billing");

        page.WaitForAssertion(() => page.Markup.Should().Contain("A label named \"billing\" already exists."), Live);
        page.FindAll("[data-testid=label-row]").Should().ContainSingle();
    }

    [Fact]
    public async Task DeleteLabel_Confirmed_RemovedFromList()
    {
        SignInAs(await App.CreateUserAsync("Alex Morgan", Roles.Admin));
        var dialogs = Render<MudDialogProvider>();
        var page = Render<LabelAdmin>();
        page.WaitForElement("[data-testid=no-labels]", Live);
        await AddAsync(page, "Temporary");
        page.WaitForElement("[data-testid=label-row]", Live);

        page.FindAll("[data-testid=label-row] button").Single(b => b.TextContent.Contains("Delete")).Click();
        dialogs.WaitForAssertion(() => dialogs.FindAll("button").Single(b => b.TextContent.Contains("Delete")).Click(), Live);

        page.WaitForElement("[data-testid=no-labels]", Live);
    }

    private static async Task AddAsync(IRenderedComponent<LabelAdmin> page, string name)
    {
        await page.Find("input[data-testid=label-name], [data-testid=label-name] input").ChangeAsync(new() { Value = name });
        await page.Find("form").SubmitAsync();
    }
}
