using Microsoft.Playwright;
using QanDu.Dashboard.Data.Entities;
using QanDu.Dashboard.Features.Messages;
using QanDu.Dashboard.Features.Threads;
using Xunit.Abstractions;
using static Microsoft.Playwright.Assertions;

namespace QanDu.Dashboard.Tests.Browser;

/// <summary>Two agents, two browsers: a reaction one adds shows in the other's open thread at once.</summary>
[Collection(BrowserCollection.Name)]
public sealed class ReactionTests(BrowserAppFixture app, ITestOutputHelper output) : IClassFixture<BrowserAppFixture>
{
    [BrowserFact]
    public async Task Reaction_MayaPicksEmoji_TomSeesCountWithinOneSecond()
    {
        var mayaCaller = await app.CallerAsync(DemoUsers.Maya);
        var tomCaller = await app.CallerAsync(DemoUsers.Tom);
        var thread = await app.Threads.CreateThreadAsync(mayaCaller,
            new CreateThreadRequest(ThreadType.Group, $"Reactions {Guid.NewGuid():N}", [tomCaller.UserId]));
        const string text = "The refund went through :tada:";
        await app.Messages.PostAsync(tomCaller, new PostMessageRequest(thread.Id, text));
        await using var maya = await app.SignInAsync(DemoUsers.Maya, $"/threads/{thread.Id}");
        await using var tom = await app.SignInAsync(DemoUsers.Tom, $"/threads/{thread.Id}");
        await Task.WhenAll(maya.WaitForThreadAsync(thread.Id), tom.WaitForThreadAsync(thread.Id));
        var mayaMessage = maya.Message("The refund went through 🎉");
        var tomMessage = tom.Message("The refund went through 🎉");
        await Expect(tomMessage).ToBeVisibleAsync();
        await Expect(tomMessage.GetByTestId("reaction")).ToHaveCountAsync(0);

        await mayaMessage.HoverAsync();
        await mayaMessage.GetByTestId("add-reaction").ClickAsync();
        await maya.Page.GetByTestId("emoji-search").FillAsync("thumbs up");
        var option = maya.Page.Locator("[data-testid=emoji-option][data-emoji='👍']");
        await Expect(option).ToBeVisibleAsync();
        var seen = await tom.WatchForTextAsync("[data-testid=reaction][data-emoji='👍'] [data-testid=reaction-count]", "1");
        var clickedAt = await maya.NowAsync();
        await option.ClickAsync();
        var latency = await seen() - clickedAt;

        output.WriteLine($"Maya picked 👍 → count in Tom's thread: {latency} ms");
        latency.Should().BeLessThan(1000);
        await Expect(mayaMessage.Locator("[data-testid=reaction][data-emoji='👍']")).ToHaveClassAsync(new System.Text.RegularExpressions.Regex("qd-reaction--mine"));
        var tomChip = tomMessage.Locator("[data-testid=reaction][data-emoji='👍']");
        await Expect(tomChip).ToHaveAttributeAsync("title", "Maya Chen reacted with :+1:");
        await Expect(tomChip).Not.ToHaveClassAsync(new System.Text.RegularExpressions.Regex("qd-reaction--mine"));

        // Tom adds his own by clicking the chip; Maya sees two.
        await tomChip.ClickAsync();
        await Expect(mayaMessage.Locator("[data-testid=reaction][data-emoji='👍'] [data-testid=reaction-count]"))
            .ToHaveTextAsync("2", new() { Timeout = 1000 });
        await maya.Page.ScreenshotAsync(new PageScreenshotOptions { Path = "/tmp/qandu-reactions.png" });
        maya.ShouldHaveLoadedCleanly();
        tom.ShouldHaveLoadedCleanly();
    }

    [BrowserFact]
    public async Task AddReaction_MessageWithAContinuationBelow_ButtonTakesTheClick()
    {
        var mayaCaller = await app.CallerAsync(DemoUsers.Maya);
        var tomCaller = await app.CallerAsync(DemoUsers.Tom);
        var thread = await app.Threads.CreateThreadAsync(mayaCaller,
            new CreateThreadRequest(ThreadType.Group, $"Reactions below {Guid.NewGuid():N}", [tomCaller.UserId]));
        await app.Messages.PostAsync(tomCaller, new PostMessageRequest(thread.Id, "First line of a quick burst"));
        await app.Messages.PostAsync(tomCaller, new PostMessageRequest(thread.Id, "Second line right under it"));
        await using var maya = await app.SignInAsync(DemoUsers.Maya, $"/threads/{thread.Id}");
        await maya.WaitForThreadAsync(thread.Id);
        var upper = maya.Message("First line of a quick burst");

        // The empty reaction bar's button shows on hover below the message, over the next one: it must still take the click.
        await upper.HoverAsync();
        await upper.GetByTestId("add-reaction").ClickAsync(new() { Timeout = 5000 });

        await Expect(maya.Page.GetByTestId("emoji-picker")).ToBeVisibleAsync();
        maya.ShouldHaveLoadedCleanly();
    }
}
