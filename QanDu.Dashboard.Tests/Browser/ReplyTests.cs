using System.Text.RegularExpressions;
using Microsoft.Playwright;
using QanDu.Dashboard.Data.Entities;
using QanDu.Dashboard.Features.Messages;
using QanDu.Dashboard.Features.Threads;
using static Microsoft.Playwright.Assertions;

namespace QanDu.Dashboard.Tests.Browser;

/// <summary>Replies in two browsers: a quote of a loaded-out original jumps back to it; replies are counted under it.</summary>
[Collection(BrowserCollection.Name)]
public sealed class ReplyTests(BrowserAppFixture app) : IClassFixture<BrowserAppFixture>
{
    private const int MessageCount = 130;
    private static readonly Regex Highlighted = new("qd-message--highlight");

    [BrowserFact]
    public async Task Quote_OriginalLoadedOut_OlderHistoryLoadsAndOriginalIsShownHighlighted()
    {
        var (thread, ids) = await CreateLongThreadAsync("Reply jump");
        var tomCaller = await app.CallerAsync(DemoUsers.Tom);
        await using var maya = await app.SignInAsync(DemoUsers.Maya, $"/threads/{thread.Id}");
        await maya.WaitForThreadAsync(thread.Id);
        await Expect(maya.Message(Text(MessageCount))).ToBeInViewportAsync();
        await Expect(maya.Message(Text(1))).ToHaveCountAsync(0);

        // Tom answers the very first message; Maya sees the reply arrive with its quote.
        await app.Messages.PostAsync(tomCaller, new PostMessageRequest(thread.Id, "Back to your **first** question", Guid.NewGuid().ToString("N"), ids[0]));
        var reply = maya.Message("Back to your first question");
        var quote = reply.GetByTestId("reply-quote");
        await Expect(quote).ToContainTextAsync(Text(1));
        await Expect(quote).ToContainTextAsync("Maya Chen");
        await maya.Page.ScreenshotAsync(new PageScreenshotOptions { Path = "/tmp/qandu-reply-quote.png" });

        await quote.ClickAsync();

        var original = maya.Page.Locator($"#message-{ids[0]}");
        await Expect(original).ToBeInViewportAsync();
        await Expect(original).ToHaveClassAsync(Highlighted);
        await Expect(original.GetByTestId("replies-link")).ToHaveTextAsync("1 reply");
        await maya.Page.ScreenshotAsync(new PageScreenshotOptions { Path = "/tmp/qandu-reply-jump.png" });
        maya.ShouldHaveLoadedCleanly();
    }

    [BrowserFact]
    public async Task ReplyAction_MayaReplies_TomSeesQuoteAndCountLiveAndOpensTheChain()
    {
        var mayaCaller = await app.CallerAsync(DemoUsers.Maya);
        var tomCaller = await app.CallerAsync(DemoUsers.Tom);
        var thread = await app.Threads.CreateThreadAsync(mayaCaller, new CreateThreadRequest(ThreadType.Group, $"Reply live {Guid.NewGuid():N}", [tomCaller.UserId]));
        var asked = await app.Messages.PostAsync(tomCaller, new PostMessageRequest(thread.Id, "Can I get a **refund** for order 1042?"));
        await app.Messages.PostAsync(tomCaller, new PostMessageRequest(thread.Id, "Also, where is my invoice?"));
        await using var maya = await app.SignInAsync(DemoUsers.Maya, $"/threads/{thread.Id}");
        await using var tom = await app.SignInAsync(DemoUsers.Tom, $"/threads/{thread.Id}");
        await Task.WhenAll(maya.WaitForThreadAsync(thread.Id), tom.WaitForThreadAsync(thread.Id));
        var question = maya.Page.Locator($"#message-{asked.Message.Id}");

        await question.HoverAsync();
        await question.GetByTestId("reply-message").ClickAsync();
        await Expect(maya.Page.GetByTestId("composer-reply")).ToContainTextAsync("Replying to Tom Okafor: Can I get a refund for order 1042?");
        await Expect(maya.Composer).ToBeFocusedAsync();
        await maya.SendAsync("Yes, it is on its way");

        var tomReply = tom.Message("Yes, it is on its way");
        await Expect(tomReply.GetByTestId("reply-quote")).ToContainTextAsync("Can I get a refund for order 1042?");
        await Expect(maya.Page.GetByTestId("composer-reply")).ToHaveCountAsync(0);
        var tomCount = tom.Page.Locator($"#message-{asked.Message.Id}").GetByTestId("replies-link");
        await Expect(tomCount).ToHaveTextAsync("1 reply");

        // Shift+Up replies to the newest message; Esc takes the quote back.
        await maya.Composer.PressAsync("Shift+ArrowUp");
        await Expect(maya.Page.GetByTestId("composer-reply")).ToContainTextAsync("Yes, it is on its way");
        await maya.Composer.PressAsync("Escape");
        await Expect(maya.Page.GetByTestId("composer-reply")).ToHaveCountAsync(0);
        await question.HoverAsync();
        await question.GetByTestId("reply-message").ClickAsync();
        await Expect(maya.Composer).ToBeFocusedAsync();
        await maya.SendAsync("And a credit note follows");
        await Expect(tomCount).ToHaveTextAsync("2 replies");

        await tomCount.ClickAsync();
        var panel = tom.Page.GetByTestId("reply-panel");
        await Expect(panel.GetByTestId("reply-panel-reply")).ToHaveCountAsync(2);
        await Expect(panel.GetByTestId("reply-panel-reply").Nth(0)).ToContainTextAsync("Yes, it is on its way");
        await Expect(panel.GetByTestId("reply-panel-reply").Nth(1)).ToContainTextAsync("And a credit note follows");
        await tom.Page.ScreenshotAsync(new PageScreenshotOptions { Path = "/tmp/qandu-reply-chain.png" });
        await panel.GetByTestId("reply-panel-reply").Nth(0).ClickAsync();
        await Expect(tomReply).ToHaveClassAsync(Highlighted);
        await tom.Page.Keyboard.PressAsync("Escape");
        await Expect(panel).ToHaveCountAsync(0);
        maya.ShouldHaveLoadedCleanly();
        tom.ShouldHaveLoadedCleanly();
    }

    [BrowserFact]
    public async Task SearchResult_OldMessage_OpensThreadScrolledToItHighlighted()
    {
        var word = "kumquat" + string.Concat(Guid.NewGuid().ToString("N").Take(8).Select(c => (char)('a' + Convert.ToInt32(c.ToString(), 16))));
        var (thread, ids) = await CreateLongThreadAsync("Search jump", (3, $"The {word} refund was approved"));
        await using var maya = await app.SignInAsync(DemoUsers.Maya, "/");
        await maya.Page.WaitForFunctionAsync("() => !!window._qanduSearch");

        await maya.Page.Keyboard.PressAsync("Control+K");
        var input = maya.Page.Locator("#search-input");
        await Expect(input).ToBeFocusedAsync();
        await input.PressSequentiallyAsync(word);
        var hit = maya.Page.GetByTestId("search-hit");
        await Expect(hit).ToHaveCountAsync(1);
        await hit.ClickAsync();

        await Expect(maya.Page).ToHaveURLAsync(new Regex($"/threads/{thread.Id}\\?message={ids[2]}$"));
        var found = maya.Page.Locator($"#message-{ids[2]}");
        await Expect(found).ToBeInViewportAsync();
        await Expect(found).ToContainTextAsync($"The {word} refund was approved");
        await Expect(found).ToHaveClassAsync(Highlighted);
        maya.ShouldHaveLoadedCleanly();
    }

    /// <summary>A thread with more than two pages of history; <paramref name="special"/> replaces one message's text.</summary>
    private async Task<(ThreadSummary Thread, List<long> Ids)> CreateLongThreadAsync(string title, (int Number, string Text)? special = null)
    {
        var maya = await app.CallerAsync(DemoUsers.Maya);
        var tom = await app.CallerAsync(DemoUsers.Tom);
        var thread = await app.Threads.CreateThreadAsync(maya, new CreateThreadRequest(ThreadType.Group, $"{title} {Guid.NewGuid():N}", [tom.UserId]));
        var ids = new List<long>();
        for (var i = 1; i <= MessageCount; i++)
        {
            var text = special is { } s && s.Number == i ? s.Text : Text(i);
            ids.Add((await app.Messages.PostAsync(i % 3 == 0 ? tom : maya, new PostMessageRequest(thread.Id, text))).Message.Id);
        }
        return (thread, ids);
    }

    private static string Text(int number) => $"Reply history {number:D3}";
}
