using System.Net;
using System.Net.Http.Json;
using Microsoft.EntityFrameworkCore;
using QanDu.Dashboard.Data.Entities;
using QanDu.Dashboard.Features.Access;
using QanDu.Dashboard.Features.Assistant.Suggestions;
using QanDu.Dashboard.Features.Messages;
using QanDu.Dashboard.Tests.Infrastructure;

namespace QanDu.Dashboard.Tests.Features.Assistant.Suggestions;

/// <summary>GET /api/chat/thread/{id}/suggestions and POST /api/chat/suggestions/{id}/outcome, errors as problem details.</summary>
public sealed class SuggestionApiTests : IAsyncLifetime, IDisposable
{
    private readonly DashboardFactory _app = new() { Settings = { ["Ai:Local:TokenDelay"] = "00:00:00" } };
    private ChatCaller _maya = null!;
    private ChatCaller _ana = null!;
    private long _thread;
    private HttpClient _client = null!;

    public async Task InitializeAsync()
    {
        _maya = await _app.CreateUserAsync("Maya Chen", Roles.Agent);
        _ana = await _app.CreateUserAsync("Ana Souza", role: null);
        // A resolved customer conversation: its answer may be suggested, cleaned of Jordan's details.
        await _app.ResolvedAsync(_maya, await _app.CustomerAsync("Jordan Blake"), "Refund", "I was charged twice for my order, can I get a refund?",
            "Thanks Jordan. I've refunded the duplicate payment; it shows on your card within 5-10 business days.");
        _thread = await _app.CreateGroupThreadAsync(_maya, "Ana", _ana);
        _client = await _app.CreateClientForAsync(_maya);
    }

    [Fact]
    public async Task GetSuggestions_ThenSentOutcome_RecordsSentAsIs()
    {
        await Post(_ana, _thread, "Hello, I was charged twice for my order. Refund please?");

        var response = await _client.GetAsync($"/api/chat/thread/{_thread}/suggestions");

        response.StatusCode.Should().Be(HttpStatusCode.OK);
        var result = await response.ReadAsync<SuggestionsResult>();
        var suggestion = result.Suggestions.Should().ContainSingle().Subject;
        suggestion.Text.Should().Be("Hi Ana! I've refunded the duplicate payment; it shows on your card within 5-10 business days.");
        suggestion.Source!.Title.Should().Be("Earlier answer in “Refund”");
        suggestion.Source.Url.Should().StartWith("/threads/");
        var sent = await Post(_maya, _thread, suggestion.Text);
        var outcome = await _client.PostAsJsonAsync($"/api/chat/suggestions/{suggestion.Id}/outcome", new { outcome = "sent", messageId = sent });
        outcome.StatusCode.Should().Be(HttpStatusCode.OK);
        (await outcome.ReadAsync<SuggestionOutcomeView>()).Outcome.Should().Be(SuggestionOutcome.SentAsIs);
        var dismissed = await _client.PostAsJsonAsync($"/api/chat/suggestions/{suggestion.Id}/outcome", new { outcome = "dismissed" });
        (await dismissed.ReadAsync<SuggestionOutcomeView>()).Outcome.Should().Be(SuggestionOutcome.SentAsIs, "a sent suggestion stays sent");
    }

    [Fact]
    public async Task Errors_AnswerProblemDetailsNamingTheField()
    {
        await Post(_ana, _thread, "Hello, I was charged twice for my order. Refund please?");
        var id = (await (await _client.GetAsync($"/api/chat/thread/{_thread}/suggestions")).ReadAsync<SuggestionsResult>()).Suggestions[0].Id;

        var bad = await _client.PostAsJsonAsync($"/api/chat/suggestions/{id}/outcome", new { outcome = "loved" });
        var noMessage = await _client.PostAsJsonAsync($"/api/chat/suggestions/{id}/outcome", new { outcome = "sent" });
        var hidden = await (await _app.CreateClientForAsync(await _app.CreateUserAsync("Tom Okafor", Roles.Agent)))
            .GetAsync($"/api/chat/thread/{_thread}/suggestions");
        var notMine = await (await _app.CreateClientForAsync(_ana)).PostAsJsonAsync($"/api/chat/suggestions/{id}/outcome", new { outcome = "inserted" });

        (await bad.ReadProblemAsync()).Errors.Should().ContainKey("outcome");
        bad.StatusCode.Should().Be(HttpStatusCode.BadRequest);
        (await noMessage.ReadProblemAsync()).Errors.Should().ContainKey("messageId");
        hidden.StatusCode.Should().Be(HttpStatusCode.NotFound);
        (await hidden.ReadProblemAsync()).Status.Should().Be(HttpStatusCode.NotFound);
        notMine.StatusCode.Should().Be(HttpStatusCode.NotFound);
        (await _app.QueryAsync(db => db.AiSuggestions.AsNoTracking().SingleAsync(s => s.Id == id))).Outcome.Should().Be(SuggestionOutcome.Shown);
    }

    private async Task<long> Post(ChatCaller sender, long threadId, string content) =>
        (await _app.Messages.PostAsync(sender, new PostMessageRequest(threadId, content, Guid.NewGuid().ToString("N")))).Message.Id;

    public Task DisposeAsync() => Task.CompletedTask;

    public void Dispose() => _app.Dispose();
}
