using System.Text.RegularExpressions;
using Microsoft.Playwright;
using QanDu.Dashboard.Data.Entities;
using QanDu.Dashboard.Features.Messages;
using QanDu.Dashboard.Features.Threads;
using static Microsoft.Playwright.Assertions;

namespace QanDu.Dashboard.Tests.Browser;

[Collection(BrowserCollection.Name)]
public sealed class SearchDialogTests(BrowserAppFixture app) : IClassFixture<BrowserAppFixture>
{
    [BrowserFact]
    public async Task CtrlK_TypeAndChooseResult_OpensThatThread()
    {
        var maya = await app.CallerAsync(DemoUsers.Maya);
        var tom = await app.CallerAsync(DemoUsers.Tom);
        var thread = await app.Threads.CreateThreadAsync(maya, new CreateThreadRequest(ThreadType.Group, $"Search {Guid.NewGuid():N}", [tom.UserId]));
        await app.Messages.PostAsync(tom, new PostMessageRequest(thread.Id, "The wallaroo invoice was refunded today", Guid.NewGuid().ToString("N")));
        await using var session = await app.SignInAsync(DemoUsers.Maya, "/");
        await session.Page.WaitForFunctionAsync("() => !!window._qanduSearch");

        await session.Page.Keyboard.PressAsync("Control+K");
        var input = session.Page.Locator("#search-input");
        await Expect(session.Page.GetByTestId("search-help")).ToBeVisibleAsync();
        await Expect(input).ToBeFocusedAsync();
        await input.PressSequentiallyAsync("wallaroo refund");

        var hit = session.Page.GetByTestId("search-hit");
        await Expect(hit).ToHaveCountAsync(1);
        await Expect(hit.Locator("mark")).ToHaveTextAsync(["wallaroo", "refund"]);
        await hit.ClickAsync();

        await Expect(session.Page).ToHaveURLAsync(new Regex($"/threads/{thread.Id}\\?message=\\d+$"));
        await Expect(session.Page.GetByTestId("search-panel")).ToHaveCountAsync(0);
        await session.WaitForThreadAsync(thread.Id);
        session.ShouldHaveLoadedCleanly();
    }

    [BrowserFact]
    public async Task AppBarButton_BadQuery_ShowsWhatToFix()
    {
        await using var session = await app.SignInAsync(DemoUsers.Maya, "/");
        await session.Page.WaitForFunctionAsync("() => !!window._qanduSearch");

        await session.Page.GetByTestId("open-search").ClickAsync();
        await Expect(session.Page.Locator("#search-input")).ToBeFocusedAsync();
        await session.Page.Keyboard.TypeAsync("refund before:2026-02-30");

        await Expect(session.Page.GetByTestId("search-error")).ToContainTextAsync("not a date");
        session.ShouldHaveLoadedCleanly();
    }
}
