using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using QanDu.Dashboard.Data;
using QanDu.Dashboard.Data.Entities;
using QanDu.Dashboard.Features.AiSettings;
using QanDu.Dashboard.Features.Contacts;
using QanDu.Dashboard.Features.Messages;
using QanDu.Dashboard.Features.Threads;
using static Microsoft.Playwright.Assertions;

namespace QanDu.Dashboard.Tests.Browser;

/// <summary>An admin turns message analysis off and on again on the AI settings page; the running app follows at once, no restart.</summary>
[Collection(BrowserCollection.Name)]
public sealed class AssistantSettingsBrowserTests(BrowserAppFixture app) : IClassFixture<BrowserAppFixture>
{
    private const string AnalysisSwitch = "Analyse messages (sentiment, intent, language)";

    [BrowserFact]
    public async Task AnalysisSwitch_OffThenOnOnTheSettingsPage_AppliesWithoutRestart()
    {
        var store = app.Services.GetRequiredService<AssistantSettingsStore>();
        var admin = await app.CallerAsync(DemoUsers.Admin);
        // A customer writes: analysis chips show under customers' messages, not staff's.
        var contact = await app.Services.GetRequiredService<ContactService>().CreateAsync(null, new ContactDetails("Rosa Diaz", $"rosa-{Guid.NewGuid():N}@example.com", null, null, null));
        var thread = await app.Threads.CreateThreadAsync(admin, new CreateThreadRequest(ThreadType.Group, $"Switch {Guid.NewGuid():N}", [contact.UserId]));
        await using (var db = await app.Services.GetRequiredService<IDbContextFactory<ChatDbContext>>().CreateDbContextAsync())
            await db.Threads.Where(t => t.Id == thread.Id).ExecuteUpdateAsync(t => t.SetProperty(x => x.ContactId, contact.Id));
        var customer = ContactService.CallerFor(contact);
        await using var alex = await app.SignInAsync(DemoUsers.Admin, "/admin/assistant");
        await Expect(alex.Page.Locator("[data-testid=assistant-settings][data-interactive=true]")).ToBeVisibleAsync(new() { Timeout = 20_000 });
        var analysis = alex.Page.GetByLabel(AnalysisSwitch);
        await Expect(analysis).ToBeCheckedAsync();

        await analysis.UncheckAsync();
        await Expect(alex.Page.GetByTestId("settings-dirty")).ToBeVisibleAsync();
        await alex.Page.GetByTestId("settings-save").ClickAsync();
        await Expect(alex.Page.GetByText("Assistant settings saved")).ToBeVisibleAsync();
        store.Current.AnalysisEnabled.Should().BeFalse();
        await app.Messages.PostAsync(customer, new PostMessageRequest(thread.Id, "Posted while analysis was off: I was charged twice"));

        await analysis.CheckAsync();
        await alex.Page.GetByTestId("settings-save").ClickAsync();
        await Expect(alex.Page.GetByTestId("settings-dirty")).ToBeHiddenAsync();
        store.Current.AnalysisEnabled.Should().BeTrue();
        await app.Messages.PostAsync(customer, new PostMessageRequest(thread.Id, "Posted after it was on again: I cannot log in to my account"));

        await alex.GotoAsync($"/threads/{thread.Id}");
        await alex.WaitForThreadAsync(thread.Id);
        // One queue, in order: once the later message shows its chips, the earlier one would have too.
        await Expect(alex.Message("after it was on again").GetByTestId("analysis-intent")).ToBeVisibleAsync(new() { Timeout = 20_000 });
        await Expect(alex.Message("while analysis was off").GetByTestId("analysis-chips")).ToHaveCountAsync(0);
        alex.ShouldHaveLoadedCleanly();
    }
}
