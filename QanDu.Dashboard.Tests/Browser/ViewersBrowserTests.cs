using Microsoft.Playwright;
using QanDu.Dashboard.Tests.Infrastructure;
using static Microsoft.Playwright.Assertions;

namespace QanDu.Dashboard.Tests.Browser;

/// <summary>
/// Two signed-in browsers on one customer conversation: the agent answering it, and a supervisor looking on from
/// /monitor/conversations/{id}, who sees the agent type and whispers to them.
/// </summary>
[Collection(BrowserCollection.Name)]
public sealed class ViewersBrowserTests(BrowserAppFixture app) : IClassFixture<BrowserAppFixture>
{
    private static readonly LocatorAssertionsToHaveTextOptions Soon = new() { Timeout = 15_000 };

    [BrowserFact]
    public async Task LookOn_AgentTypes_SupervisorSeesItWithinSecondsAndWhispersBack()
    {
        var mayaCaller = await app.CallerAsync(DemoUsers.Maya);
        var lead = await app.CallerAsync(DemoUsers.Supervisor) with { SeesAllThreads = true }; // the demo supervisor's role
        var chat = await CustomerConversations.StartAsync(app.Services, "Nora Visitor", "My kettle arrived broken");
        await app.Threads.AssignAsync(lead, chat.ThreadId, mayaCaller.UserId);
        await using var maya = await app.SignInAsync(DemoUsers.Maya, $"/threads/{chat.ThreadId}");
        await maya.WaitForThreadAsync(chat.ThreadId);
        await using var supervisor = await app.SignInAsync(DemoUsers.Supervisor, $"/monitor/conversations/{chat.ThreadId}");
        await supervisor.Page.WaitForFunctionAsync(
            "key => document.querySelector('[data-testid=composer]')?._qandu?.draftKey === key && document.body.dataset.alerts === 'attached'",
            $"qandu.whisper.{chat.ThreadId}", new() { Timeout = 15_000 });
        await Expect(supervisor.Page.GetByTestId("looking-on")).ToContainTextAsync("Looking on — the customer and agent do not see you");
        var header = supervisor.Page.GetByTestId("viewers-text");
        await Expect(header).ToHaveTextAsync("Maya is viewing", Soon);

        await maya.Composer.PressSequentiallyAsync("So sorry, a new kettle is on its way");

        await Expect(header).ToHaveTextAsync("Maya is typing a reply", Soon);
        await Screens.SaveAsync(supervisor.Page, "viewers-header");
        await Expect(maya.Page.GetByTestId("viewers")).ToHaveCountAsync(0); // the supervisor looking on is not shown to her

        await supervisor.Composer.PressSequentiallyAsync("Offer express shipping too");
        await supervisor.Composer.PressAsync("Enter");

        await Expect(maya.Message("@Maya Chen Offer express shipping too")).ToBeVisibleAsync(new() { Timeout = 15_000 });
        await Expect(maya.Page.Locator("body")).ToHaveAttributeAsync("data-last-alert", $"mention:{chat.ThreadId}", new() { Timeout = 15_000 });
        await Expect(supervisor.Message("@Maya Chen Offer express shipping too")).ToBeVisibleAsync(new() { Timeout = 15_000 });
        await Screens.SaveAsync(supervisor.Page, "look-on");
        maya.ShouldHaveLoadedCleanly();
        supervisor.ShouldHaveLoadedCleanly();
    }
}
