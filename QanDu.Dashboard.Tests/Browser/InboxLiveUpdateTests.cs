using Microsoft.Playwright;
using QanDu.Dashboard.Data.Entities;
using QanDu.Dashboard.Features.Threads;
using Xunit.Abstractions;
using static Microsoft.Playwright.Assertions;

namespace QanDu.Dashboard.Tests.Browser;

/// <summary>Two agents, two browsers, one thread: what one sends, the other sees at once.</summary>
[Collection(BrowserCollection.Name)]
public sealed class InboxLiveUpdateTests(BrowserAppFixture app, ITestOutputHelper output) : IClassFixture<BrowserAppFixture>
{
    private static readonly TimeSpan OneSecond = TimeSpan.FromSeconds(1);

    [BrowserFact]
    public async Task ThreadList_MessageInThreadNotOpen_ShowsPreviewUnreadAndMovesToTopWithinOneSecond()
    {
        var (shared, elsewhere) = await CreateThreadsAsync();
        await using var maya = await app.SignInAsync(DemoUsers.Maya, $"/threads/{shared.Id}");
        await using var tom = await app.SignInAsync(DemoUsers.Tom, $"/threads/{elsewhere.Id}");
        await Task.WhenAll(maya.WaitForThreadAsync(shared.Id), tom.WaitForThreadAsync(elsewhere.Id));
        await Expect(tom.ThreadItem(shared.Id)).ToBeVisibleAsync();
        await Expect(tom.ThreadItem(shared.Id).GetByTestId("unread-count")).ToHaveCountAsync(0);

        var text = $"Can you take the refund case? {Unique()}";
        var latency = await SendAndMeasureAsync(maya, text, tom,
            $"[data-testid=thread-item][data-thread-id='{shared.Id}'] [data-testid=thread-preview]");

        output.WriteLine($"Maya pressed Enter → preview in Tom's thread list: {latency} ms");
        latency.Should().BeLessThan(1000);
        await Expect(tom.ThreadItem(shared.Id).GetByTestId("thread-preview")).ToContainTextAsync(text, new() { Timeout = 1000 });
        await Expect(tom.ThreadItem(shared.Id).GetByTestId("unread-count")).ToHaveTextAsync("1", new() { Timeout = 1000 });
        await Expect(tom.Page.GetByTestId("thread-item").First).ToHaveAttributeAsync("data-thread-id", $"{shared.Id}", new() { Timeout = 1000 });
        // Tom's inbox got it, so Maya sees it delivered (not yet read: Tom has another thread open).
        await Expect(maya.Message(text)).ToHaveAttributeAsync("data-status", "delivered");
        maya.ShouldHaveLoadedCleanly();
        tom.ShouldHaveLoadedCleanly();
    }

    [BrowserFact]
    public async Task ThreadView_MessageWhileReaderHasThreadOpen_AppearsWithinOneSecondAndTurnsRead()
    {
        var (shared, elsewhere) = await CreateThreadsAsync();
        await using var maya = await app.SignInAsync(DemoUsers.Maya, $"/threads/{shared.Id}");
        await using var tom = await app.SignInAsync(DemoUsers.Tom, $"/threads/{elsewhere.Id}");
        await Task.WhenAll(maya.WaitForThreadAsync(shared.Id), tom.WaitForThreadAsync(elsewhere.Id));
        var first = $"Morning Tom, one for you. {Unique()}";
        await maya.SendAsync(first);
        await Expect(tom.ThreadItem(shared.Id).GetByTestId("unread-count")).ToHaveTextAsync("1");

        // Tom opens the thread from his list: Maya's earlier message turns read and his unread badge goes.
        await tom.ThreadItem(shared.Id).ClickAsync();
        await tom.WaitForThreadAsync(shared.Id);
        await Expect(tom.Page.GetByTestId("thread-title")).ToHaveTextAsync(shared.Title!);
        await Expect(tom.Message(first)).ToBeVisibleAsync();
        await Expect(maya.Message(first)).ToHaveAttributeAsync("data-status", "read");
        await Expect(tom.ThreadItem(shared.Id).GetByTestId("unread-count")).ToHaveCountAsync(0);

        var tag = Unique();
        var latency = await SendAndMeasureAsync(maya, $"**bold** follow-up {tag}", tom,
            "[data-testid=messages] [data-testid=message-content]");

        output.WriteLine($"Maya pressed Enter → message in Tom's open thread: {latency} ms");
        latency.Should().BeLessThan(1000);
        var delivered = tom.Message($"follow-up {tag}");
        await Expect(delivered.Locator("[data-testid=message-content] strong")).ToHaveTextAsync("bold", new() { Timeout = 1000 });
        await Expect(maya.Message($"follow-up {tag}")).ToHaveAttributeAsync("data-status", "read", new() { Timeout = 2000 });
        await maya.Page.ScreenshotAsync(new PageScreenshotOptions { Path = "/tmp/qandu-thread.png" });
        maya.WebSockets.Should().Contain(url => url.Contains("/_blazor"), "the circuit runs over a real WebSocket");
        maya.ShouldHaveLoadedCleanly();
        tom.ShouldHaveLoadedCleanly();
    }

    /// <summary>A thread Maya and Tom share, and another one Tom can have open instead.</summary>
    private async Task<(ThreadSummary Shared, ThreadSummary Elsewhere)> CreateThreadsAsync()
    {
        var maya = await app.CallerAsync(DemoUsers.Maya);
        var tom = await app.CallerAsync(DemoUsers.Tom);
        var supervisor = await app.CallerAsync(DemoUsers.Supervisor);
        var shared = await app.Threads.CreateThreadAsync(maya, new CreateThreadRequest(ThreadType.Group, $"Handover {Unique()}", [tom.UserId]));
        var elsewhere = await app.Threads.CreateThreadAsync(tom, new CreateThreadRequest(ThreadType.Group, $"Tom's queue {Unique()}", [supervisor.UserId]));
        return (shared, elsewhere);
    }

    /// <summary>Milliseconds from the sender pressing Enter to the text showing in the receiver's page.</summary>
    private static async Task<long> SendAndMeasureAsync(UserSession sender, string text, UserSession receiver, string selector)
    {
        var plain = text.Replace("**", "", StringComparison.Ordinal);
        var seen = await receiver.WatchForTextAsync(selector, plain);
        await sender.Composer.PressSequentiallyAsync(text);
        var sentAt = await sender.NowAsync();
        await sender.Composer.PressAsync("Enter");
        return await seen() - sentAt;
    }

    private static string Unique() => Guid.NewGuid().ToString("N")[..8];
}
