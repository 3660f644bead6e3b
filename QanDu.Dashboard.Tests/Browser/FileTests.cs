using Microsoft.Playwright;
using QanDu.Dashboard.Data.Entities;
using QanDu.Dashboard.Features.Messages;
using QanDu.Dashboard.Features.Threads;
using QanDu.Dashboard.Tests.Infrastructure;
using static Microsoft.Playwright.Assertions;

namespace QanDu.Dashboard.Tests.Browser;

/// <summary>Attaching files in the composer and seeing them in the other person's browser, loaded through the authorized URL.</summary>
[Collection(BrowserCollection.Name)]
public sealed class FileTests(BrowserAppFixture app) : IClassFixture<BrowserAppFixture>
{
    [BrowserFact]
    public async Task UploadImage_ProgressBarShown_TomSeesItInlineAndEnlargesIt()
    {
        var thread = await CreateThreadAsync("Screenshot of the error");
        await using var maya = await app.SignInAsync(DemoUsers.Maya, $"/threads/{thread.Id}");
        await using var tom = await app.SignInAsync(DemoUsers.Tom, $"/threads/{thread.Id}");
        await Task.WhenAll(maya.WaitForThreadAsync(thread.Id), tom.WaitForThreadAsync(thread.Id));
        // Slow Maya's uploads down, so the progress is seen moving as a person on a slow line would see it.
        var network = await maya.Context.NewCDPSessionAsync(maya.Page);
        await network.SendAsync("Network.enable");
        await network.SendAsync("Network.emulateNetworkConditions", new Dictionary<string, object>
        {
            ["offline"] = false, ["latency"] = 0, ["downloadThroughput"] = -1, ["uploadThroughput"] = 400 * 1024,
        });
        var progressSeen = await WatchProgressAsync(maya.Page);
        var image = TestFiles.NoisyPng(640, 400); // about 750 KB

        await maya.Page.GetByTestId("file-input").SetInputFilesAsync(new FilePayload { Name = "error-dialog.png", MimeType = "image/png", Buffer = image });

        await Expect(maya.Page.GetByTestId("upload-item")).ToHaveAttributeAsync("data-state", "ready", new() { Timeout = 30_000 });
        (await progressSeen()).Should().Contain(p => p > 0 && p < 100, "a progress bar showed the upload part-way, not only at its start or end");
        await maya.SendAsync("Here is what the customer sees");

        var tomsImage = tom.Page.GetByTestId("attachment-image");
        await Expect(tomsImage).ToBeVisibleAsync();
        await Expect(tomsImage).ToHaveAttributeAsync("alt", "error-dialog.png");
        await tom.Page.WaitForFunctionAsync("() => { const i = document.querySelector('[data-testid=attachment-image]'); return i?.complete && i.naturalWidth > 0; }");
        (await tomsImage.EvaluateAsync<int>("i => i.naturalWidth")).Should().Be(640, "the image really loaded through its authorized URL");
        await Expect(tom.Message("Here is what the customer sees")).ToBeVisibleAsync();

        await tomsImage.ClickAsync();
        var viewer = tom.Page.GetByTestId("image-viewer");
        await Expect(viewer).ToBeVisibleAsync();
        await Expect(viewer).ToBeFocusedAsync();
        await tom.Page.Keyboard.PressAsync("Escape");
        await Expect(viewer).ToHaveCountAsync(0);
        maya.ShouldHaveLoadedCleanly();
        tom.ShouldHaveLoadedCleanly();
    }

    [BrowserFact]
    public async Task ThreadWithImagePdfAndAudio_EachLoadsForTheOtherSide()
    {
        var thread = await CreateThreadAsync("Billing dispute");
        var maya = await app.CallerAsync(DemoUsers.Maya);
        var tom = await app.CallerAsync(DemoUsers.Tom);
        var invoice = await app.Files.SaveUploadAsync(maya, "invoice-2026-11.pdf", "application/pdf", null, new MemoryStream(TestFiles.Pdf()), CancellationToken.None);
        await app.Messages.PostAsync(maya, new PostMessageRequest(thread.Id, "Here is the invoice the customer disputes.", UploadIds: [invoice.Id]));
        var screenshot = await app.Files.SaveUploadAsync(tom, "checkout-error.png", "image/png", null, new MemoryStream(TestFiles.Png(480, 270)), CancellationToken.None);
        var voicemail = await app.Files.SaveUploadAsync(tom, "customer-voicemail.wav", "audio/wav", null, new MemoryStream(TestFiles.Wav(2)), CancellationToken.None);
        await app.Messages.PostAsync(tom, new PostMessageRequest(thread.Id, "The customer sent this screenshot and a voicemail.", UploadIds: [screenshot.Id, voicemail.Id]));

        await using var session = await app.SignInAsync(DemoUsers.Maya, $"/threads/{thread.Id}");
        await session.WaitForThreadAsync(thread.Id);

        await Expect(session.Page.GetByTestId("attachment-file")).ToContainTextAsync("invoice-2026-11.pdf");
        await Expect(session.Page.GetByTestId("attachment-file")).ToContainTextAsync("PDF document");
        await session.Page.WaitForFunctionAsync("() => { const i = document.querySelector('[data-testid=attachment-image]'); return i?.complete && i.naturalWidth === 480; }");
        await session.Page.WaitForFunctionAsync("() => document.querySelector('[data-testid=attachment-audio]')?.readyState >= 1");
        (await session.Page.GetByTestId("attachment-audio").EvaluateAsync<double>("a => a.duration")).Should().BeApproximately(2, 0.1);
        // Saved in the test output folder, and beside the other screenshots in /tmp.
        var shot = await session.Page.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(AppContext.BaseDirectory, "screenshots", "thread-with-files.png") });
        await File.WriteAllBytesAsync("/tmp/qandu-files.png", shot);
        session.ShouldHaveLoadedCleanly();
    }

    [BrowserFact]
    public async Task DropFileWhoseContentIsNotItsType_ErrorNamesTheFile_RemoveClearsIt()
    {
        var thread = await CreateThreadAsync("Dropped file");
        await using var maya = await app.SignInAsync(DemoUsers.Maya, $"/threads/{thread.Id}");
        await maya.WaitForThreadAsync(thread.Id);
        var png = Convert.ToBase64String(TestFiles.Png());
        var files = await maya.Page.EvaluateHandleAsync(
            """
            png => {
                const bytes = Uint8Array.from(atob(png), c => c.charCodeAt(0));
                const transfer = new DataTransfer();
                transfer.items.add(new File([bytes], 'invoice.pdf', { type: 'application/pdf' }));
                transfer.items.add(new File(['Order 1042, refunded on 3 Nov'], 'notes.txt', { type: 'text/plain' }));
                return transfer;
            }
            """, png);

        await maya.Page.GetByTestId("messages").DispatchEventAsync("drop", new { dataTransfer = files });

        var items = maya.Page.GetByTestId("upload-item");
        await Expect(items).ToHaveCountAsync(2);
        await Expect(items.Nth(0)).ToHaveAttributeAsync("data-state", "error");
        await Expect(items.Nth(0).GetByTestId("upload-error")).ToHaveTextAsync("invoice.pdf: the content is not a PDF document (it looks like a PNG image).");
        await Expect(items.Nth(1)).ToHaveAttributeAsync("data-state", "ready");
        await maya.Composer.PressAsync("Enter");
        await Expect(maya.Page.GetByTestId("composer-error")).ToHaveTextAsync("Some files could not be attached: remove them, then send.");

        await items.Nth(0).GetByTestId("upload-remove").ClickAsync();
        await Expect(items).ToHaveCountAsync(1);
        await maya.Composer.PressAsync("Enter");

        await Expect(maya.Page.GetByTestId("attachment-file")).ToContainTextAsync("notes.txt");
        await Expect(maya.Page.GetByTestId("attachment-file")).ToHaveAttributeAsync("href", new System.Text.RegularExpressions.Regex("^/api/chat/files/\\d+$"));
        await Expect(items).ToHaveCountAsync(0);
        var stored = await app.Messages.GetHistoryAsync(await app.CallerAsync(DemoUsers.Maya), thread.Id, null, null);
        stored.Messages.Single().Attachments.Single().Name.Should().Be("notes.txt");
        // The refused upload answered 400 on purpose; nothing else may have failed.
        maya.Problems.Where(p => p.StartsWith("HTTP ")).Should().ContainSingle().Which.Should().MatchRegex("^HTTP 400: POST .*/api/chat/files$");
        maya.Problems.Where(p => !p.Contains("400")).Should().BeEmpty();
    }

    /// <summary>Records every progress value a [role=progressbar] shows, with a MutationObserver (exact, not polled).</summary>
    private static async Task<Func<Task<int[]>>> WatchProgressAsync(IPage page)
    {
        await page.EvaluateAsync(
            """
            () => {
                window.qdProgressSeen = [];
                const record = () => document.querySelectorAll('[role=progressbar][data-testid=upload-progress]')
                    .forEach(b => window.qdProgressSeen.push(Number(b.getAttribute('aria-valuenow'))));
                new MutationObserver(record).observe(document.body, { subtree: true, childList: true, attributes: true, attributeFilter: ['aria-valuenow'] });
            }
            """);
        return async () => await page.EvaluateAsync<int[]>("() => window.qdProgressSeen");
    }

    private async Task<ThreadSummary> CreateThreadAsync(string title)
    {
        var maya = await app.CallerAsync(DemoUsers.Maya);
        var tom = await app.CallerAsync(DemoUsers.Tom);
        return await app.Threads.CreateThreadAsync(maya, new CreateThreadRequest(ThreadType.Group, $"{title} {Guid.NewGuid():N}", [tom.UserId]));
    }
}
