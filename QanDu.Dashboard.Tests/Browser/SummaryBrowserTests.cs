using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using QanDu.Dashboard.Data;
using static Microsoft.Playwright.Assertions;

namespace QanDu.Dashboard.Tests.Browser;

/// <summary>An agent summarizes a demo billing conversation from its header and sees the four parts, the refunds in them.</summary>
[Collection(BrowserCollection.Name)]
public sealed class SummaryBrowserTests(BrowserAppFixture app) : IClassFixture<BrowserAppFixture>
{
    [BrowserFact]
    public async Task DemoBillingConversation_Summarize_ShowsProblemDoneOutcomeOpen()
    {
        long threadId;
        await using (var db = await app.Services.GetRequiredService<IDbContextFactory<ChatDbContext>>().CreateDbContextAsync())
            threadId = await db.Threads.Where(t => t.Title == "Third billing error this year — unacceptable").Select(t => t.Id).SingleAsync();
        await using var maya = await app.SignInAsync(DemoUsers.Maya, $"/threads/{threadId}", new ViewportSize { Width = 1440, Height = 900 });
        await maya.WaitForThreadAsync(threadId);

        await maya.Page.GetByTestId("summarize").ClickAsync();

        var panel = maya.Page.GetByTestId("summary-panel");
        await Expect(panel.GetByTestId("summary-problem")).ToContainTextAsync("invoiced for Business", new() { Timeout = 15_000 });
        await Expect(panel.GetByTestId("summary-done")).ToContainTextAsync("The refunds are submitted");
        // The message that closes the hand-over mentions "the summary": it stays in.
        await Expect(panel.GetByTestId("summary-done")).ToContainTextAsync("The summary Priya mentioned is in your inbox");
        await Expect(panel.GetByTestId("summary-outcome")).ToContainTextAsync("Settled with Kwame Mensah; not marked resolved yet.");
        await Expect(panel.GetByTestId("summary-open")).ToBeVisibleAsync();
        await Expect(panel.GetByTestId("summary-add-note")).ToBeEnabledAsync();
        await Screens.SaveAsync(maya.Page, "agent-conversation-summary");

        await maya.Page.Keyboard.PressAsync("Escape");
        await Expect(panel).ToHaveCountAsync(0, new() { Timeout = 15_000 });
        maya.ShouldHaveLoadedCleanly();
    }
}
