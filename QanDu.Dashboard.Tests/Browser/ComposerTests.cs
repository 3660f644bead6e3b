using Microsoft.Playwright;
using QanDu.Dashboard.Data.Entities;
using QanDu.Dashboard.Features.Inbox.Components;
using QanDu.Dashboard.Features.Messages;
using QanDu.Dashboard.Features.Threads;
using static Microsoft.Playwright.Assertions;

namespace QanDu.Dashboard.Tests.Browser;

[Collection(BrowserCollection.Name)]
public sealed class ComposerTests(ComposerTests.ShortMessagesApp app) : IClassFixture<ComposerTests.ShortMessagesApp>
{
    // Low enough to type past quickly, above the longest demo message (the demo is seeded through the same validation).
    private const int MaxLength = 1_000;

    /// <summary>The app with a short message limit, so an over-limit message is quick to type.</summary>
    public sealed class ShortMessagesApp : BrowserAppFixture
    {
        protected override IReadOnlyDictionary<string, string?> Settings =>
            new Dictionary<string, string?> { ["Chat:MaxMessageLength"] = $"{MaxLength}" };
    }

    [BrowserFact]
    public async Task Composer_ShiftEnterThenEnter_SendsOneMessageWithTwoLines()
    {
        var thread = await CreateThreadAsync();
        await using var maya = await app.SignInAsync(DemoUsers.Maya, $"/threads/{thread.Id}");
        await maya.WaitForThreadAsync(thread.Id);

        await maya.Composer.PressSequentiallyAsync("First line");
        await maya.Composer.PressAsync("Shift+Enter");
        await maya.Composer.PressSequentiallyAsync("second line");

        await Expect(maya.Composer).ToHaveValueAsync("First line\nsecond line");
        await Expect(maya.Messages).ToHaveCountAsync(0);

        await maya.Composer.PressAsync("Enter");

        await Expect(maya.Message("second line")).ToHaveAttributeAsync("data-status", "sent");
        await Expect(maya.Messages).ToHaveCountAsync(1);
        await Expect(maya.Composer).ToHaveValueAsync("");
        var stored = await HistoryAsync(thread.Id);
        stored.Select(m => m.Content).Should().Equal("First line\nsecond line");
        maya.ShouldHaveLoadedCleanly();
    }

    [BrowserFact]
    public async Task Composer_OverLimit_ShowsErrorAndDoesNotSend()
    {
        var thread = await CreateThreadAsync();
        await using var maya = await app.SignInAsync(DemoUsers.Maya, $"/threads/{thread.Id}");
        await maya.WaitForThreadAsync(thread.Id);
        var tooLong = new string('a', MaxLength + 1);

        await maya.Composer.FillAsync(tooLong);
        await maya.Composer.PressAsync("Enter");

        await Expect(maya.Page.GetByTestId("composer-error")).ToContainTextAsync($"the limit is {MaxLength:N0}");
        await Expect(maya.Composer).ToHaveValueAsync(tooLong);
        await Expect(maya.Messages).ToHaveCountAsync(0);
        (await HistoryAsync(thread.Id)).Should().BeEmpty();

        // Exactly at the limit it goes, and the error goes away.
        await maya.Composer.FillAsync(tooLong[..MaxLength]);
        await maya.Composer.PressAsync("Enter");

        await Expect(maya.Messages).ToHaveCountAsync(1);
        await Expect(maya.Page.GetByTestId("composer-error")).ToHaveCountAsync(0);
        maya.ShouldHaveLoadedCleanly();
    }

    [BrowserFact]
    public async Task Composer_PageReloaded_KeepsDraft()
    {
        var thread = await CreateThreadAsync();
        await using var maya = await app.SignInAsync(DemoUsers.Maya, $"/threads/{thread.Id}");
        await maya.WaitForThreadAsync(thread.Id);
        const string draft = "Half-written reply about the refund";

        await maya.Composer.PressSequentiallyAsync(draft);
        await maya.Page.ReloadAsync();
        await maya.WaitForThreadAsync(thread.Id);

        await Expect(maya.Composer).ToHaveValueAsync(draft);
        await Expect(maya.Messages).ToHaveCountAsync(0);
        maya.ShouldHaveLoadedCleanly();
    }

    private async Task<ThreadSummary> CreateThreadAsync()
    {
        var maya = await app.CallerAsync(DemoUsers.Maya);
        var tom = await app.CallerAsync(DemoUsers.Tom);
        return await app.Threads.CreateThreadAsync(maya, new CreateThreadRequest(ThreadType.Group, $"Composer {Guid.NewGuid():N}", [tom.UserId]));
    }

    private async Task<IReadOnlyList<MessageView>> HistoryAsync(long threadId) =>
        (await app.Messages.GetHistoryAsync(await app.CallerAsync(DemoUsers.Maya), threadId, before: null, limit: 200)).Messages;
}
