using Bunit;
using Microsoft.AspNetCore.Components;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Options;
using MudBlazor;
using QanDu.Dashboard.Features.Access;
using QanDu.Dashboard.Features.AiSettings;
using QanDu.Dashboard.Features.Assistant.Providers;
using QanDu.Dashboard.Features.Assistant.Settings.Pages;
using QanDu.Dashboard.Tests.Infrastructure;

namespace QanDu.Dashboard.Tests.Features.Assistant.Settings;

/// <summary>The admin's AI settings page: saved values and provider, field errors, a stale save, saving, defaults, non-admins.</summary>
public sealed class AssistantSettingsPageTests : ComponentTestContext
{
    private static readonly TimeSpan Live = TimeSpan.FromSeconds(10);

    public AssistantSettingsPageTests()
    {
        Services.AddSingleton(App.Services.GetRequiredService<AssistantSettingsStore>());
        Services.AddSingleton(App.Services.GetRequiredService<HealthCheckService>());
        Services.AddSingleton(App.Services.GetRequiredService<IOptions<AiOptions>>());
    }

    private AssistantSettingsStore Store => App.Services.GetRequiredService<AssistantSettingsStore>();

    [Fact]
    public async Task Render_Admin_ShowsSavedValuesAndTheOfflineAssistantHealthy()
    {
        var admin = await App.CreateUserAsync("Alex Morgan", Roles.Admin);
        await Store.SaveAsync(admin, Store.Current with { Name = "Ada", Tone = AssistantTone.Concise, MaxOutputTokens = 321 }, Store.CurrentVersioned.Version);
        SignInAs(admin);

        var page = RenderPage();

        page.Find("[data-testid=settings-name]").GetAttribute("value").Should().Be("Ada");
        page.Find("[data-testid=settings-max-tokens]").GetAttribute("value").Should().Be("321");
        page.Find("[data-testid=settings-tone] option[selected]").TextContent.Should().Be("Concise");
        page.Find("[data-testid=provider-name]").TextContent.Should().Be("Built-in offline assistant");
        page.WaitForAssertion(() => page.Find("[data-testid=provider-health]").TextContent.Should().Be("Healthy"), Live);
        page.Find("[data-testid=settings-instructions-count]").TextContent.Should().Contain($"{Store.Current.Instructions.Length:N0} / 4,000");
        page.FindAll("[data-testid=settings-dirty]").Should().BeEmpty("nothing was changed yet");
        page.Find("[data-testid=settings-save]").HasAttribute("disabled").Should().BeTrue();
    }

    [Fact]
    public async Task Save_ChangedName_AppliesAtOnceWithSnackbarAndNoLongerUnsaved()
    {
        SignInAs(await App.CreateUserAsync("Alex Morgan", Roles.Admin));
        var snackbars = Render<MudSnackbarProvider>();
        var page = RenderPage();

        page.Find("[data-testid=settings-name]").Input("Nova");
        page.Find("[data-testid=settings-instructions]").Input("Be brief.");

        page.Find("[data-testid=settings-dirty]").TextContent.Should().Be("Unsaved changes");
        page.Find("[data-testid=settings-instructions-count]").TextContent.Should().Contain("9 / 4,000");
        await page.Find("form").SubmitAsync();

        page.WaitForAssertion(() => Store.Current.Name.Should().Be("Nova"), Live);
        Store.Current.Instructions.Should().Be("Be brief.");
        snackbars.WaitForAssertion(() => snackbars.Markup.Should().Contain("Assistant settings saved"), Live);
        page.WaitForAssertion(() => page.FindAll("[data-testid=settings-dirty]").Should().BeEmpty(), Live);
    }

    [Fact]
    public async Task Save_BadValues_ErrorsBesideTheFieldsAndNothingSaved()
    {
        SignInAs(await App.CreateUserAsync("Alex Morgan", Roles.Admin));
        var before = Store.CurrentVersioned;
        var page = RenderPage();

        page.Find("[data-testid=settings-name]").Input("   ");
        page.Find("[data-testid=settings-max-tokens]").Input("5");
        page.Find("[data-testid=settings-default-language]").Input("English");
        await page.Find("form").SubmitAsync();

        page.WaitForAssertion(() => page.FindAll("[data-testid=field-error]").Select(e => e.TextContent).Should().BeEquivalentTo(
            "The assistant's name is 1 to 80 characters.",
            "The longest reply is between 16 and 16,000 tokens.",
            "The default language is a two-letter code such as en or de."), Live);
        page.Find("[data-testid=settings-name]").ParentElement!.TextContent.Should().Contain("1 to 80 characters", "the error is beside its field");
        Store.CurrentVersioned.Should().Be(before);
        page.Find("[data-testid=settings-dirty]").Should().NotBeNull("the changes are kept for fixing");
    }

    [Fact]
    public async Task Save_SomeoneSavedMeanwhile_ConflictWithReloadShowingTheirSettings()
    {
        var admin = await App.CreateUserAsync("Alex Morgan", Roles.Admin);
        SignInAs(admin);
        var page = RenderPage();
        await Store.SaveAsync(admin, Store.Current with { Name = "Theirs" }, Store.CurrentVersioned.Version);

        page.Find("[data-testid=settings-name]").Input("Mine");
        await page.Find("form").SubmitAsync();

        page.WaitForAssertion(() => page.Find("[data-testid=settings-conflict]").TextContent.Should().Contain("after you opened them"), Live);
        Store.Current.Name.Should().Be("Theirs", "a stale form never overwrites a newer save");
        page.Find("[data-testid=settings-reload]").Click();
        page.WaitForAssertion(() => page.Find("[data-testid=settings-name]").GetAttribute("value").Should().Be("Theirs"), Live);
        page.FindAll("[data-testid=settings-conflict]").Should().BeEmpty();
    }

    [Fact]
    public async Task RestoreDefaults_Confirmed_DefaultsSaved()
    {
        var admin = await App.CreateUserAsync("Alex Morgan", Roles.Admin);
        await Store.SaveAsync(admin, Store.Current with { Name = "Custom", AnalysisEnabled = false }, Store.CurrentVersioned.Version);
        SignInAs(admin);
        var dialogs = Render<MudDialogProvider>();
        var page = RenderPage();

        page.Find("[data-testid=settings-restore]").Click();
        dialogs.WaitForAssertion(() => dialogs.FindAll("button").Single(b => b.TextContent.Contains("Restore defaults")).Click(), Live);

        page.WaitForAssertion(() => Store.Current.Should().Be(new AssistantSettings()), Live);
        page.WaitForAssertion(() => page.Find("[data-testid=settings-name]").GetAttribute("value").Should().Be("QanDu Assistant"), Live);
    }

    [Fact]
    public async Task NavigateWithinTheApp_UnsavedChanges_AsksFirstStaysOnStayAndLeavesOnLeave()
    {
        SignInAs(await App.CreateUserAsync("Alex Morgan", Roles.Admin));
        var dialogs = Render<MudDialogProvider>();
        var navigation = Services.GetRequiredService<NavigationManager>();
        navigation.NavigateTo("/admin/assistant");
        var page = RenderPage();
        page.Find("[data-testid=settings-name]").Input("Nova");

        await page.InvokeAsync(() => navigation.NavigateTo("/knowledge"));

        dialogs.WaitForAssertion(() => dialogs.Markup.Should().Contain("Leave without saving?"), Live);
        navigation.Uri.Should().EndWith("/admin/assistant", "nothing is left until the admin decides");
        await dialogs.InvokeAsync(() => dialogs.FindAll("button").Single(b => b.TextContent.Contains("Stay")).Click());
        dialogs.WaitForAssertion(() => dialogs.Markup.Should().NotContain("Leave without saving?"), Live);
        navigation.Uri.Should().EndWith("/admin/assistant");
        page.Find("[data-testid=settings-dirty]").TextContent.Should().Be("Unsaved changes");

        await page.InvokeAsync(() => navigation.NavigateTo("/knowledge"));
        dialogs.WaitForAssertion(() => dialogs.FindAll("button").Single(b => b.TextContent.Contains("Leave")).Click(), Live);

        page.WaitForAssertion(() => navigation.Uri.Should().EndWith("/knowledge"), Live);
        Store.Current.Name.Should().NotBe("Nova", "leaving discards the changes");
    }

    [Fact]
    public async Task NavigateWithinTheApp_NothingChanged_LeavesWithoutAsking()
    {
        SignInAs(await App.CreateUserAsync("Alex Morgan", Roles.Admin));
        var dialogs = Render<MudDialogProvider>();
        var navigation = Services.GetRequiredService<NavigationManager>();
        navigation.NavigateTo("/admin/assistant");
        var page = RenderPage();

        await page.InvokeAsync(() => navigation.NavigateTo("/knowledge"));

        page.WaitForAssertion(() => navigation.Uri.Should().EndWith("/knowledge"), Live);
        dialogs.Markup.Should().NotContain("Leave without saving?");
    }

    /// <summary>The page once the provider's health is in, so no later render races the test's clicks.</summary>
    private IRenderedComponent<AssistantSettingsPage> RenderPage()
    {
        var page = Render<AssistantSettingsPage>();
        page.WaitForElement("[data-testid=provider-health]", Live);
        return page;
    }

    [Theory]
    [InlineData(Roles.Agent)]
    [InlineData(Roles.Supervisor)]
    public async Task Render_NotAdmin_NotAllowedAndNoForm(string role)
    {
        SignInAs(await App.CreateUserAsync($"Not an admin {role}", role));

        var page = Render<AssistantSettingsPage>();

        page.Find("[data-testid=settings-forbidden]").TextContent.Should().Contain("Only admins");
        page.FindAll("form").Should().BeEmpty();
    }
}
