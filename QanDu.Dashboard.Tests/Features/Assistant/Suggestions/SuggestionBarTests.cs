using Bunit;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.AI;
using Microsoft.Extensions.DependencyInjection;
using QanDu.Dashboard.Data.Entities;
using QanDu.Dashboard.Features.Access;
using QanDu.Dashboard.Features.AiSettings;
using QanDu.Dashboard.Features.Assistant.Suggestions;
using QanDu.Dashboard.Features.Inbox.Components;
using QanDu.Dashboard.Tests.Infrastructure;

namespace QanDu.Dashboard.Tests.Features.Assistant.Suggestions;

/// <summary>The suggestion bar's states with a scripted model: loading, streaming, three cards, error with Retry, off; and Send.</summary>
public sealed class SuggestionBarTests : ComponentTestContext
{
    private static readonly TimeSpan Live = TimeSpan.FromSeconds(15);
    private readonly ScriptedChatClient _client;

    public SuggestionBarTests() : this(new ScriptedChatClient())
    {
    }

    private SuggestionBarTests(ScriptedChatClient client)
        : base(new DashboardFactory { TestServices = services => services.AddSingleton<IChatClient>(client) })
    {
        _client = client;
    }

    [Fact]
    public async Task IncomingMessage_LoadingThenStreamingThenThreeCards()
    {
        var (maya, ana, thread) = await ConversationAsync();
        using var gate = new SemaphoreSlim(0);
        var variant = 0;
        _client.Reply = _ =>
        {
            gate.Wait(Live); // held until the test has seen the loading state
            var n = Interlocked.Increment(ref variant);
            return n == 1 ? ScriptedReply.Numbered(60, TimeSpan.FromMilliseconds(15)) : ScriptedReply.Words($"Suggestion number {n}.", TimeSpan.Zero);
        };
        var incoming = await PostAsync(ana, thread, "My export fails with error 504.");

        var bar = Render<SuggestionBar>(p => p.Add(c => c.ThreadId, thread).Add(c => c.Me, maya).Add(c => c.IncomingMessageId, incoming.Message.Id));

        bar.WaitForElement("[data-testid=suggestions-loading]", Live);
        bar.Find("[data-testid=suggestions-by]").TextContent.Should().Be("by QanDu Assistant");
        gate.Release(3);
        bar.WaitForAssertion(() => bar.Find("[data-testid=suggestion][data-status=streaming] [data-testid=suggestion-text]")
            .TextContent.Should().StartWith("w1"), Live);
        bar.WaitForAssertion(() => bar.FindAll("[data-testid=suggestion][data-status=done]").Should().HaveCount(3), Live);
        var texts = bar.FindAll("[data-testid=suggestion-text]").Select(t => t.TextContent).ToList();
        texts.Should().Contain(t => t.Contains("w60")).And.Contain("Suggestion number 2.").And.Contain("Suggestion number 3.");
        bar.FindAll("[data-testid=suggestions-loading]").Should().BeEmpty();
        var cards = bar.FindComponents<SuggestionCard>();
        var streamed = cards.Single(c => c.Instance.Card.Text.Contains("w60"));
        cards.Where(c => c != streamed).Should().OnlyContain(c => c.RenderCount < streamed.RenderCount,
            "only the card that streams re-renders on its updates");
    }

    [Fact]
    public async Task ProviderError_ShowsTheReasonWithRetry_RetryShowsSuggestions()
    {
        var (maya, ana, thread) = await ConversationAsync();
        _client.Reply = _ => ScriptedReply.Words("never arrives", TimeSpan.Zero, failAfter: 0);
        var incoming = await PostAsync(ana, thread, "Hello?");
        var bar = Render<SuggestionBar>(p => p.Add(c => c.ThreadId, thread).Add(c => c.Me, maya).Add(c => c.IncomingMessageId, incoming.Message.Id));

        bar.WaitForAssertion(() => bar.Find("[data-testid=suggestions-error]").TextContent.Should().Contain("could not be reached"), Live);
        (await App.QueryAsync(db => db.AiSuggestions.CountAsync())).Should().Be(0);
        _client.Reply = _ => ScriptedReply.Words("Recovered suggestion.", TimeSpan.Zero);
        await bar.ClickWhenShownAsync("[data-testid=suggestions-retry]");

        bar.WaitForAssertion(() => bar.FindAll("[data-testid=suggestion][data-status=done]").Should().HaveCount(3), Live);
        bar.FindAll("[data-testid=suggestions-error]").Should().BeEmpty();
    }

    [Fact]
    public async Task TurnedOffInSettings_NothingShownEvenWhenAMessageArrives()
    {
        var (maya, ana, thread) = await ConversationAsync();
        var store = App.Services.GetRequiredService<AssistantSettingsStore>();
        var bar = Render<SuggestionBar>(p => p.Add(c => c.ThreadId, thread).Add(c => c.Me, maya));
        bar.WaitForElement("[data-testid=suggest-replies]", Live);

        var admin = await App.CreateUserAsync("Alex Admin", Roles.Admin);
        await store.SaveAsync(admin, store.Current with { SuggestionsEnabled = false }, store.CurrentVersioned.Version);
        var incoming = await PostAsync(ana, thread, "Hello?");
        bar.Render(p => p.Add(c => c.IncomingMessageId, incoming.Message.Id));

        bar.WaitForAssertion(() => bar.Markup.Trim().Should().BeEmpty(), Live);
        _client.Requests.Should().BeEmpty();
    }

    [Fact]
    public async Task ThreadView_MessageFromSomeoneElse_SuggestionsAppear_SendPostsAndRecordsSentAsIs()
    {
        var (maya, ana, thread) = await ConversationAsync();
        _client.Reply = question => ScriptedReply.Words("Please try the export again now.", TimeSpan.FromMilliseconds(2));
        SignInAs(maya);
        var view = Render<ThreadView>(p => p.Add(c => c.ThreadId, thread));
        view.WaitForElement("[data-testid=suggest-replies]", Live);

        await PostAsync(ana, thread, "The export still fails.");

        view.WaitForAssertion(() => view.FindAll("[data-testid=suggestion][data-status=done]").Should().HaveCount(3), Live);
        await view.InvokeAsync(() => view.Find("[data-testid=suggestion][data-rank='1'] [data-testid=suggestion-send]").Click());

        view.WaitForAssertion(() => view.FindAll("[data-testid=suggestions]").Should().BeEmpty(), Live);
        var row = await WaitForRowAsync(r => r.Rank == 1 && r.Outcome == SuggestionOutcome.SentAsIs);
        var sent = await App.QueryAsync(db => db.Messages.AsNoTracking().Where(m => m.SenderId == maya.UserId).ToListAsync());
        var message = sent.Should().ContainSingle(m => m.Content == "Please try the export again now.").Subject;
        row.SentMessageId.Should().Be(message.Id, "the suggestion records the message it became");
    }

    [Fact]
    public async Task Insert_PutsTheTextIntoTheComposerAndRecordsInserted_DismissRecordsTheRest()
    {
        var (maya, ana, thread) = await ConversationAsync();
        _client.Reply = _ => ScriptedReply.Words("Could you send a screenshot?", TimeSpan.Zero);
        var incoming = await PostAsync(ana, thread, "It is broken.");
        long? inserted = null;
        var bar = Render<SuggestionBar>(p => p.Add(c => c.ThreadId, thread).Add(c => c.Me, maya)
            .Add(c => c.IncomingMessageId, incoming.Message.Id).Add(c => c.OnInserted, id => inserted = id));
        bar.WaitForAssertion(() => bar.FindAll("[data-testid=suggestion][data-status=done]").Should().HaveCount(3), Live);

        await bar.InvokeAsync(() => bar.Instance.InsertRankAsync(0)); // Alt+1

        JSInterop.Invocations["qandu.composer.insert"].Should().ContainSingle().Which.Arguments.Should().Equal("Could you send a screenshot?");
        bar.WaitForAssertion(() => bar.Find("[data-testid=suggestion][data-rank='0']").ClassList.Should().Contain("qd-suggestion--inserted"), Live);
        await bar.ClickWhenShownAsync("[data-testid=suggestions-dismiss]");
        bar.WaitForElement("[data-testid=suggest-replies]", Live);
        var rows = await App.QueryAsync(db => db.AiSuggestions.AsNoTracking().ToListAsync());
        rows.Should().HaveCount(3).And.OnlyContain(r => r.Outcome == SuggestionOutcome.Dismissed);
        inserted.Should().Be(rows.Single(r => r.Rank == 0).Id, "the composer is told which suggestion it holds");
    }

    private async Task<AiSuggestion> WaitForRowAsync(Func<AiSuggestion, bool> done)
    {
        var deadline = DateTime.UtcNow + Live;
        while (true)
        {
            var rows = await App.QueryAsync(db => db.AiSuggestions.AsNoTracking().ToListAsync());
            if (rows.FirstOrDefault(done) is { } found)
                return found;
            if (DateTime.UtcNow > deadline)
                throw new TimeoutException("No suggestion reached the expected state: " + string.Join(", ", rows.Select(r => $"{r.Rank} {r.Outcome}")));
            await Task.Delay(25);
        }
    }

    private async Task<(ChatCaller Maya, ChatCaller Ana, long Thread)> ConversationAsync()
    {
        var maya = await App.CreateUserAsync("Maya Chen", Roles.Agent);
        var ana = await App.CreateUserAsync("Ana Souza", role: null);
        var thread = await App.CreateGroupThreadAsync(maya, "Export", ana);
        return (maya, ana, thread);
    }
}
