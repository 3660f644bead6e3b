using Microsoft.Playwright;
using QanDu.Dashboard.Data.Entities;
using QanDu.Dashboard.Features.Messages;
using QanDu.Dashboard.Features.Threads;
using static Microsoft.Playwright.Assertions;

namespace QanDu.Dashboard.Tests.Browser;

/// <summary>
/// Nothing covers what a person needs: at 1440×900 and on a phone, the boxes of what must stay visible and usable do not
/// overlap. Each test saves a screenshot under the temp folder's qandu-layout (named in the test) to look at.
/// </summary>
[Collection(BrowserCollection.Name)]
public sealed class LayoutTests(BrowserAppFixture app) : IClassFixture<BrowserAppFixture>
{
    private static readonly ViewportSize Desktop = new() { Width = 1440, Height = 900 };
    private static readonly ViewportSize Phone = new() { Width = 390, Height = 844 };

    private static string Screenshot(string name)
    {
        var folder = Directory.CreateDirectory(Path.Combine(Path.GetTempPath(), "qandu-layout")).FullName;
        return Path.Combine(folder, name);
    }

    [BrowserFact]
    public async Task SuggestionBar_OpenedAtTheBottomOfALongThread_DoesNotCoverTheMessageItAnswers()
    {
        var (maya, tom) = (await app.CallerAsync(DemoUsers.Maya), await app.CallerAsync(DemoUsers.Tom));
        var thread = await app.Threads.CreateThreadAsync(maya, new CreateThreadRequest(ThreadType.Group, $"Layout {Guid.NewGuid():N}", [tom.UserId]));
        for (var i = 0; i < 24; i++)
            await app.Messages.PostAsync(i % 2 == 0 ? tom : maya, new PostMessageRequest(thread.Id, $"Earlier line {i} about the export settings"));
        await app.Messages.PostAsync(tom, new PostMessageRequest(thread.Id, "Can you check invoice 1042 for me, please?"));
        await using var session = await app.SignInAsync(DemoUsers.Maya, $"/threads/{thread.Id}", Desktop);
        await session.WaitForThreadAsync(thread.Id);
        await session.Page.EvaluateAsync("() => { const m = document.querySelector('[data-testid=messages]'); m.scrollTop = m.scrollHeight; }");
        var question = session.Message("Can you check invoice 1042");
        await Expect(question).ToBeInViewportAsync();

        await session.Page.GetByTestId("suggest-replies").ClickAsync();

        var bar = session.Page.GetByTestId("suggestions");
        await Expect(bar).ToBeVisibleAsync();
        await Expect(bar).Not.ToHaveAttributeAsync("data-state", "loading");
        await session.Page.ScreenshotAsync(new() { Path = Screenshot("suggestion-bar-1440.png") });
        await NotOverlappingAsync(question, bar, "the question the suggestions answer stays above the bar");
        session.ShouldHaveLoadedCleanly();
    }

    [BrowserFact]
    public async Task ReplyPanel_OpenAt1440_LeavesTheHeaderActionsAndTheSendButtonUncovered()
    {
        var (maya, tom) = (await app.CallerAsync(DemoUsers.Maya), await app.CallerAsync(DemoUsers.Tom));
        var thread = await app.Threads.CreateThreadAsync(maya, new CreateThreadRequest(ThreadType.Group, $"Replies {Guid.NewGuid():N}", [tom.UserId]));
        var original = (await app.Messages.PostAsync(tom, new PostMessageRequest(thread.Id, "Which plan has the audit log?"))).Message;
        await app.Messages.PostAsync(maya, new PostMessageRequest(thread.Id, "Business and Enterprise.", ReplyToId: original.Id));
        await using var session = await app.SignInAsync(DemoUsers.Maya, $"/threads/{thread.Id}", Desktop);
        await session.WaitForThreadAsync(thread.Id);

        await session.Message("Which plan has the audit log?").GetByTestId("replies-link").ClickAsync();

        var panel = session.Page.GetByTestId("reply-panel");
        await Expect(panel).ToBeVisibleAsync();
        await session.Page.ScreenshotAsync(new() { Path = Screenshot("reply-panel-1440.png") });
        foreach (var action in new[] { "priority-menu", "assign-menu", "label-menu", "archive", "thread-more", "send", "composer" })
            await NotOverlappingAsync(session.Page.GetByTestId(action).First, panel, $"{action} stays usable beside the replies");
        await session.Page.GetByTestId("send").ClickAsync(new() { Trial = true }); // nothing lies over it
        session.ShouldHaveLoadedCleanly();
    }

    [BrowserFact]
    public async Task Inbox_OnAPhone_TheMenuButtonsDoNotCoverUnreadCountsOrTimes()
    {
        var (maya, tom) = (await app.CallerAsync(DemoUsers.Maya), await app.CallerAsync(DemoUsers.Tom));
        var threads = new List<long>();
        for (var i = 0; i < 3; i++)
        {
            var thread = await app.Threads.CreateThreadAsync(maya, new CreateThreadRequest(ThreadType.Group, $"Phone case {i} {Guid.NewGuid():N}", [tom.UserId]));
            for (var n = 0; n <= i; n++)
                await app.Messages.PostAsync(tom, new PostMessageRequest(thread.Id, $"Unread for Maya, number {n}"));
            threads.Add(thread.Id);
        }
        await using var session = await app.SignInAsync(DemoUsers.Maya, "/", Phone, phone: true);

        foreach (var id in threads)
            await Expect(session.ThreadItem(id).GetByTestId("unread-count")).ToBeVisibleAsync();
        await session.Page.ScreenshotAsync(new() { Path = Screenshot("inbox-phone.png") });
        foreach (var id in threads)
        {
            var row = session.Page.Locator(".qd-thread-item-wrap", new() { Has = session.ThreadItem(id) });
            var menu = row.GetByTestId("thread-item-menu");
            await Expect(menu).ToBeVisibleAsync();
            await NotOverlappingAsync(menu, row.GetByTestId("unread-count"), $"thread {id}'s unread count stays readable beside its menu");
            await NotOverlappingAsync(menu, row.Locator("time"), $"thread {id}'s time stays readable beside its menu");
        }
        session.ShouldHaveLoadedCleanly();
    }

    [BrowserFact]
    public async Task ThreadRow_FocusedFromTheKeyboard_ShowsAFocusRing()
    {
        await using var session = await app.SignInAsync(DemoUsers.Maya, "/", Desktop);
        await Expect(session.Page.GetByTestId("thread-item").Nth(1)).ToBeVisibleAsync();
        // Pinned by its thread, not its place: the shared app's other tests and live updates can reorder the inbox.
        var threadId = await session.Page.GetByTestId("thread-item").Nth(1).GetAttributeAsync("data-thread-id");
        var row = session.ThreadItem(long.Parse(threadId!, System.Globalization.CultureInfo.InvariantCulture));

        // Tab from the first row to this one, as a keyboard user does (each row's ⋮ button and checkbox come between).
        // The shared app's other tests post while this runs: a live update that re-renders the rows drops the focus to
        // the page, and then the walk starts again from the first row.
        for (var walk = 0; walk < 4 && !await FocusedAfterAWhileAsync(row); walk++)
        {
            await session.Page.GetByTestId("thread-item").Nth(0).FocusAsync();
            for (var presses = 0; presses < 8 && !await row.EvaluateAsync<bool>("e => document.activeElement === e"); presses++)
                await session.Page.Keyboard.PressAsync("Tab");
        }
        await Expect(row).ToBeFocusedAsync();

        var ring = await row.EvaluateAsync<string[]>(
            "e => { const s = getComputedStyle(e); return [String(e.matches(':focus-visible')), s.outlineStyle, s.outlineWidth, s.outlineColor]; }");
        await session.Page.ScreenshotAsync(new() { Path = Screenshot("thread-row-focus.png"), Clip = new() { X = 200, Y = 90, Width = 420, Height = 320 } });
        ring[0].Should().Be("true");
        ring[1].Should().Be("solid", "a focused row shows a ring, not nothing");
        double.Parse(ring[2].Replace("px", ""), System.Globalization.CultureInfo.InvariantCulture).Should().BeGreaterThanOrEqualTo(2);
        ring[3].Should().Be("rgb(59, 91, 219)", "the ring is in the app's primary colour");
        session.ShouldHaveLoadedCleanly();
    }

    /// <summary>Whether <paramref name="row"/> has the focus and still has it a moment later (no re-render took it away).</summary>
    private static async Task<bool> FocusedAfterAWhileAsync(ILocator row)
    {
        if (!await row.EvaluateAsync<bool>("e => document.activeElement === e"))
            return false;
        await Task.Delay(400);
        return await row.EvaluateAsync<bool>("e => document.activeElement === e");
    }

    /// <summary>Waits a moment for layout to settle (scrolling follows a resize), then asserts the two boxes do not overlap.</summary>
    private static async Task NotOverlappingAsync(ILocator first, ILocator second, string because)
    {
        for (var attempt = 0; ; attempt++)
        {
            var (a, b) = (await BoxAsync(first), await BoxAsync(second));
            if (!Overlap(a, b) || attempt == 20)
            {
                Overlap(a, b).Should().BeFalse($"{because} (boxes {Describe(a)} and {Describe(b)})");
                return;
            }
            await Task.Delay(100);
        }
    }

    private static async Task<LocatorBoundingBoxResult> BoxAsync(ILocator locator) =>
        await locator.BoundingBoxAsync() ?? throw new InvalidOperationException($"{locator} is not on screen.");

    // Touching edges are not an overlap; half a pixel absorbs rounding.
    private static bool Overlap(LocatorBoundingBoxResult a, LocatorBoundingBoxResult b) =>
        a.X + 0.5 < b.X + b.Width && b.X + 0.5 < a.X + a.Width && a.Y + 0.5 < b.Y + b.Height && b.Y + 0.5 < a.Y + a.Height;

    private static string Describe(LocatorBoundingBoxResult box) => $"x {box.X:0}–{box.X + box.Width:0}, y {box.Y:0}–{box.Y + box.Height:0}";
}
