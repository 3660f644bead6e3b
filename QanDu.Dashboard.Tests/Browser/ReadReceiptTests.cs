using Microsoft.Playwright;
using QanDu.Dashboard.Data.Entities;
using QanDu.Dashboard.Features.Messages;
using QanDu.Dashboard.Features.Threads;
using Xunit.Abstractions;
using static Microsoft.Playwright.Assertions;

namespace QanDu.Dashboard.Tests.Browser;

/// <summary>Receipts between two agents' browsers: "Seen by" as the other reads, and mark as unread across one agent's tabs.</summary>
[Collection(BrowserCollection.Name)]
public sealed class ReadReceiptTests(BrowserAppFixture app, ITestOutputHelper output) : IClassFixture<BrowserAppFixture>
{
    [BrowserFact]
    public async Task SeenBy_TomOpensTheThread_MayaSeesSeenByTomAndReadIconWithinTwoSeconds()
    {
        var (shared, elsewhere) = await CreateThreadsAsync();
        await using var maya = await app.SignInAsync(DemoUsers.Maya, $"/threads/{shared.Id}");
        await using var tom = await app.SignInAsync(DemoUsers.Tom, $"/threads/{elsewhere.Id}");
        await Task.WhenAll(maya.WaitForThreadAsync(shared.Id), tom.WaitForThreadAsync(elsewhere.Id));
        var text = $"Customer 1042 is waiting on the refund {Unique()}";
        await maya.SendAsync(text);
        // Tom's inbox received it (delivered), but he has not opened it: nobody has seen it yet.
        await Expect(maya.Message(text)).ToHaveAttributeAsync("data-status", "delivered");
        await Expect(maya.Page.GetByTestId("seen-by")).ToHaveCountAsync(0);

        var seen = await maya.WatchForTextAsync("[data-testid=seen-by-text]", "Seen by Tom Okafor");
        var clickedAt = await tom.NowAsync();
        await tom.ThreadItem(shared.Id).ClickAsync();
        var latency = await seen() - clickedAt;

        output.WriteLine($"Tom clicked the thread → \"Seen by Tom Okafor\" in Maya's browser: {latency} ms");
        latency.Should().BeLessThan(2000);
        await Expect(maya.Message(text)).ToHaveAttributeAsync("data-status", "read", new() { Timeout = 2000 });
        await Expect(maya.Page.GetByTestId("seen-by")).ToHaveAttributeAsync("title", new System.Text.RegularExpressions.Regex("^Tom Okafor, "));
        // Tom sees who else read it (Maya sent it, so nobody else): no "Seen by" in his view.
        await tom.WaitForThreadAsync(shared.Id);
        await Expect(tom.Message(text)).ToBeVisibleAsync();
        await Expect(tom.Page.GetByTestId("seen-by")).ToHaveCountAsync(0);
        await maya.Page.ScreenshotAsync(new PageScreenshotOptions { Path = "/tmp/qandu-seen-by.png" });
        maya.ShouldHaveLoadedCleanly();
        tom.ShouldHaveLoadedCleanly();
    }

    [BrowserFact]
    public async Task MarkUnread_FromMessageMenu_BadgeBackInBothOfTomsTabsAndMarkAsReadClearsIt()
    {
        var (shared, elsewhere) = await CreateThreadsAsync();
        var mayaCaller = await app.CallerAsync(DemoUsers.Maya);
        var first = $"First thing to check {Unique()}";
        var second = $"Second thing to check {Unique()}";
        await app.Messages.PostAsync(mayaCaller, new PostMessageRequest(shared.Id, first));
        await app.Messages.PostAsync(mayaCaller, new PostMessageRequest(shared.Id, second));
        await using var reading = await app.SignInAsync(DemoUsers.Tom, $"/threads/{shared.Id}");
        await using var other = await app.SignInAsync(DemoUsers.Tom, $"/threads/{elsewhere.Id}");
        await Task.WhenAll(reading.WaitForThreadAsync(shared.Id), other.WaitForThreadAsync(elsewhere.Id));
        await Expect(reading.Page.GetByTestId("new-messages")).ToBeVisibleAsync();
        // Opening read it: no badge in either tab.
        await Expect(other.ThreadItem(shared.Id).GetByTestId("unread-count")).ToHaveCountAsync(0);
        await Expect(reading.ThreadItem(shared.Id).GetByTestId("unread-count")).ToHaveCountAsync(0);

        var message = reading.Message(first);
        await message.HoverAsync();
        await message.GetByTestId("mark-unread").ClickAsync();

        await Expect(reading.ThreadItem(shared.Id).GetByTestId("unread-count")).ToHaveTextAsync("2");
        await Expect(other.ThreadItem(shared.Id).GetByTestId("unread-count")).ToHaveTextAsync("2");
        await Expect(other.ThreadItem(shared.Id)).ToHaveClassAsync(new System.Text.RegularExpressions.Regex("qd-thread-item--unread"));
        // The open thread leaves it unread while it stays open.
        (await app.ReadState.ReadStateAsync(await app.CallerAsync(DemoUsers.Tom), shared.Id)).UnreadCount.Should().Be(2);

        // "Mark as read" from the other tab's list clears both.
        await other.ThreadItem(shared.Id).HoverAsync();
        await other.ThreadItem(shared.Id).Locator("xpath=..").GetByTestId("thread-item-menu").Locator("button").ClickAsync();
        var markRead = other.Page.GetByTestId("thread-item-mark-read");
        await Expect(markRead).ToBeVisibleAsync();
        await markRead.ClickAsync();
        await Expect(other.ThreadItem(shared.Id).GetByTestId("unread-count")).ToHaveCountAsync(0);
        await Expect(reading.ThreadItem(shared.Id).GetByTestId("unread-count")).ToHaveCountAsync(0);
        reading.ShouldHaveLoadedCleanly();
        other.ShouldHaveLoadedCleanly();
    }

    [BrowserFact]
    public async Task NewMessagesDivider_OpenedWithManyUnread_ScrolledToTheDividerNotTheBottom()
    {
        var (shared, _) = await CreateThreadsAsync();
        var mayaCaller = await app.CallerAsync(DemoUsers.Maya);
        var tomCaller = await app.CallerAsync(DemoUsers.Tom);
        var tag = Unique();
        long lastRead = 0;
        for (var i = 1; i <= 40; i++)
        {
            var posted = await app.Messages.PostAsync(mayaCaller, new PostMessageRequest(shared.Id, $"Step {i} of the migration checklist {tag}"));
            if (i == 5)
                lastRead = posted.Message.Id;
        }
        await app.ReadState.MarkAsync(tomCaller, shared.Id, lastRead, MessageStatus.Read);

        await using var tom = await app.SignInAsync(DemoUsers.Tom, $"/threads/{shared.Id}");
        await tom.WaitForThreadAsync(shared.Id);

        var divider = tom.Page.GetByTestId("new-messages");
        await Expect(divider).ToBeInViewportAsync();
        await Expect(tom.Page.Locator("[data-testid=message]:has-text('Step 6 of the migration')")).ToBeInViewportAsync();
        await Expect(tom.Page.Locator("[data-testid=message]:has-text('Step 40 of the migration')")).Not.ToBeInViewportAsync();
        // It is read now (the badge goes), and the line stays where Tom left off.
        await Expect(tom.ThreadItem(shared.Id).GetByTestId("unread-count")).ToHaveCountAsync(0);
        await Expect(divider).ToHaveCountAsync(1);
        await tom.Page.ScreenshotAsync(new PageScreenshotOptions { Path = "/tmp/qandu-new-messages.png" });
        tom.ShouldHaveLoadedCleanly();
    }

    private async Task<(ThreadSummary Shared, ThreadSummary Elsewhere)> CreateThreadsAsync()
    {
        var maya = await app.CallerAsync(DemoUsers.Maya);
        var tom = await app.CallerAsync(DemoUsers.Tom);
        var supervisor = await app.CallerAsync(DemoUsers.Supervisor);
        var shared = await app.Threads.CreateThreadAsync(maya, new CreateThreadRequest(ThreadType.Group, $"Receipts {Unique()}", [tom.UserId]));
        var elsewhere = await app.Threads.CreateThreadAsync(tom, new CreateThreadRequest(ThreadType.Group, $"Tom's queue {Unique()}", [supervisor.UserId]));
        return (shared, elsewhere);
    }

    private static string Unique() => Guid.NewGuid().ToString("N")[..8];
}
