using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using QanDu.Dashboard.Data.Entities;
using QanDu.Dashboard.Features.Access;
using QanDu.Dashboard.Features.AiSettings;
using QanDu.Dashboard.Features.Assistant.Local;
using QanDu.Dashboard.Features.Assistant.Suggestions;
using QanDu.Dashboard.Features.Messages;
using QanDu.Dashboard.Features.Threads;
using QanDu.Dashboard.Tests.Infrastructure;

namespace QanDu.Dashboard.Tests.Features.Assistant.Suggestions;

/// <summary>
/// Suggested replies from the offline Local assistant: from knowledge articles and the team's answers in resolved customer
/// conversations, cleaned of other customers' data; never team threads, private notes, open conversations or threads the
/// agent cannot see. And what is recorded of them.
/// </summary>
public sealed class SuggestionServiceTests : IAsyncLifetime, IDisposable
{
    private static readonly SeededCustomer Jordan = new("Jordan Blake", "jordan.blake@example.com", "+1 415 555 0142", "user-7781",
        "Blake & Partners", "DE813992016", "ORD-55120");

    private readonly DashboardFactory _app = new() { Settings = { ["Ai:Local:TokenDelay"] = "00:00:00.005" } };
    private ChatCaller _maya = null!;
    private ChatCaller _tom = null!;
    private ChatCaller _priya = null!;
    private SuggestionCorpus.Customer _ana = null!;
    private long _thread;

    private SuggestionService Suggestions => _app.Services.GetRequiredService<SuggestionService>();

    public async Task InitializeAsync()
    {
        _maya = await _app.CreateUserAsync("Maya Chen", Roles.Agent);
        _tom = await _app.CreateUserAsync("Tom Okafor", Roles.Agent);
        _priya = await _app.CreateUserAsync("Priya Raman", Roles.Supervisor);
        var jordan = await _app.CustomerAsync(Jordan);
        var sam = await _app.CustomerAsync("Sam Rivera");

        await _app.ResolvedAsync(_maya, jordan, "Refund for order 1042", "I was charged twice for order 1042. Can I get my money back for the double payment?",
            "Hi Jordan! Sorry about that. I've refunded the duplicate payment; card refunds take 5-10 business days to appear.");
        await _app.ResolvedAsync(_maya, sam, "Double charge", "My card was charged twice for the same subscription payment, I want a refund.",
            "Hello Sam, the second charge is a temporary authorization hold; it disappears within 3 days, so no refund is needed.",
            privateNote: "privatenote: Sam Rivera threatens a chargeback on every double payment, refund the subscription without asking.");
        await _app.ResolvedAsync(_maya, await _app.CustomerAsync("Lee Wong"), "Charged twice this month",
            "You charged me twice this month for my subscription! Refund the extra payment please.",
            "Hi Lee, I can see both payments. I've issued a refund for the extra one and noted it on your account.");
        await _app.ResolvedAsync(_maya, await _app.CustomerAsync("Kim Park"), "Exporting contacts", "How do I export my contacts to a spreadsheet file?",
            "Go to Settings, then Data, then Export, and choose CSV.");
        // All about Jordan's own case: nothing general is left once his details are out.
        await _app.ResolvedAsync(_maya, jordan, "Double payment on the invoice", "Charged twice on my subscription invoice, refund the double payment please.",
            $"Refunded {Jordan.Order} to the Visa ending 4417. The credit note for {Jordan.Company} (VAT {Jordan.Vat}) went to {Jordan.Email}.");
        // Not allowed: an open conversation, a team thread, and a conversation Maya cannot see (assigned to Tom).
        await _app.ResolvedAsync(_maya, await _app.CustomerAsync("Olu Ade"), "Still open", "Charged twice for my subscription, refund the double payment!",
            "openanswer: refund the double payment from the subscription page.", resolve: false);
        var team = await _app.CreateGroupThreadAsync(_maya, "Billing team", _tom);
        await _app.PostAsync(_tom, team, "A customer was charged twice for the subscription, how do I refund the double payment?");
        await _app.PostAsync(_maya, team, "teamonly: refund the double payment in the billing console, the subscription stays.");
        var hidden = await _app.ResolvedAsync(_tom, await _app.CustomerAsync("Rui Costa"), "Hidden double charge",
            "I was charged twice for my subscription, refund the double payment!", "secretfix: we void the double payment from the billing console.");
        await _app.Threads.UpdateThreadAsync(_tom, hidden, new UpdateThreadRequest(AssigneeId: _tom.UserId));

        _ana = await _app.CustomerAsync("Ana Souza");
        _thread = await _app.CustomerThreadAsync(_ana, "Ana's billing");
        await _app.Threads.UpdateThreadAsync(_maya, _thread, new UpdateThreadRequest(AssigneeId: _maya.UserId)); // Maya's, not Tom's
    }

    [Fact]
    public async Task SuggestAsync_RelevantQuestion_StreamsCleanedResolvedAnswersGreetingTheCustomer()
    {
        await Post(_ana.Caller, _thread, "Hello, I was charged twice for my subscription. Can I get a refund for the double payment?");

        var updates = await CollectAsync(_maya, _thread);

        var done = updates.Where(u => u.Status == SuggestionStatus.Done).OrderBy(u => u.Rank).ToList();
        done.Should().HaveCount(3);
        done.Select(d => d.Text).Should().OnlyHaveUniqueItems();
        done.Should().OnlyContain(d => d.Text.StartsWith("Hi Ana! ") && d.SuggestionId != null && d.Model == LocalChatClient.ModelName
                                       && d.Source!.Kind == SuggestionSourceKind.EarlierAnswer && d.Source.Url.StartsWith("/threads/"));
        done.Select(d => d.Text).Should().Contain(t => t.Contains("5-10 business days")).And.Contain(t => t.Contains("authorization hold"));
        updates.Should().Contain(u => u.Status == SuggestionStatus.Streaming, "each suggestion streams in before it is done");
        var texts = string.Join("\n", updates.Select(u => u.Text));
        texts.Should().NotContain("Settings, then Data", "an unrelated answer is not suggested");
        foreach (var forbidden in new[] { "Jordan", "Sam", "Lee", "privatenote", "openanswer", "teamonly", "secretfix", "4417" })
            texts.Should().NotContain(forbidden);
        foreach (var identifier in Jordan.Identifiers)
            texts.Should().NotContain(identifier);
        var rows = await RowsAsync();
        rows.Should().HaveCount(3).And.OnlyContain(r => r.Outcome == SuggestionOutcome.Shown && r.UserId == _maya.UserId && r.ThreadId == _thread);
    }

    [Fact]
    public async Task SuggestAsync_ArticleCoversTheQuestion_FirstSuggestionIsTheArticleCitedForStaff()
    {
        var article = await _app.ArticleAsync(_priya, "Refunds for double payments",
            "When a customer was charged twice, refund the duplicate payment from the billing page. Card refunds take 5 to 10 business days. "
            + "As agreed with Jordan Blake, enterprise customers also get a credit note.");
        await Post(_ana.Caller, _thread, "Hello, I was charged twice for my subscription. Can I get a refund for the double payment?");

        var done = (await CollectAsync(_maya, _thread)).Where(u => u.Status == SuggestionStatus.Done).OrderBy(u => u.Rank).ToList();

        done.Should().HaveCount(3);
        done[0].Source.Should().Be(new SuggestionSource("Refunds for double payments", $"/knowledge/{article}", SuggestionSourceKind.Article));
        done[0].Text.Should().StartWith("Hi Ana! ").And.Contain("refund the duplicate payment").And.NotContain("Jordan", "an internal article naming a customer is cleaned");
        var api = await SuggestAllAsync();
        api.Suggestions[0].Source!.Url.Should().Be($"/knowledge/{article}");
    }

    [Fact]
    public async Task SuggestAsync_OnlyTeamThreadsPrivateNotesOrOpenConversationsMatch_NoSuggestions()
    {
        await Post(_ana.Caller, _thread, "Can the billing console void a chargeback threat?");

        var updates = await CollectAsync(_maya, _thread);

        updates.Should().BeEmpty("the only matching text is in a team thread, a private note or a conversation Maya cannot see");
    }

    [Fact]
    public async Task SuggestAsync_IrrelevantMessage_NoSuggestionsAndNothingStored()
    {
        await Post(_ana.Caller, _thread, "What colour are the moons of Jupiter tonight?");

        var updates = await CollectAsync(_maya, _thread);

        updates.Should().BeEmpty();
        (await RowsAsync()).Should().BeEmpty();
    }

    [Fact]
    public async Task SuggestAsync_ThreadCallerCannotSee_NotFound()
    {
        await Post(_ana.Caller, _thread, "I was charged twice.");

        var act = () => CollectAsync(_tom, _thread);

        await act.Should().ThrowAsync<ChatNotFoundException>();
    }

    [Fact]
    public async Task SuggestAsync_AiThreadOrNothingToAnswer_NamesTheProblem()
    {
        var ai = (await _app.Threads.CreateThreadAsync(_maya, new CreateThreadRequest(ThreadType.Ai, "Questions", []))).Id;

        await FluentActions.Awaiting(() => CollectAsync(_maya, ai)).Should().ThrowAsync<ChatValidationException>().WithMessage("*AI thread*");
        await FluentActions.Awaiting(() => CollectAsync(_maya, _thread)).Should().ThrowAsync<ChatValidationException>()
            .WithMessage("*no message from someone else*");
    }

    [Fact]
    public async Task SuggestAsync_TurnedOffInSettings_Refused()
    {
        await Post(_ana.Caller, _thread, "I was charged twice for my subscription.");
        var store = _app.Services.GetRequiredService<AssistantSettingsStore>();
        var admin = await _app.CreateUserAsync("Alex Admin", Roles.Admin);
        await store.SaveAsync(admin, store.Current with { SuggestionsEnabled = false }, store.CurrentVersioned.Version);

        Suggestions.Enabled.Should().BeFalse();
        await FluentActions.Awaiting(() => CollectAsync(_maya, _thread)).Should().ThrowAsync<ChatValidationException>().WithMessage("*turned off*");
    }

    [Fact]
    public async Task SuggestAsync_CancelledWhileStreaming_StopsAndStoresNothing()
    {
        await Post(_ana.Caller, _thread, "Hello, I was charged twice for my subscription. Can I get a refund for the double payment?");
        using var cancel = new CancellationTokenSource();
        var seen = 0;

        var act = async () =>
        {
            await foreach (var _ in Suggestions.SuggestAsync(_maya, _thread, null, cancel.Token))
            {
                seen++;
                await cancel.CancelAsync(); // a newer message arrived
            }
        };

        await act.Should().ThrowAsync<OperationCanceledException>();
        seen.Should().Be(1);
        (await RowsAsync()).Should().BeEmpty();
    }

    [Fact]
    public async Task Outcomes_InsertedThenEditedSentAsIsAndDismissed_Recorded()
    {
        var question = await Post(_ana.Caller, _thread, "Hello, I was charged twice for my subscription. Can I get a refund for the double payment?");
        var done = (await CollectAsync(_maya, _thread)).Where(u => u.Status == SuggestionStatus.Done).OrderBy(u => u.Rank).ToList();
        var (first, second, third) = (done[0], done[1], done[2]);

        await Suggestions.InsertedAsync(_maya, first.SuggestionId!.Value);
        (await RowsAsync()).Single(r => r.Id == first.SuggestionId).Outcome.Should().Be(SuggestionOutcome.Inserted);
        var edited = await Post(_maya, _thread, first.Text + " Anything else I can do?");
        (await Suggestions.SentAsync(_maya, first.SuggestionId.Value, edited)).Should().Be(SuggestionOutcome.Edited);
        var asIs = await Post(_maya, _thread, "  " + second.Text + "\n");
        (await Suggestions.SentAsync(_maya, second.SuggestionId!.Value, asIs)).Should().Be(SuggestionOutcome.SentAsIs);
        await Suggestions.DismissAsync(_maya, [first.SuggestionId.Value, second.SuggestionId.Value, third.SuggestionId!.Value]);

        var rows = (await RowsAsync()).ToDictionary(r => r.Id);
        rows[first.SuggestionId.Value].Should().Match<AiSuggestion>(r => r.Outcome == SuggestionOutcome.Edited && r.SentMessageId == edited
                                                                         && r.ForMessageId == question && r.DecidedAt != null);
        rows[second.SuggestionId.Value].Should().Match<AiSuggestion>(r => r.Outcome == SuggestionOutcome.SentAsIs && r.SentMessageId == asIs);
        rows[third.SuggestionId.Value].Outcome.Should().Be(SuggestionOutcome.Dismissed, "dismissing leaves sent ones as they were");
    }

    [Fact]
    public async Task Outcomes_SomeoneElsesSuggestionOrMessage_Refused()
    {
        await Post(_ana.Caller, _thread, "Hello, I was charged twice for my subscription. Can I get a refund for the double payment?");
        var id = (await CollectAsync(_maya, _thread)).First(u => u.Status == SuggestionStatus.Done).SuggestionId!.Value;
        var anasMessage = await Post(_ana.Caller, _thread, "Any news?");

        await FluentActions.Awaiting(() => Suggestions.InsertedAsync(_tom, id)).Should().ThrowAsync<ChatNotFoundException>();
        await FluentActions.Awaiting(() => Suggestions.DismissAsync(_ana.Caller, [id])).Should().ThrowAsync<ChatNotFoundException>();
        await FluentActions.Awaiting(() => Suggestions.SentAsync(_maya, id, anasMessage)).Should().ThrowAsync<ChatValidationException>()
            .WithMessage("*not one you sent*");
        (await RowsAsync()).Single(r => r.Id == id).Outcome.Should().Be(SuggestionOutcome.Shown);
    }

    private async Task<List<SuggestionUpdate>> CollectAsync(ChatCaller caller, long threadId)
    {
        var updates = new List<SuggestionUpdate>();
        await foreach (var update in Suggestions.SuggestAsync(caller, threadId, null))
            updates.Add(update);
        return updates;
    }

    private Task<List<AiSuggestion>> RowsAsync() => _app.QueryAsync(db => db.AiSuggestions.AsNoTracking().ToListAsync());

    private Task<SuggestionsResult> SuggestAllAsync() => Suggestions.SuggestAllAsync(_maya, _thread, null);

    private async Task<long> Post(ChatCaller sender, long threadId, string content) =>
        (await _app.Messages.PostAsync(sender, new PostMessageRequest(threadId, content, Guid.NewGuid().ToString("N")))).Message.Id;

    public Task DisposeAsync() => Task.CompletedTask;

    public void Dispose() => _app.Dispose();
}
