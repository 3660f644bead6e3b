using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using QanDu.Dashboard.Data.Entities;
using QanDu.Dashboard.Features.Access;
using QanDu.Dashboard.Features.Assistant.Suggestions;
using QanDu.Dashboard.Features.Messages;
using QanDu.Dashboard.Tests.Features.Assistant.Providers;
using QanDu.Dashboard.Tests.Infrastructure;

namespace QanDu.Dashboard.Tests.Features.Assistant.Suggestions;

/// <summary>Suggestions from a remote model: three parallel streamed requests through both providers, and provider errors.</summary>
public sealed class SuggestionServiceRemoteTests : IAsyncLifetime
{
    private FakeOpenAiServer _server = null!;

    public async Task InitializeAsync() => _server = await FakeOpenAiServer.StartAsync();

    public async Task DisposeAsync() => await _server.DisposeAsync();

    [Theory]
    [InlineData("OpenAI")]
    [InlineData("AzureOpenAI")]
    public async Task SuggestAsync_RemoteProvider_ThreeParallelStreamedVariantsOfThisThreadOnly(string provider)
    {
        using var app = new DashboardFactory { Settings = AiTestSettings.For(provider, _server.Root) };
        var (maya, thread) = await ConversationAsync(app);
        _server.Enqueue(FakeReply.Tokens("Alpha ", "reply ", "one."), FakeReply.Tokens("Beta ", "reply ", "two."), FakeReply.Tokens("Gamma ", "reply ", "three?"));

        var updates = await CollectAsync(app, maya, thread);

        var done = updates.Where(u => u.Status == SuggestionStatus.Done).ToList();
        done.Select(d => d.Rank).Should().BeEquivalentTo([0, 1, 2]);
        done.Select(d => d.Text).Should().BeEquivalentTo(["Alpha reply one.", "Beta reply two.", "Gamma reply three?"]);
        updates.Should().Contain(u => u.Status == SuggestionStatus.Streaming);
        var requests = _server.Requests.ToList();
        requests.Should().HaveCount(3);
        requests.Select(r => r.Messages[0].Content).Should().Contain(s => s.Contains("short reply"))
            .And.Contain(s => s.Contains("complete, helpful reply")).And.Contain(s => s.Contains("clarifying question"));
        foreach (var request in requests)
        {
            request.Body!.Value.GetProperty("stream").GetBoolean().Should().BeTrue();
            request.Body.Value.GetProperty("temperature").GetDouble().Should().BeApproximately(0.3, 0.001);
            request.Messages.Should().Contain(("user", "Ana Souza: My export to CSV fails with error 504."));
            request.Messages.Should().Contain(("assistant", "Which file size was it?"));
            request.Messages.Should().NotContain(m => m.Content.Contains("other-thread-secret"), "only this thread's messages are sent");
        }
        var rows = await app.QueryAsync(db => db.AiSuggestions.AsNoTracking().ToListAsync());
        rows.Should().HaveCount(3).And.OnlyContain(r => r.Model != null && r.Outcome == SuggestionOutcome.Shown);
    }

    [Theory]
    [InlineData("OpenAI")]
    [InlineData("AzureOpenAI")]
    public async Task SuggestAsync_ProviderRejectsKey_EachFailsNamingTheReasonAndNothingIsStored(string provider)
    {
        using var app = new DashboardFactory { Settings = AiTestSettings.For(provider, _server.Root) };
        var (maya, thread) = await ConversationAsync(app);
        _server.Enqueue(FakeReply.Error(401, "Incorrect API key provided."));

        var updates = await CollectAsync(app, maya, thread);

        updates.Should().HaveCount(3).And.OnlyContain(u => u.Status == SuggestionStatus.Failed && u.Error!.Length > 0);
        updates[0].Error.Should().ContainAny("key", "Key");
        (await app.QueryAsync(db => db.AiSuggestions.CountAsync())).Should().Be(0);
        var result = await app.Services.GetRequiredService<SuggestionService>().SuggestAllAsync(maya, thread, null);
        result.Suggestions.Should().BeEmpty();
        result.Error.Should().NotBeNullOrEmpty();
    }

    [Theory]
    [InlineData("OpenAI")]
    [InlineData("AzureOpenAI")]
    public async Task SuggestAsync_RemoteProvider_RequestCarriesOnlyAllowedSourcesCleaned(string provider)
    {
        using var app = new DashboardFactory { Settings = AiTestSettings.For(provider, _server.Root) };
        var maya = await app.CreateUserAsync("Maya Chen", Roles.Agent);
        var priya = await app.CreateUserAsync("Priya Raman", Roles.Supervisor);
        var jordan = new SeededCustomer("Jordan Blake", "jordan.blake@example.com", "+1 415 555 0142", "user-7781", "Blake & Partners", "DE813992016", "ORD-55120");
        var jordanContact = await app.CustomerAsync(jordan);
        await app.ResolvedAsync(maya, jordanContact, "Double charge", "I was charged twice for my subscription, can I get a refund for the double payment?",
            $"Hi Jordan! I've refunded the duplicate payment on {jordan.Order}. Card refunds take 5 to 10 business days to appear on the statement.",
            privateNote: $"privatenote: {jordan.Name} (VAT {jordan.Vat}) always disputes double payments, refund quickly.");
        await app.ArticleAsync(priya, "Refunds for double payments",
            "When a customer was charged twice, refund the duplicate payment from the billing page. As agreed with Jordan Blake, a credit note goes out too.");
        var team = await app.CreateGroupThreadAsync(maya, "Billing team", await app.CreateUserAsync("Tom Okafor", Roles.Agent));
        await app.PostAsync(maya, team, "teamonly: the double payment refund for Jordan Blake went through the billing console.");
        var ana = await app.CustomerAsync("Ana Souza");
        var thread = await app.CustomerThreadAsync(ana, "Ana's billing");
        await app.PostAsync(ana.Caller, thread, "Hi, I was charged twice.");
        await app.PostAsync(maya, thread, "notehere: Ana's card is flagged, check the fraud tool first.", isPrivate: true);
        await app.PostAsync(ana.Caller, thread, "I was charged twice for my subscription. Can I get a refund for the double payment?");
        // A model that would repeat whatever customer data it was given: the context must not hold any.
        _server.Enqueue(FakeReply.Tokens("Jordan ", "Blake's ", "VAT?"), FakeReply.Tokens("Refund ", "coming."), FakeReply.Tokens("Which ", "card?"));

        await CollectAsync(app, maya, thread);

        var requests = _server.Requests.ToList();
        requests.Should().HaveCount(3);
        foreach (var request in requests)
        {
            // The decoded message texts: the raw JSON may escape characters such as '&' or '+'.
            var body = string.Join("\n", request.Messages.Select(m => m.Content));
            request.RawBody.Should().NotContain("Jordan").And.NotContain(jordan.Vat);
            body.Should().Contain("refund the duplicate payment from the billing page", "the article is allowed reference material");
            body.Should().Contain("Card refunds take 5 to 10 business days", "the earlier answer is allowed, cleaned");
            request.Messages.Should().Contain(("user", "Ana Souza: I was charged twice for my subscription. Can I get a refund for the double payment?"));
            foreach (var forbidden in jordan.Identifiers.Concat(["privatenote", "teamonly", "notehere", "fraud tool"]))
                body.Should().NotContain(forbidden);
        }
    }

    private static async Task<(ChatCaller Maya, long Thread)> ConversationAsync(DashboardFactory app)
    {
        var maya = await app.CreateUserAsync("Maya Chen", Roles.Agent);
        var ana = await app.CreateUserAsync("Ana Souza", role: null);
        var other = await app.CreateGroupThreadAsync(maya, "Other", await app.CreateUserAsync("Lee Wong", role: null));
        await app.Messages.PostAsync(maya, new PostMessageRequest(other, "other-thread-secret", "k0"));
        var thread = await app.CreateGroupThreadAsync(maya, "Export", ana);
        await app.Messages.PostAsync(ana, new PostMessageRequest(thread, "My export fails.", "k1"));
        await app.Messages.PostAsync(maya, new PostMessageRequest(thread, "Which file size was it?", "k2"));
        await app.Messages.PostAsync(ana, new PostMessageRequest(thread, "My export to CSV fails with error 504.", "k3"));
        return (maya, thread);
    }

    private static async Task<List<SuggestionUpdate>> CollectAsync(DashboardFactory app, ChatCaller caller, long thread)
    {
        var updates = new List<SuggestionUpdate>();
        await foreach (var update in app.Services.GetRequiredService<SuggestionService>().SuggestAsync(caller, thread, null))
            updates.Add(update);
        return updates;
    }
}
