using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using QanDu.Dashboard.Data.Entities;
using QanDu.Dashboard.Features.Presence;
using QanDu.Dashboard.Features.Threads;
using static Microsoft.Playwright.Assertions;

namespace QanDu.Dashboard.Tests.Browser;

/// <summary>Two agents, two browsers: one sees the other type, and sees the status they choose, live.</summary>
[Collection(BrowserCollection.Name)]
public sealed class PresenceTests(BrowserAppFixture app) : IClassFixture<BrowserAppFixture>
{
    [BrowserFact]
    public async Task Typing_TomTypesThenSends_MayaSeesIndicatorUntilTheMessageArrives()
    {
        var mayaCaller = await app.CallerAsync(DemoUsers.Maya);
        var tomCaller = await app.CallerAsync(DemoUsers.Tom);
        var thread = await app.Threads.CreateThreadAsync(mayaCaller,
            new CreateThreadRequest(ThreadType.Group, $"Typing {Guid.NewGuid():N}", [tomCaller.UserId]));
        await using var maya = await app.SignInAsync(DemoUsers.Maya, $"/threads/{thread.Id}");
        await using var tom = await app.SignInAsync(DemoUsers.Tom, $"/threads/{thread.Id}");
        await Task.WhenAll(maya.WaitForThreadAsync(thread.Id), tom.WaitForThreadAsync(thread.Id));
        var indicator = maya.Page.GetByTestId("typing-text");
        await Expect(indicator).ToHaveCountAsync(0);

        await tom.Composer.PressSequentiallyAsync("Let me check the tracking");

        await Expect(indicator).ToHaveTextAsync("Tom Okafor is typing…");
        await Expect(tom.Page.GetByTestId("typing-text")).ToHaveCountAsync(0, new() { Timeout = 500 }); // never one's own
        await maya.Page.ScreenshotAsync(new PageScreenshotOptions { Path = "/tmp/qandu-typing.png" });
        await tom.Composer.PressAsync("Enter");
        await Expect(maya.Message("Let me check the tracking")).ToBeVisibleAsync();
        await Expect(indicator).ToHaveCountAsync(0, new() { Timeout = 3000 }); // the message ended it, not the 6 s expiry

        // Typing again shows it again; clearing the box takes it away.
        await tom.Composer.PressSequentiallyAsync("One more");
        await Expect(indicator).ToHaveTextAsync("Tom Okafor is typing…");
        await tom.Composer.PressAsync("Control+a");
        await tom.Composer.PressAsync("Backspace");
        await Expect(tom.Composer).ToHaveValueAsync("");
        await Expect(indicator).ToHaveCountAsync(0, new() { Timeout = 3000 });
        maya.ShouldHaveLoadedCleanly();
        tom.ShouldHaveLoadedCleanly();
    }

    [BrowserFact]
    public async Task Status_MayaChoosesBusyInUserMenu_TomsThreadListShowsBusyLive()
    {
        var mayaCaller = await app.CallerAsync(DemoUsers.Maya);
        var tomCaller = await app.CallerAsync(DemoUsers.Tom);
        var direct = await app.Threads.CreateThreadAsync(tomCaller, new CreateThreadRequest(ThreadType.Direct, null, [mayaCaller.UserId]));
        var presence = app.Services.GetRequiredService<PresenceService>();
        try
        {
            await using var maya = await app.SignInAsync(DemoUsers.Maya, "/");
            await using var tom = await app.SignInAsync(DemoUsers.Tom, $"/threads/{direct.Id}");
            await tom.WaitForThreadAsync(direct.Id);
            var mayasDot = tom.ThreadItem(direct.Id).GetByTestId("presence-dot");
            await Expect(mayasDot).ToHaveAttributeAsync("data-user-id", mayaCaller.UserId);
            await Expect(mayasDot).ToHaveAttributeAsync("data-presence", "online"); // her tab is open

            var menuButton = maya.Page.GetByTestId("user-menu-button");
            await menuButton.ClickAsync();
            await maya.Page.GetByTestId("status-option-busy").ClickAsync();

            await Expect(mayasDot).ToHaveAttributeAsync("data-presence", "busy");
            await Expect(mayasDot).ToHaveAttributeAsync("title", "Busy — do not disturb");
            await Expect(tom.Page.Locator($"[data-testid=participant][data-user-id='{mayaCaller.UserId}'] [data-testid=presence-dot]"))
                .ToHaveAttributeAsync("data-presence", "busy");
            await Expect(menuButton.GetByTestId("presence-dot")).ToHaveAttributeAsync("data-presence", "busy");
            await tom.Page.ScreenshotAsync(new PageScreenshotOptions { Path = "/tmp/qandu-presence.png" });

            await menuButton.ClickAsync();
            await maya.Page.GetByTestId("status-option-online").ClickAsync();
            await Expect(mayasDot).ToHaveAttributeAsync("data-presence", "online");
            maya.ShouldHaveLoadedCleanly();
            tom.ShouldHaveLoadedCleanly();
        }
        finally
        {
            await presence.SetChosenAsync(mayaCaller, PresenceStatus.Online); // other tests expect her as seeded
        }
    }
}
