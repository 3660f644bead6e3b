using System.Text.RegularExpressions;
using Microsoft.Playwright;
using QanDu.Dashboard.Data.Entities;
using QanDu.Dashboard.Features.Threads;
using static Microsoft.Playwright.Assertions;

namespace QanDu.Dashboard.Tests.Browser;

/// <summary>Keyboard flow: moving through the inbox with Alt+Up/Down, and the shortcuts help.</summary>
[Collection(BrowserCollection.Name)]
public sealed class KeyboardTests(BrowserAppFixture app) : IClassFixture<BrowserAppFixture>
{
    [BrowserFact]
    public async Task AltArrows_InThread_MoveToNextAndPreviousThreadInTheList()
    {
        var maya = await app.CallerAsync(DemoUsers.Maya);
        var tom = await app.CallerAsync(DemoUsers.Tom);
        var thread = await app.Threads.CreateThreadAsync(maya, new CreateThreadRequest(ThreadType.Group, $"Keys {Guid.NewGuid():N}", [tom.UserId]));
        await using var session = await app.SignInAsync(DemoUsers.Maya, $"/threads/{thread.Id}");
        await session.WaitForThreadAsync(thread.Id);
        var items = session.Page.GetByTestId("thread-item");
        await Expect(items.Nth(2)).ToBeVisibleAsync();
        var ids = await items.EvaluateAllAsync<string[]>("items => items.map(i => i.dataset.threadId)");
        var start = Array.IndexOf(ids, $"{thread.Id}");
        start.Should().BeGreaterThanOrEqualTo(0);
        var next = long.Parse(ids[start + 1]);

        await session.Composer.PressAsync("Alt+ArrowDown");

        await Expect(session.Page).ToHaveURLAsync(new Regex($"/threads/{next}$"));
        await session.WaitForThreadAsync(next);
        await Expect(session.ThreadItem(next)).ToHaveAttributeAsync("aria-current", "page");

        await session.Composer.PressAsync("Alt+ArrowUp");

        await Expect(session.Page).ToHaveURLAsync(new Regex($"/threads/{thread.Id}$"));
        await session.WaitForThreadAsync(thread.Id);
        session.ShouldHaveLoadedCleanly();
    }

    [BrowserFact]
    public async Task Help_QuestionMarkOutsideComposerCtrlSlashAnywhereAndButton_OpenShortcutsList()
    {
        var maya = await app.CallerAsync(DemoUsers.Maya);
        var tom = await app.CallerAsync(DemoUsers.Tom);
        var thread = await app.Threads.CreateThreadAsync(maya, new CreateThreadRequest(ThreadType.Group, $"Help {Guid.NewGuid():N}", [tom.UserId]));
        await using var session = await app.SignInAsync(DemoUsers.Maya, $"/threads/{thread.Id}");
        await session.WaitForThreadAsync(thread.Id);
        var help = session.Page.GetByTestId("shortcuts-help");

        // In the composer, ? is just a character.
        await session.Composer.PressAsync("?");
        await Expect(session.Composer).ToHaveValueAsync("?");
        await Expect(help).ToHaveCountAsync(0);

        await session.Composer.PressAsync("Control+/");
        await Expect(help).ToBeVisibleAsync();
        await Expect(help).ToContainTextAsync("Edit your last message");
        await Expect(help).ToContainTextAsync("Next conversation in the inbox");
        await session.Page.ScreenshotAsync(new PageScreenshotOptions { Path = "/tmp/qandu-shortcuts.png" });
        await session.Page.Keyboard.PressAsync("Escape");
        await Expect(help).ToHaveCountAsync(0);

        await session.Page.GetByTestId("thread-title").ClickAsync();
        await session.Page.Keyboard.PressAsync("?");
        await Expect(help).ToBeVisibleAsync();
        await session.Page.GetByTestId("shortcuts-close").ClickAsync();
        await Expect(help).ToHaveCountAsync(0);

        await session.Page.GetByTestId("shortcuts-button").ClickAsync();
        await Expect(help).ToBeVisibleAsync();
        session.ShouldHaveLoadedCleanly();
    }
}
