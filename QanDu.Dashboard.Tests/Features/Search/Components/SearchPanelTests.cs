using Bunit;
using Microsoft.AspNetCore.Components;
using Microsoft.AspNetCore.Components.Web;
using Microsoft.Extensions.DependencyInjection;
using QanDu.Dashboard.Features.Access;
using QanDu.Dashboard.Features.Search;
using QanDu.Dashboard.Features.Search.Components;
using QanDu.Dashboard.Tests.Infrastructure;

namespace QanDu.Dashboard.Tests.Features.Search.Components;

public sealed class SearchPanelTests : ComponentTestContext, IAsyncLifetime
{
    private static readonly TimeSpan Live = TimeSpan.FromSeconds(5);

    public SearchPanelTests() => Services.AddSingleton(App.Services.GetRequiredService<SearchService>());

    public Task InitializeAsync() => Task.CompletedTask;

    // MudBlazor's key interceptor (text field, list) can only be disposed asynchronously; xUnit calls this before Dispose.
    async Task IAsyncLifetime.DisposeAsync() => await base.DisposeAsync();

    private async Task<long> SignInWithThreadAsync(params string[] messages)
    {
        var maya = await App.CreateUserAsync("Maya Chen", Roles.Agent);
        var tom = await App.CreateUserAsync("Tom Okafor", Roles.Agent);
        var thread = await App.CreateGroupThreadAsync(maya, "Refund for order 1042", tom);
        foreach (var message in messages)
            await PostAsync(tom, thread, message);
        SignInAs(maya);
        return thread;
    }

    private IRenderedComponent<SearchPanel> RenderPanel(TimeSpan? debounce = null) =>
        Render<SearchPanel>(p => p.Add(x => x.Debounce, debounce ?? TimeSpan.Zero));

    [Fact]
    public async Task Render_NoQuery_ShowsOperatorHelp()
    {
        await SignInWithThreadAsync();

        var panel = RenderPanel();

        panel.Find("[data-testid=search-help]").TextContent.Should().Contain("from:sam").And.Contain("has:file").And.Contain("is:unread");
        panel.FindAll("[data-testid=search-hit]").Should().BeEmpty();
    }

    [Fact]
    public async Task Input_MatchingText_WaitsForThePauseThenShowsHitsWithMarkedEncodedSnippets()
    {
        await SignInWithThreadAsync("The customer was refunded <b>twice</b>", "Unrelated message");
        var panel = RenderPanel(debounce: TimeSpan.FromSeconds(1));

        panel.Find("#search-input").Input("refund");

        panel.FindAll("[data-testid=search-loading]").Should().ContainSingle("the search shows it is working while typing pauses");
        panel.FindAll("[data-testid=search-hit]").Should().BeEmpty("the search waits for typing to pause");
        Clock.Advance(TimeSpan.FromSeconds(1));
        panel.WaitForAssertion(() =>
        {
            var hit = panel.Find("[data-testid=search-hit]");
            hit.TextContent.Should().Contain("Refund for order 1042").And.Contain("Tom Okafor");
            hit.QuerySelector("[data-testid=search-snippet]")!.InnerHtml.Should()
                .Be("The customer was <mark>refund</mark>ed &lt;b&gt;twice&lt;/b&gt;");
        }, Live);
        panel.FindAll("[data-testid=search-loading]").Should().BeEmpty();
        panel.FindAll("[data-testid=search-hit]").Should().ContainSingle();
    }

    [Fact]
    public async Task Input_NothingMatches_ShowsEmptyState()
    {
        await SignInWithThreadAsync("hello there");
        var panel = RenderPanel();

        panel.Find("#search-input").Input("chinchilla");

        panel.WaitForAssertion(() => panel.Find("[data-testid=search-empty]").TextContent.Should().Contain("No messages match “chinchilla”"), Live);
    }

    [Fact]
    public async Task Input_UnclosedQuoteOrUnknownOperator_ShowsWhatToFix()
    {
        await SignInWithThreadAsync("hello there");
        var panel = RenderPanel();

        panel.Find("#search-input").Input("\"hello");
        panel.WaitForAssertion(() => panel.Find("[data-testid=search-error]").TextContent.Should().Contain("quote is not closed"), Live);

        panel.Find("#search-input").Input("foo:bar");
        panel.WaitForAssertion(() => panel.Find("[data-testid=search-error]").TextContent.Should().Contain("'foo:' is not a search operator"), Live);
        panel.FindAll("[data-testid=search-hit]").Should().BeEmpty();
    }

    [Fact]
    public async Task Keys_DownDownUpThenEnter_MoveAVisibleSelectionAndOpenTheSelectedHit()
    {
        var thread = await SignInWithThreadAsync("wallaby one", "wallaby two", "wallaby three");
        SearchHit? chosen = null;
        var panel = Render<SearchPanel>(p => p.Add(x => x.Debounce, TimeSpan.Zero).Add(x => x.OnChosen, h => chosen = h));
        panel.Find("#search-input").Input("wallaby");
        panel.WaitForAssertion(() => panel.FindAll("[data-testid=search-hit]").Should().HaveCount(3), Live);
        Selected(panel).Should().BeNull("nothing is chosen until the arrow keys move");

        await Key(panel, "ArrowDown");
        Selected(panel).Should().Be(0);
        await Key(panel, "ArrowDown");
        Selected(panel).Should().Be(1);
        await Key(panel, "ArrowUp");
        Selected(panel).Should().Be(0);
        panel.Find("[data-testid=search-hit][aria-selected=true]").ClassList.Should().Contain("qd-search-hit--selected");
        panel.Find("#search-input").GetAttribute("aria-activedescendant").Should()
            .Be(panel.Find("[data-testid=search-hit][aria-selected=true]").Id);
        await Key(panel, "Enter");

        chosen.Should().NotBeNull();
        chosen!.MessageId.Should().Be(long.Parse(panel.FindAll("[data-testid=search-hit]")[0].GetAttribute("data-message-id")!));
        Services.GetRequiredService<NavigationManager>().Uri.Should().EndWith($"/threads/{thread}?message={chosen.MessageId}");
    }

    [Fact]
    public async Task Input_MessageWrittenInMarkdown_SnippetIsPlainTextWithTheMatchMarked()
    {
        await SignInWithThreadAsync("**Refund** issued: see [the invoice](https://billing.example/1042) and `card 4242`\n\n- step one\n- step two");
        var panel = RenderPanel();

        panel.Find("#search-input").Input("refund");

        panel.WaitForAssertion(() => panel.Find("[data-testid=search-snippet]").InnerHtml.Should()
            .Be("<mark>Refund</mark> issued: see the invoice and card 4242 step one step two"), Live);
    }

    private static int? Selected(IRenderedComponent<SearchPanel> panel)
    {
        var hits = panel.FindAll("[data-testid=search-hit]");
        var index = hits.ToList().FindIndex(h => h.GetAttribute("aria-selected") == "true");
        return index < 0 ? null : index;
    }

    private static Task Key(IRenderedComponent<SearchPanel> panel, string key) =>
        panel.InvokeAsync(() => panel.Find("#search-input").KeyDown(new KeyboardEventArgs { Key = key }));

    [Fact]
    public async Task ClickHit_OpensItsThreadAtTheMessage()
    {
        var thread = await SignInWithThreadAsync("Please escalate the wallaby case");
        SearchHit? chosen = null;
        var panel = Render<SearchPanel>(p => p.Add(x => x.Debounce, TimeSpan.Zero).Add(x => x.OnChosen, h => chosen = h));
        panel.Find("#search-input").Input("wallaby");
        panel.WaitForAssertion(() => panel.FindAll("[data-testid=search-hit]").Should().ContainSingle(), Live);

        await panel.InvokeAsync(() => panel.Find("[data-testid=search-hit]").Click()); // found and clicked in one dispatch: a live re-render cannot come between
        chosen!.ThreadId.Should().Be(thread);
        Services.GetRequiredService<NavigationManager>().Uri.Should().EndWith($"/threads/{thread}?message={chosen.MessageId}");
    }
}
