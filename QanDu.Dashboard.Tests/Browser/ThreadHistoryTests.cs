using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Microsoft.Playwright;
using QanDu.Dashboard.Data.Entities;
using QanDu.Dashboard.Features.Messages;
using QanDu.Dashboard.Features.Threads;
using static Microsoft.Playwright.Assertions;

namespace QanDu.Dashboard.Tests.Browser;

/// <summary>A long thread opens on its newest page; older pages load as the reader goes up.</summary>
[Collection(BrowserCollection.Name)]
public sealed class ThreadHistoryTests(BrowserAppFixture app) : IClassFixture<BrowserAppFixture>
{
    private const int MessageCount = 120;

    private int PageSize => app.Services.GetRequiredService<IOptions<MessageOptions>>().Value.HistoryPageSize;

    [BrowserFact]
    public async Task ThreadView_LongThread_OpensOnNewestPage()
    {
        var thread = await CreateLongThreadAsync();

        await using var maya = await app.SignInAsync(DemoUsers.Maya, $"/threads/{thread.Id}");
        await maya.WaitForThreadAsync(thread.Id);

        PageSize.Should().BeLessThan(MessageCount, "otherwise this test proves nothing about paging");
        await Expect(maya.Messages).ToHaveCountAsync(PageSize);
        await Expect(maya.Message(Text(MessageCount))).ToBeInViewportAsync();
        await Expect(maya.Message(Text(1))).ToHaveCountAsync(0);
        await Expect(maya.Page.GetByRole(AriaRole.Button, new() { Name = "Load older messages" })).ToHaveCountAsync(1);
        // The list scrolls inside the pane; the pane reaches the bottom of the window, composer last.
        var composer = await maya.Page.Locator(".qd-composer").BoundingBoxAsync();
        (composer!.Y + composer.Height).Should().BeApproximately(maya.Page.ViewportSize!.Height, 1);
        maya.ShouldHaveLoadedCleanly();
    }

    [BrowserFact]
    public async Task ThreadView_ScrollToTopThenLoadOlder_ReachesFirstMessage()
    {
        var thread = await CreateLongThreadAsync();
        await using var maya = await app.SignInAsync(DemoUsers.Maya, $"/threads/{thread.Id}");
        await maya.WaitForThreadAsync(thread.Id);
        await Expect(maya.Messages).ToHaveCountAsync(PageSize);
        // The thread opens scrolled to the bottom; until then a scroll to the top would be no scroll at all.
        await Expect(maya.Message(Text(MessageCount))).ToBeInViewportAsync();
        var oldestShown = maya.Message(Text(MessageCount - PageSize + 1));

        await maya.Page.GetByTestId("messages").EvaluateAsync("list => list.scrollTop = 0");

        await Expect(maya.Messages).ToHaveCountAsync(2 * PageSize);
        await Expect(oldestShown).ToBeInViewportAsync(); // the reader stays where they were

        // Dispatched rather than clicked: a real click scrolls the button into view first, which loads by itself.
        var loadOlder = maya.Page.GetByRole(AriaRole.Button, new() { Name = "Load older messages" });
        while (await maya.Messages.CountAsync() < MessageCount)
        {
            var before = await maya.Messages.CountAsync();
            await loadOlder.DispatchEventAsync("click");
            await Expect(maya.Messages).Not.ToHaveCountAsync(before);
        }

        await Expect(maya.Messages).ToHaveCountAsync(MessageCount);
        await Expect(maya.Message(Text(1))).ToHaveCountAsync(1);
        await Expect(maya.Messages.First).ToContainTextAsync(Text(1));
        await Expect(maya.Page.GetByText("This is the beginning of the conversation.")).ToBeVisibleAsync();
        await Expect(loadOlder).ToHaveCountAsync(0);
        maya.ShouldHaveLoadedCleanly();
    }

    private async Task<ThreadSummary> CreateLongThreadAsync()
    {
        var maya = await app.CallerAsync(DemoUsers.Maya);
        var tom = await app.CallerAsync(DemoUsers.Tom);
        var thread = await app.Threads.CreateThreadAsync(maya, new CreateThreadRequest(ThreadType.Group, $"Long history {Guid.NewGuid():N}", [tom.UserId]));
        for (var i = 1; i <= MessageCount; i++)
            await app.Messages.PostAsync(i % 3 == 0 ? maya : tom, new PostMessageRequest(thread.Id, Text(i)));
        return thread;
    }

    private static string Text(int number) => $"History message {number:D3}";
}
