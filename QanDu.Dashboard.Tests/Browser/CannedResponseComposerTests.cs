using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using QanDu.Dashboard.Data.Entities;
using QanDu.Dashboard.Features.CannedResponses;
using QanDu.Dashboard.Features.Threads;
using static Microsoft.Playwright.Assertions;

namespace QanDu.Dashboard.Tests.Browser;

/// <summary>"/" in the composer: the demo's shared canned responses and one's own, filled for the conversation.</summary>
[Collection(BrowserCollection.Name)]
public sealed class CannedResponseComposerTests(BrowserAppFixture app) : IClassFixture<BrowserAppFixture>
{
    [BrowserFact]
    public async Task Slash_ListsFiltersAndInserts_WithTheContactAndAgentFilledIn()
    {
        var (threadId, customerEmail) = await CustomerThreadAsync("Dana Customer");
        await using var maya = await app.SignInAsync(DemoUsers.Maya, $"/threads/{threadId}");
        await maya.WaitForThreadAsync(threadId);
        var menu = maya.Page.GetByTestId("canned-menu");
        var options = maya.Page.GetByTestId("canned-option");

        await maya.Composer.PressSequentiallyAsync("Sure! /");
        // The demo's shared ones (and any of Maya's own), by short code.
        await Expect(options.Filter(new() { Has = maya.Page.Locator("code", new() { HasTextString = "/hello" }) })).ToHaveCountAsync(1);
        (await options.EvaluateAllAsync<string[]>("os => os.map(o => o.dataset.code)")).Should().Contain(["closing", "hello", "refund-policy"]);
        await Expect(options.First).ToHaveAttributeAsync("aria-selected", "true");
        await maya.Composer.PressAsync("ArrowDown");
        await Expect(options.Nth(1)).ToHaveAttributeAsync("aria-selected", "true");

        await maya.Composer.PressSequentiallyAsync("ref");
        await Expect(options).ToHaveCountAsync(1);
        await Expect(options.First).ToHaveAttributeAsync("data-code", "refund-policy");
        await maya.Composer.PressAsync("Enter");

        await Expect(menu).ToHaveCountAsync(0);
        await Expect(maya.Composer).ToHaveValueAsync(
            $"Sure! Hi Dana Customer, you can get a full refund within **30 days** of purchase. I've noted this in conversation #{threadId}; " +
            $"you'll get the confirmation at {customerEmail}.");
        await Expect(maya.Messages).ToHaveCountAsync(0); // Enter inserted; it did not send
        await maya.Composer.PressAsync("Enter");
        await Expect(maya.Message("you can get a full refund")).ToHaveAttributeAsync("data-status", "sent");
        maya.ShouldHaveLoadedCleanly();
    }

    [BrowserFact]
    public async Task Slash_EscCloses_TabInsertsOnesOwn_AndFlagsWhatCouldNotBeFilled()
    {
        var (threadId, _) = await CustomerThreadAsync("Lee Customer");
        var me = await app.CallerAsync(DemoUsers.Maya);
        var code = $"call-{Guid.NewGuid():N}"[..12];
        await app.Services.GetRequiredService<CannedResponseService>()
            .CreateAsync(me, new CannedResponseRequest(code, "Call back", "I'll call you at {{contact.phone}}, {{contact.name}}. — {{agent.name}}"));
        await using var maya = await app.SignInAsync(DemoUsers.Maya, $"/threads/{threadId}");
        await maya.WaitForThreadAsync(threadId);

        await maya.Composer.PressSequentiallyAsync("/hello");
        await Expect(maya.Page.GetByTestId("canned-option")).ToHaveCountAsync(1);
        await maya.Composer.PressAsync("Escape");
        await Expect(maya.Page.GetByTestId("canned-menu")).ToHaveCountAsync(0);
        await Expect(maya.Composer).ToHaveValueAsync("/hello");

        await maya.Composer.FillAsync("");
        await maya.Composer.PressSequentiallyAsync("/" + code[..7]);
        // The list narrows as the circuit hears each key: one option left before asking which (a strict locator on the
        // unfiltered list fails at once rather than waiting).
        await Expect(maya.Page.GetByTestId("canned-option")).ToHaveCountAsync(1);
        await Expect(maya.Page.GetByTestId("canned-option")).ToHaveAttributeAsync("data-code", code);
        await maya.Composer.PressAsync("Tab");

        await Expect(maya.Composer).ToHaveValueAsync("I'll call you at {{contact.phone}}, Lee Customer. — Maya Chen");
        await Expect(maya.Page.GetByTestId("canned-unfilled")).ToContainTextAsync("{{contact.phone}} could not be filled");
        maya.ShouldHaveLoadedCleanly();
    }

    /// <summary>A conversation of Maya with a new customer (no role, as the demo's customers), and the customer's email.</summary>
    private async Task<(long ThreadId, string Email)> CustomerThreadAsync(string name)
    {
        var email = $"{name.Split(' ')[0].ToLowerInvariant()}.{Guid.NewGuid():N}@example.com";
        var customer = new AppUser { UserName = email, Email = email, DisplayName = name, CreatedAt = DateTime.UtcNow };
        await using (var scope = app.Services.CreateAsyncScope())
            (await scope.ServiceProvider.GetRequiredService<UserManager<AppUser>>().CreateAsync(customer)).Succeeded.Should().BeTrue();
        var maya = await app.CallerAsync(DemoUsers.Maya);
        var thread = await app.Threads.CreateThreadAsync(maya, new CreateThreadRequest(ThreadType.Group, $"Question from {name}", [customer.Id]));
        return (thread.Id, email);
    }
}
