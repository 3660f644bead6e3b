using System.Text.RegularExpressions;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace QanDu.Dashboard.Tests.Browser;

[Collection(BrowserCollection.Name)]
public sealed class KnowledgeTests(BrowserAppFixture app) : IClassFixture<BrowserAppFixture>
{
    [BrowserFact]
    public async Task SupervisorPublishesArticle_AgentSeesItLiveFindsAndReadsIt()
    {
        var word = "quokka" + Guid.NewGuid().ToString("N")[..6];
        var title = $"Rebooting the {word} router";
        await using var agent = await app.SignInAsync(DemoUsers.Maya, "/knowledge");
        await agent.Page.WaitForFunctionAsync("() => !!window._qanduSearch"); // the circuit is up: live updates arrive
        await Expect(agent.Page.GetByTestId("kb-row").First).ToBeVisibleAsync();
        await Expect(agent.Page.GetByTestId("kb-new")).ToHaveCountAsync(0);

        await using var supervisor = await app.SignInAsync(DemoUsers.Supervisor, "/knowledge");
        await supervisor.Page.WaitForFunctionAsync("() => !!window._qanduSearch");
        await supervisor.Page.GetByTestId("kb-new").ClickAsync();
        await Expect(supervisor.Page).ToHaveURLAsync(new Regex("/knowledge/new$"));
        var titleInput = supervisor.Page.GetByTestId("kb-title");
        await Expect(titleInput).ToBeVisibleAsync();
        await titleInput.ClickAsync();
        await Expect(titleInput).ToBeFocusedAsync();
        await titleInput.PressSequentiallyAsync(title);
        await supervisor.Page.GetByTestId("kb-language").SelectOptionAsync("en");
        await supervisor.Page.GetByTestId("kb-tags").FillAsync("hardware, network");
        await supervisor.Page.GetByTestId("kb-body-input").FillAsync("Unplug it for **ten seconds**, then plug it back in.");
        await supervisor.Page.GetByTestId("kb-body-mode").GetByText("Preview").ClickAsync();
        await Expect(supervisor.Page.GetByTestId("kb-preview").Locator("strong")).ToHaveTextAsync("ten seconds");
        await supervisor.Page.GetByTestId("kb-save").ClickAsync();
        await Expect(supervisor.Page).ToHaveURLAsync(new Regex(@"/knowledge/\d+$"));
        await Expect(supervisor.Page.GetByTestId("kb-article-title")).ToHaveTextAsync(title);

        // The agent's open list shows it without a reload, and the search finds it by a word of the body.
        await Expect(agent.Page.GetByTestId("kb-row").Filter(new() { HasText = title })).ToBeVisibleAsync();
        var search = agent.Page.GetByTestId("kb-search");
        await search.ClickAsync();
        await Expect(search).ToBeFocusedAsync();
        await search.PressSequentiallyAsync($"{word} unplug");
        await Expect(agent.Page.GetByTestId("kb-row")).ToHaveCountAsync(1);
        await agent.Page.GetByTestId("kb-row").ClickAsync();
        await Expect(agent.Page.GetByTestId("kb-body").Locator("strong")).ToHaveTextAsync("ten seconds");
        await Expect(agent.Page.GetByTestId("kb-edit")).ToHaveCountAsync(0);

        agent.ShouldHaveLoadedCleanly();
        supervisor.ShouldHaveLoadedCleanly();
    }
}
