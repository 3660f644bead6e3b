using Microsoft.Playwright;
using QanDu.Dashboard.Tests.Infrastructure;
using static Microsoft.Playwright.Assertions;

namespace QanDu.Dashboard.Tests.Browser;

/// <summary>
/// What an agent sees of customer conversations in a real browser: a new one arrives in Unassigned with the alert state
/// (title count, sound, notification), resolve with Undo, bulk resolve, and a private note's look.
/// </summary>
[Collection(BrowserCollection.Name)]
public sealed class ConversationLifecycleBrowserTests(BrowserAppFixture app) : IClassFixture<BrowserAppFixture>
{
    private static readonly LocatorAssertionsToBeVisibleOptions Soon = new() { Timeout = 15_000 };

    [BrowserFact]
    public async Task CustomerWrites_AppearsInUnassignedWithinASecondWithTitleCountSoundAndNotificationState()
    {
        await using var maya = await app.SignInAsync(DemoUsers.Maya, "/profile");
        await maya.Context.GrantPermissionsAsync(["notifications"]);
        await Expect(maya.Page.GetByTestId("desktop-notifications")).ToBeVisibleAsync(Soon);
        await maya.Page.GetByTestId("desktop-notifications").Locator("input").ClickAsync();
        await Expect(maya.Page.GetByTestId("desktop-notifications").Locator("input")).ToBeCheckedAsync();
        (await maya.Page.EvaluateAsync<string>("() => localStorage.getItem('qandu.notify.desktop')")).Should().Be("on");
        await maya.GotoAsync("/?view=unassigned");
        await Expect(maya.Page.GetByTestId("view-unassigned")).ToHaveAttributeAsync("aria-selected", "true", new() { Timeout = 15_000 });
        await maya.Page.Locator(".qd-list-header h6").ClickAsync(); // a gesture, so the browser lets a sound play
        // The tab is in the background: a desktop notification is due.
        await maya.Page.EvaluateAsync("() => Object.defineProperty(document, 'hidden', { configurable: true, get: () => true })");
        var name = $"Ada Lovelace {Guid.NewGuid():N}"[..20];
        var appeared = await maya.WatchForTextAsync("[data-testid=thread-item]", name);
        var before = await maya.NowAsync();

        var chat = await CustomerConversations.StartAsync(app.Services, name, "Hi, my parcel never arrived", announce: true);

        var at = await appeared();
        (at - before).Should().BeLessThan(1000, "a customer's new conversation reaches the Unassigned view within a second");
        await Expect(maya.ThreadItem(chat.ThreadId)).ToContainTextAsync("Hi, my parcel never arrived");
        var body = maya.Page.Locator("body");
        await Expect(body).ToHaveAttributeAsync("data-last-alert", $"conversation-started:{chat.ThreadId}", new() { Timeout = 15_000 });
        await Expect(body).ToHaveAttributeAsync("data-notify-count", "1");
        await Expect(body).ToHaveAttributeAsync("data-last-alert-sound", "played");
        await Expect(body).ToHaveAttributeAsync("data-last-alert-desktop", "shown");
        (await maya.Page.TitleAsync()).Should().StartWith("(1) ");
        maya.ShouldHaveLoadedCleanly();
    }

    [BrowserFact]
    public async Task Resolve_FromTheHeader_SnackbarUndoReopens()
    {
        var chat = await CustomerConversations.StartAsync(app.Services, "Grace Hopper", "Can I change my delivery address?");
        await using var maya = await app.SignInAsync(DemoUsers.Maya, $"/threads/{chat.ThreadId}");
        await maya.WaitForThreadAsync(chat.ThreadId);

        await maya.Page.GetByTestId("archive").ClickAsync();

        await Expect(maya.Page.GetByTestId("thread-status")).ToContainTextAsync("Resolved", new() { Timeout = 15_000 });
        var snackbar = maya.Page.Locator(".mud-snackbar").Filter(new() { HasText = "Resolved" });
        await Expect(snackbar).ToBeVisibleAsync(Soon);
        await Expect(maya.Page.GetByTestId("activity-line").Filter(new() { HasText = "Resolved by Maya" })).ToBeVisibleAsync(Soon);
        await snackbar.GetByRole(AriaRole.Button, new() { Name = "Undo" }).ClickAsync();

        await Expect(maya.Page.GetByTestId("thread-status")).ToHaveCountAsync(0, new() { Timeout = 15_000 });
        await Expect(maya.Page.GetByTestId("archive")).ToContainTextAsync("Resolve");
        await Expect(maya.Page.GetByTestId("activity-line").Filter(new() { HasText = "Reopened by Maya" })).ToBeVisibleAsync(Soon);
        maya.ShouldHaveLoadedCleanly();
    }

    [BrowserFact]
    public async Task BulkResolve_TwoSelected_BothLeaveTheOpenViewWithASummary()
    {
        var first = await CustomerConversations.StartAsync(app.Services, "Bulk Customer One", "First question");
        var second = await CustomerConversations.StartAsync(app.Services, "Bulk Customer Two", "Second question");
        await using var maya = await app.SignInAsync(DemoUsers.Maya, "/?view=unassigned");
        await Expect(maya.ThreadItem(first.ThreadId)).ToBeVisibleAsync(Soon);
        await Expect(maya.ThreadItem(second.ThreadId)).ToBeVisibleAsync(Soon);
        // A box ticked before the circuit is interactive is a plain checkbox the list never hears of.
        await Expect(maya.Page.Locator("body[data-alerts=attached]")).ToHaveCountAsync(1, new() { Timeout = 15_000 });

        await maya.Page.Locator($"[data-testid=thread-select][data-select-id='{first.ThreadId}'] input").CheckAsync();
        await maya.Page.Locator($"[data-testid=thread-select][data-select-id='{second.ThreadId}'] input").CheckAsync();
        await Expect(maya.Page.GetByTestId("selected-count")).ToHaveTextAsync("2 selected");
        await maya.Page.GetByTestId("bulk-resolve").ClickAsync();

        await Expect(maya.Page.Locator(".mud-snackbar").Filter(new() { HasText = "2 resolved" })).ToBeVisibleAsync(Soon);
        await Expect(maya.ThreadItem(first.ThreadId)).ToHaveCountAsync(0, new() { Timeout = 15_000 });
        await Expect(maya.ThreadItem(second.ThreadId)).ToHaveCountAsync(0, new() { Timeout = 15_000 });
        await maya.Page.GetByTestId("status-resolved").ClickAsync();
        await Expect(maya.ThreadItem(first.ThreadId)).ToBeVisibleAsync(Soon);
        maya.ShouldHaveLoadedCleanly();
    }

    [BrowserFact]
    public async Task PrivateNote_WrittenInNoteMode_LooksDifferentAndSaysSo()
    {
        var chat = await CustomerConversations.StartAsync(app.Services, "Margaret Hamilton", "My invoice shows the wrong VAT number.");
        await using var maya = await app.SignInAsync(DemoUsers.Maya, $"/threads/{chat.ThreadId}", new ViewportSize { Width = 1440, Height = 900 });
        await maya.WaitForThreadAsync(chat.ThreadId);
        await maya.Page.GetByTestId("composer-mode-reply").ClickAsync();
        await maya.Composer.ClickAsync();

        await maya.Composer.PressAsync("Control+Shift+P");
        await Expect(maya.Page.GetByTestId("composer-area")).ToHaveAttributeAsync("data-mode", "note", new() { Timeout = 15_000 });
        await Expect(maya.Page.GetByTestId("composer-note-label")).ToBeVisibleAsync();
        await maya.Composer.FillAsync("Checked in billing: the VAT number on file is old. Finance fixes it today — tell her once done.");
        await maya.Composer.PressAsync("Enter");

        var note = maya.Page.Locator("[data-testid=message][data-private=true]");
        await Expect(note).ToContainTextAsync("VAT number on file is old", new() { Timeout = 15_000 });
        await Expect(note.GetByTestId("note-label")).ToHaveTextAsync("Private note");
        var background = await note.Locator(".qd-message-main").EvaluateAsync<string>("e => getComputedStyle(e).backgroundColor");
        background.Should().Be("rgb(255, 248, 225)", "a note is amber, unlike a reply");
        await Expect(maya.Page.GetByTestId("composer-area")).ToHaveAttributeAsync("data-mode", "note");
        await maya.Composer.FillAsync("Draft: ask Sam whether we refund the difference");
        await Screens.SaveAsync(maya.Page, "private-note");
        maya.ShouldHaveLoadedCleanly();
    }
}
