using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using QanDu.Dashboard.Data;
using QanDu.Dashboard.Features.Privacy;
using static Microsoft.Playwright.Assertions;

namespace QanDu.Dashboard.Tests.Browser;

/// <summary>
/// An admin erases a demo customer from their contact page, confirming by typing the name, while an agent has the
/// customer's conversation open and sees the customer's words turn into tombstones live; the retention page's dry run
/// and the confirmation before Run now.
/// </summary>
[Collection(BrowserCollection.Name)]
public sealed class PrivacyBrowserTests(BrowserAppFixture app) : IClassFixture<BrowserAppFixture>
{
    private static readonly ViewportSize Desktop = new() { Width = 1440, Height = 900 };

    [BrowserFact]
    public async Task AdminErasesACustomer_ConfirmedByTypingTheName_AgentSeesTheTombstonesLive()
    {
        long threadId, contactId;
        string words, lastWords;
        await using (var db = await app.Services.GetRequiredService<IDbContextFactory<ChatDbContext>>().CreateDbContextAsync())
        {
            var thread = await db.Threads.Where(t => t.Title == "Charged twice for this month's invoice").SingleAsync();
            (threadId, contactId) = (thread.Id, thread.ContactId!.Value);
            var userId = await db.Contacts.Where(c => c.Id == contactId).Select(c => c.UserId).SingleAsync();
            var theirs = await db.Messages.Where(m => m.ThreadId == threadId && m.SenderId == userId && m.DeletedAt == null)
                .OrderBy(m => m.Id).Select(m => m.Content).ToListAsync();
            words = string.Join(' ', theirs[0].Split(' ', StringSplitOptions.RemoveEmptyEntries).Take(3));
            lastWords = string.Join(' ', theirs[^1].Split(' ', StringSplitOptions.RemoveEmptyEntries).Take(3));
        }
        await using var maya = await app.SignInAsync(DemoUsers.Maya, $"/threads/{threadId}", Desktop);
        await maya.WaitForThreadAsync(threadId);
        await Expect(maya.Message(words).First).ToBeVisibleAsync(new() { Timeout = 15_000 });
        await using var admin = await app.SignInAsync(DemoUsers.Admin, $"/contacts/{contactId}", Desktop);
        await Expect(admin.Page.Locator("[data-testid=contact-page][data-interactive=true]")).ToBeVisibleAsync(new() { Timeout = 20_000 });

        await admin.Page.GetByTestId("erase-contact").ClickAsync();
        await Expect(admin.Page.Locator("[data-testid=erase-page][data-interactive=true]")).ToBeVisibleAsync(new() { Timeout = 20_000 });
        var confirm = admin.Page.GetByTestId("erase-confirm");
        var typed = admin.Page.Locator("input[data-testid=erase-confirm-text], [data-testid=erase-confirm-text] input");
        await Expect(admin.Page.GetByTestId("erase-summary")).ToContainTextAsync("Erase Jordan Blake", new() { Timeout = 15_000 });
        await Expect(confirm).ToBeDisabledAsync();
        await typed.FillAsync("Jordan");
        await Expect(confirm).ToBeDisabledAsync(new() { Timeout = 5_000 });
        await typed.FillAsync("Jordan Blake");
        await Expect(confirm).ToBeEnabledAsync(new() { Timeout = 15_000 });
        await Screens.SaveAsync(admin.Page, "contact-erase-confirmation");
        await confirm.ClickAsync();

        await Expect(admin.Page.GetByTestId("erase-done")).ToContainTextAsync($"Contact {contactId} was erased", new() { Timeout = 20_000 });
        await Expect(maya.Message(Erased.MessageText).First).ToBeVisibleAsync(new() { Timeout = 15_000 });
        await Expect(maya.Message(words)).ToHaveCountAsync(0, new() { Timeout = 15_000 });
        await Expect(maya.Message(lastWords)).ToHaveCountAsync(0, new() { Timeout = 15_000 }); // every one of theirs, not only the first
        await Screens.SaveAsync(maya.Page, "agent-sees-erased-customer-live");
        maya.ShouldHaveLoadedCleanly();
        admin.ShouldHaveLoadedCleanly();
    }

    [BrowserFact]
    public async Task RetentionPage_DryRunShowsCounts_RunNowAsksFirst()
    {
        await using var admin = await app.SignInAsync(DemoUsers.Admin, "/admin/retention", Desktop);
        await Expect(admin.Page.Locator("[data-testid=retention-page][data-interactive=true]")).ToBeVisibleAsync(new() { Timeout = 20_000 });
        await Expect(admin.Page.GetByTestId("retention-state")).ToHaveTextAsync("off (everything is kept)");

        await admin.Page.Locator("input[data-testid=retention-days], [data-testid=retention-days] input").FillAsync("0");
        await admin.Page.GetByTestId("retention-save").ClickAsync();
        await Expect(admin.Page.GetByTestId("retention-error")).ToContainTextAsync("at least 1 day", new() { Timeout = 15_000 });
        await admin.Page.Locator("input[data-testid=retention-days], [data-testid=retention-days] input").FillAsync("30");
        await admin.Page.GetByTestId("retention-save").ClickAsync();
        await Expect(admin.Page.GetByTestId("retention-state")).ToContainTextAsync("deleted 30 days after", new() { Timeout = 15_000 });
        await admin.Page.GetByTestId("retention-dry-run").ClickAsync();
        await Expect(admin.Page.GetByTestId("retention-dry-run-result")).ToContainTextAsync("With 30 days, a run now deletes", new() { Timeout = 15_000 });
        await Screens.SaveAsync(admin.Page, "retention-dry-run");

        await admin.Page.GetByTestId("retention-run").ClickAsync();
        var dialog = admin.Page.Locator(".mud-dialog");
        await Expect(dialog).ToContainTextAsync("This cannot be undone", new() { Timeout = 15_000 });
        await Screens.SaveAsync(admin.Page, "retention-run-confirmation");
        await dialog.GetByRole(AriaRole.Button, new() { Name = "Cancel" }).ClickAsync();
        await Expect(admin.Page.GetByTestId("retention-last-run")).ToHaveTextAsync("Not run yet.");
        admin.ShouldHaveLoadedCleanly();
    }
}
