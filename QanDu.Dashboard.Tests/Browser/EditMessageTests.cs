using Microsoft.Playwright;
using QanDu.Dashboard.Data.Entities;
using QanDu.Dashboard.Features.Messages;
using QanDu.Dashboard.Features.Threads;
using static Microsoft.Playwright.Assertions;

namespace QanDu.Dashboard.Tests.Browser;

/// <summary>Correcting and removing one's own messages with the keyboard and the hover menu, seen live by the other side.</summary>
[Collection(BrowserCollection.Name)]
public sealed class EditMessageTests(BrowserAppFixture app) : IClassFixture<BrowserAppFixture>
{
    [BrowserFact]
    public async Task UpArrow_InEmptyComposer_EditsLastMessageEnterSavesTomSeesIt()
    {
        var thread = await CreateThreadAsync();
        await using var maya = await app.SignInAsync(DemoUsers.Maya, $"/threads/{thread.Id}");
        await using var tom = await app.SignInAsync(DemoUsers.Tom, $"/threads/{thread.Id}");
        await Task.WhenAll(maya.WaitForThreadAsync(thread.Id), tom.WaitForThreadAsync(thread.Id));
        await maya.SendAsync("Your refund is procesed");
        await Expect(maya.Message("Your refund is procesed")).ToHaveAttributeAsync("data-status", "read");

        await maya.Composer.PressAsync("ArrowUp");

        var editor = maya.Page.GetByTestId("edit-input");
        await Expect(editor).ToBeFocusedAsync();
        await Expect(editor).ToHaveValueAsync("Your refund is procesed");
        await editor.PressAsync("Backspace");
        await editor.PressAsync("Backspace");
        await editor.PressAsync("Backspace");
        await editor.PressSequentiallyAsync("ssed :+1:");
        await maya.Page.ScreenshotAsync(new PageScreenshotOptions { Path = "/tmp/qandu-edit.png" });
        await editor.PressAsync("Enter");

        await Expect(maya.Page.GetByTestId("message-editor")).ToHaveCountAsync(0);
        await Expect(maya.Composer).ToBeFocusedAsync();
        await Expect(tom.Messages.First.GetByTestId("message-content")).ToHaveTextAsync("Your refund is processed 👍");
        await Expect(tom.Messages.First).ToContainTextAsync("(edited)");

        // Up again, then Escape: nothing changes and the composer has the focus back.
        await maya.Composer.PressAsync("ArrowUp");
        await Expect(editor).ToBeFocusedAsync();
        await editor.PressSequentiallyAsync(" and more");
        await editor.PressAsync("Escape");
        await Expect(maya.Page.GetByTestId("message-editor")).ToHaveCountAsync(0);
        await Expect(maya.Composer).ToBeFocusedAsync();
        var stored = await app.Messages.GetHistoryAsync(await app.CallerAsync(DemoUsers.Maya), thread.Id, null, null);
        stored.Messages.Single().Content.Should().Be("Your refund is processed :+1:");
        maya.ShouldHaveLoadedCleanly();
    }

    [BrowserFact]
    public async Task DeleteFromHoverMenu_Confirmed_TombstoneForBoth()
    {
        var thread = await CreateThreadAsync();
        await app.Messages.PostAsync(await app.CallerAsync(DemoUsers.Maya), new PostMessageRequest(thread.Id, "Sent to the wrong customer"));
        await using var maya = await app.SignInAsync(DemoUsers.Maya, $"/threads/{thread.Id}");
        await using var tom = await app.SignInAsync(DemoUsers.Tom, $"/threads/{thread.Id}");
        await Task.WhenAll(maya.WaitForThreadAsync(thread.Id), tom.WaitForThreadAsync(thread.Id));
        var message = maya.Message("Sent to the wrong customer");

        await message.HoverAsync();
        await message.GetByTestId("delete-message").ClickAsync();
        var dialog = maya.Page.GetByRole(AriaRole.Dialog);
        await Expect(dialog).ToContainTextAsync("Delete this message?");
        await dialog.GetByRole(AriaRole.Button, new() { Name = "Cancel" }).ClickAsync();
        await Expect(dialog).ToHaveCountAsync(0);
        await Expect(message.GetByTestId("message-content")).ToHaveTextAsync("Sent to the wrong customer");

        await message.HoverAsync();
        await message.GetByTestId("delete-message").ClickAsync();
        await dialog.GetByRole(AriaRole.Button, new() { Name = "Delete" }).ClickAsync();

        await Expect(maya.Messages.First).ToContainTextAsync("This message was deleted.");
        await Expect(tom.Messages.First).ToContainTextAsync("This message was deleted.");
        await Expect(tom.Page.GetByText("Sent to the wrong customer")).ToHaveCountAsync(0);
        maya.ShouldHaveLoadedCleanly();
    }

    private async Task<ThreadSummary> CreateThreadAsync()
    {
        var maya = await app.CallerAsync(DemoUsers.Maya);
        var tom = await app.CallerAsync(DemoUsers.Tom);
        return await app.Threads.CreateThreadAsync(maya, new CreateThreadRequest(ThreadType.Group, $"Edits {Guid.NewGuid():N}", [tom.UserId]));
    }
}
