using Microsoft.Playwright;
using QanDu.Dashboard.Data.Entities;
using QanDu.Dashboard.Features.Threads;
using static Microsoft.Playwright.Assertions;

namespace QanDu.Dashboard.Tests.Browser;

/// <summary>A supervisor hands a conversation to Tom; Tom's "Mine" view, open in another browser, shows it at once.</summary>
[Collection(BrowserCollection.Name)]
public sealed class InboxAssignTests(BrowserAppFixture app) : IClassFixture<BrowserAppFixture>
{
    [BrowserFact]
    public async Task Assign_SupervisorAssignsToTom_AppearsInTomsMineViewLive()
    {
        var maya = await app.CallerAsync(DemoUsers.Maya);
        var supervisorCaller = await app.CallerAsync(DemoUsers.Supervisor);
        var title = $"Refund escalation {Guid.NewGuid():N}"[..26];
        var thread = await app.Threads.CreateThreadAsync(maya, new CreateThreadRequest(ThreadType.Group, title, [supervisorCaller.UserId]));
        await using var tom = await app.SignInAsync(DemoUsers.Tom, "/?view=mine");
        await using var supervisor = await app.SignInAsync(DemoUsers.Supervisor, $"/threads/{thread.Id}");
        await supervisor.WaitForThreadAsync(thread.Id);
        await Expect(tom.Page.GetByTestId("view-mine")).ToHaveAttributeAsync("aria-selected", "true");
        await Expect(tom.ThreadItem(thread.Id)).ToHaveCountAsync(0);
        var mineBefore = int.Parse(await tom.Page.GetByTestId("view-mine").GetByTestId("view-count").InnerTextAsync());

        await supervisor.Page.GetByTestId("assign-menu").Locator("button").First.ClickAsync();
        await supervisor.Page.Locator($"[data-testid=assign-option][data-email='{DemoUsers.Tom}']").ClickAsync();

        await Expect(supervisor.Page.GetByTestId("assign-menu")).ToContainTextAsync("Tom Okafor");
        await supervisor.Page.ScreenshotAsync(new PageScreenshotOptions { Path = "/tmp/qandu-thread-header.png" });
        await Expect(tom.ThreadItem(thread.Id)).ToBeVisibleAsync(new() { Timeout = 2000 });
        await Expect(tom.ThreadItem(thread.Id)).ToContainTextAsync(title);
        await Expect(tom.ThreadItem(thread.Id).GetByTestId("thread-assignee")).ToContainTextAsync("Tom");
        await Expect(tom.Page.GetByTestId("view-mine").GetByTestId("view-count")).ToHaveTextAsync($"{mineBefore + 1}");
        await tom.Page.ScreenshotAsync(new PageScreenshotOptions { Path = "/tmp/qandu-inbox-mine.png" });

        // The view survives a reload: it lives in the address bar.
        await tom.Page.ReloadAsync();
        await Expect(tom.Page.GetByTestId("view-mine")).ToHaveAttributeAsync("aria-selected", "true");
        await Expect(tom.ThreadItem(thread.Id)).ToBeVisibleAsync();
        tom.ShouldHaveLoadedCleanly();
        supervisor.ShouldHaveLoadedCleanly();
    }
}
