using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using QanDu.Dashboard.Data;
using QanDu.Dashboard.Data.Entities;
using QanDu.Dashboard.Features.Threads;
using static Microsoft.Playwright.Assertions;

namespace QanDu.Dashboard.Tests.Browser;

/// <summary>Reply suggestions in a browser: a colleague's question brings suggestions above Maya's composer; she edits one and sends it.</summary>
[Collection(BrowserCollection.Name)]
public sealed class SuggestionTests(BrowserAppFixture app) : IClassFixture<BrowserAppFixture>
{
    [BrowserFact]
    public async Task MessageFromTom_MayaInsertsEditsAndSendsASuggestion_TomSeesItAndItIsRecordedEdited()
    {
        var mayaCaller = await app.CallerAsync(DemoUsers.Maya);
        var tomCaller = await app.CallerAsync(DemoUsers.Tom);
        var thread = await app.Threads.CreateThreadAsync(mayaCaller, new CreateThreadRequest(ThreadType.Group, $"Suggestions {Guid.NewGuid():N}", [tomCaller.UserId]));
        await using var maya = await app.SignInAsync(DemoUsers.Maya, $"/threads/{thread.Id}");
        await using var tom = await app.SignInAsync(DemoUsers.Tom, $"/threads/{thread.Id}");
        await Task.WhenAll(maya.WaitForThreadAsync(thread.Id), tom.WaitForThreadAsync(thread.Id));
        await Expect(maya.Page.GetByTestId("suggest-replies")).ToBeVisibleAsync();

        await tom.SendAsync("A customer was charged twice for the invoice. How long does the refund take?");

        var bar = maya.Page.GetByTestId("suggestions");
        await Expect(bar).ToBeVisibleAsync();
        await Expect(bar.GetByTestId("suggestions-by")).ToContainTextAsync("built-in offline assistant");
        var first = bar.Locator("[data-testid=suggestion][data-rank='0']");
        await Expect(first).ToHaveAttributeAsync("data-status", "done");
        await maya.Page.ScreenshotAsync(new PageScreenshotOptions { Path = "/tmp/qandu-suggestions.png" });
        var suggested = (await first.GetByTestId("suggestion-text").TextContentAsync())!;
        suggested.Should().StartWith("Hi Tom! ");
        var suggestionId = long.Parse((await first.GetAttributeAsync("data-suggestion-id"))!);

        await first.GetByTestId("suggestion-insert").ClickAsync();

        await Expect(maya.Composer).ToBeFocusedAsync();
        await Expect(maya.Composer).ToHaveValueAsync(suggested);
        await maya.SendAsync(" Anything else I can do?");

        await Expect(tom.Message("Anything else I can do?")).ToBeVisibleAsync();
        await Expect(maya.Composer).ToHaveValueAsync("");
        await Expect(bar).ToHaveCountAsync(0);
        var row = await RecordedAsync(suggestionId, SuggestionOutcome.Edited);
        var sent = await QueryAsync(db => db.Messages.AsNoTracking().SingleAsync(m => m.Id == row.SentMessageId));
        sent.Content.Should().Be(suggested + " Anything else I can do?");
        maya.ShouldHaveLoadedCleanly();
        tom.ShouldHaveLoadedCleanly();
    }

    /// <summary>The suggestion once its outcome is recorded (written just after the message is stored).</summary>
    private async Task<AiSuggestion> RecordedAsync(long id, SuggestionOutcome outcome)
    {
        var deadline = DateTime.UtcNow.AddSeconds(20);
        while (true)
        {
            var row = await QueryAsync(db => db.AiSuggestions.AsNoTracking().SingleAsync(s => s.Id == id));
            if (row.Outcome == outcome || DateTime.UtcNow > deadline)
            {
                row.Outcome.Should().Be(outcome);
                return row;
            }
            await Task.Delay(50);
        }
    }

    private async Task<T> QueryAsync<T>(Func<ChatDbContext, Task<T>> query)
    {
        var dbFactory = app.Services.GetRequiredService<IDbContextFactory<ChatDbContext>>();
        await using var db = await dbFactory.CreateDbContextAsync();
        return await query(db);
    }
}
