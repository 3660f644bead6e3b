using Microsoft.Extensions.DependencyInjection;
using QanDu.Dashboard.Features.Access;
using QanDu.Dashboard.Features.Assistant.Summaries;
using QanDu.Dashboard.Features.Messages;
using QanDu.Dashboard.Tests.Infrastructure;

namespace QanDu.Dashboard.Tests.Features.Assistant.Summaries;

/// <summary>
/// Summaries with a remote model (the loopback OpenAI-format server): the model is asked for the four parts with this
/// conversation only, and when it fails or answers nonsense the extractive summary stands in.
/// </summary>
public sealed class ConversationSummariesRemoteTests(ProviderAppFixture fixture) : IClassFixture<ProviderAppFixture>
{
    private FakeOpenAiServer Server => fixture.Server;

    private async Task<(DashboardFactory App, ChatCaller Tom, long ThreadId)> ConversationAsync()
    {
        var app = fixture.App("OpenAI");
        var tom = await app.CreateUserAsync("Tom Okafor", Roles.Agent);
        var other = await app.StartAsync("Other Customer", "other-thread-secret: my VAT number is DE999999999");
        var chat = await app.StartAsync("Rosa Diaz", "We were charged twice for April. Can you refund one payment?");
        await app.Threads.AssignAsync(tom, chat.ThreadId, tom.UserId);
        await app.Messages.PostAsync(tom, new PostMessageRequest(chat.ThreadId, "Approved by finance, ticket FIN-42.", IsPrivate: true));
        await app.Messages.PostAsync(tom, new PostMessageRequest(chat.ThreadId, "I've refunded the duplicate payment of $120.00."));
        other.ThreadId.Should().NotBe(chat.ThreadId);
        return (app, tom, chat.ThreadId);
    }

    [Fact]
    public async Task SummarizeAsync_RemoteModel_FourPartsFromItsAnswerAndThePromptHoldsThisThreadOnly()
    {
        var (app, tom, threadId) = await ConversationAsync();
        Server.Enqueue(FakeReply.Tokens("""
            ```json
            {"problem": "Rosa was charged twice for April.", "done": ["Tom refunded the duplicate $120.00."], "outcome": "Refunded; awaiting confirmation.", "open": []}
            ```
            """));
        var before = Server.Requests.Count;

        var summary = await app.Services.GetRequiredService<ConversationSummaries>().SummarizeAsync(tom, threadId);

        summary.Should().Be(new ConversationSummary("Rosa was charged twice for April.", "Tom refunded the duplicate $120.00.",
            "Refunded; awaiting confirmation.", "",
            "**Problem:** Rosa was charged twice for April.\n\n**Done:**\n- Tom refunded the duplicate $120.00.\n\n**Outcome:** Refunded; awaiting confirmation.\n\n**Open:** Nothing open."));
        var request = Server.Requests.Skip(before).Single();
        request.Messages[0].Role.Should().Be("system");
        request.Messages[0].Content.Should().Contain("\"problem\"").And.Contain("\"done\"").And.Contain("\"outcome\"").And.Contain("\"open\"");
        request.Messages[1].Content.Should().Contain("[Customer] Rosa Diaz: We were charged twice for April.")
            .And.Contain("[Team, private note] Tom Okafor: Approved by finance, ticket FIN-42.")
            .And.Contain("[Team] Tom Okafor: I've refunded the duplicate payment of $120.00.");
        request.RawBody.Should().NotContain("other-thread-secret").And.NotContain("DE999999999", "only this conversation goes to the model");
    }

    [Fact]
    public async Task SummarizeAsync_ProviderFails_TheExtractiveSummaryStandsIn()
    {
        var (app, tom, threadId) = await ConversationAsync();
        Server.Enqueue(FakeReply.Error(401, "Incorrect API key provided."));

        var summary = await app.Services.GetRequiredService<ConversationSummaries>().SummarizeAsync(tom, threadId);

        summary.Problem.Should().Contain("charged twice for April");
        summary.Done.Should().Contain("Tom Okafor: I've refunded the duplicate payment of $120.00.");
    }

    [Fact]
    public async Task SummarizeAsync_ModelAnswersWithoutTheParts_TheExtractiveSummaryStandsIn()
    {
        var (app, tom, threadId) = await ConversationAsync();
        Server.Enqueue(FakeReply.Tokens("Sure! The customer wanted a refund and got one."));

        var summary = await app.Services.GetRequiredService<ConversationSummaries>().SummarizeAsync(tom, threadId);

        summary.Markdown.Should().StartWith("**Problem:** We were charged twice for April.");
        summary.Done.Should().Contain("refunded the duplicate payment");
    }
}
