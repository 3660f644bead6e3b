using Microsoft.Playwright;
using QanDu.Dashboard.Data.Entities;
using QanDu.Dashboard.Features.Messages;
using QanDu.Dashboard.Features.Threads;
using static Microsoft.Playwright.Assertions;

namespace QanDu.Dashboard.Tests.Browser;

/// <summary>
/// An image from another host in a message is a tracking pixel until the reader asks for it: nothing is fetched on
/// render, a click loads it without a referrer, and the page's Content Security Policy lets all of this run.
/// </summary>
[Collection(BrowserCollection.Name)]
public sealed class ExternalImageTests(BrowserAppFixture app) : IClassFixture<BrowserAppFixture>
{
    // A 1×1 transparent PNG.
    private static readonly byte[] Pixel = Convert.FromBase64String(
        "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAQAAAC1HAwCAAAAC0lEQVR42mNkYAAAAAYAAjCB0C8AAAAASUVORK5CYII=");

    [BrowserFact]
    public async Task ExternalImage_InMessage_NotFetchedUntilClickedThenLoadsWithoutReferrer()
    {
        var maya = await app.CallerAsync(DemoUsers.Maya);
        var tom = await app.CallerAsync(DemoUsers.Tom);
        var thread = await app.Threads.CreateThreadAsync(maya, new CreateThreadRequest(ThreadType.Group, $"Images {Guid.NewGuid():N}", [tom.UserId]));
        await app.Messages.PostAsync(maya, new PostMessageRequest(thread.Id, "Chart: ![weekly chart](http://images.test/chart.png?reader=tom)"));
        await using var reader = await app.SignInAsync(DemoUsers.Tom, $"/threads/{thread.Id}");
        var fetched = new List<IRequest>();
        await reader.Page.RouteAsync("http://images.test/**", async route =>
        {
            lock (fetched)
                fetched.Add(route.Request);
            await route.FulfillAsync(new() { Status = 200, ContentType = "image/png", BodyBytes = Pixel });
        });
        await reader.WaitForThreadAsync(thread.Id);

        var button = reader.Message("Chart:").Locator("button.qd-external-image");
        await Expect(button).ToContainTextAsync("Show image \"weekly chart\" from images.test");
        await reader.Page.WaitForTimeoutAsync(300); // time an eager image would have taken to be requested
        lock (fetched)
            fetched.Should().BeEmpty("nothing is fetched from another host before the reader asks");

        await button.ClickAsync();

        var image = reader.Message("Chart:").Locator("img[alt='weekly chart']");
        await Expect(image).ToBeVisibleAsync();
        await Expect(image).ToHaveAttributeAsync("referrerpolicy", "no-referrer");
        await reader.Page.WaitForFunctionAsync("() => [...document.images].some(i => i.alt === 'weekly chart' && i.complete)");
        lock (fetched)
            fetched.Should().HaveCount(1);
        (await fetched[0].AllHeadersAsync()).Should().NotContainKey("referer", "the other host does not learn which page showed it");
        reader.ShouldHaveLoadedCleanly(); // no script or style blocked by the page's Content Security Policy
    }
}
