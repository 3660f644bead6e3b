using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using QanDu.Dashboard.Data;
using static Microsoft.Playwright.Assertions;

namespace QanDu.Dashboard.Tests.Browser;

/// <summary>An agent opens a demo customer's conversation and sees who the customer is beside it; the contacts page finds them.</summary>
[Collection(BrowserCollection.Name)]
public sealed class ContactPanelBrowserTests(BrowserAppFixture app) : IClassFixture<BrowserAppFixture>
{

    [BrowserFact]
    public async Task DemoCustomerConversation_ContactPanelBesideIt_AndTheContactsPageFindsTheCustomer()
    {
        long threadId;
        await using (var db = await app.Services.GetRequiredService<IDbContextFactory<ChatDbContext>>().CreateDbContextAsync())
            threadId = await db.Threads.Where(t => t.Title == "Charged twice for this month's invoice").Select(t => t.Id).SingleAsync();
        await using var maya = await app.SignInAsync(DemoUsers.Maya, $"/threads/{threadId}", new ViewportSize { Width = 1440, Height = 900 });
        await maya.WaitForThreadAsync(threadId);
        var panel = maya.Page.GetByTestId("contact-panel");

        await Expect(panel).ToBeVisibleAsync(new() { Timeout = 15_000 });
        await Expect(panel.GetByTestId("contact-company")).ToHaveTextAsync("Blake & Partners", new() { Timeout = 15_000 });
        await Expect(panel.GetByTestId("contact-email")).ToHaveTextAsync("jordan.blake@example.com");
        await Expect(panel.GetByTestId("attribute-name")).ToContainTextAsync(["plan", "seats", "workspace id"]);
        await Expect(maya.Page.GetByTestId("contact-panel-toggle")).ToHaveAttributeAsync("aria-pressed", "true");
        await Screens.SaveAsync(maya.Page, "agent-contact-panel");

        await maya.GotoAsync("/contacts");
        await Expect(maya.Page.Locator("[data-testid=contacts-page][data-interactive=true]")).ToBeVisibleAsync(new() { Timeout = 20_000 });
        await maya.Page.Locator("input[data-testid=contact-search], [data-testid=contact-search] input").FillAsync("blake part");
        var row = maya.Page.GetByTestId("contact-row");
        await Expect(row).ToHaveCountAsync(1, new() { Timeout = 15_000 });
        await Expect(row).ToContainTextAsync("Jordan Blake");
        await row.ClickAsync();
        await Expect(maya.Page.GetByTestId("contact-title")).ToHaveTextAsync("Jordan Blake", new() { Timeout = 15_000 });
        // Only the conversations Maya may see: the double charge is hers; Jordan's spam-folder question is Tom's.
        await Expect(maya.Page.GetByTestId("contact-conversation")).ToContainTextAsync(["Charged twice for this month's invoice"]);
        maya.ShouldHaveLoadedCleanly();
    }
}
