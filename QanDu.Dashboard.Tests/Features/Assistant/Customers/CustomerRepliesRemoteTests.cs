using Microsoft.EntityFrameworkCore;
using QanDu.Dashboard.Data.Entities;
using QanDu.Dashboard.Features.Access;
using QanDu.Dashboard.Features.Assistant.Customers;
using QanDu.Dashboard.Features.Messages;
using QanDu.Dashboard.Tests.Features.Assistant.Providers;
using QanDu.Dashboard.Tests.Infrastructure;
using static QanDu.Dashboard.Tests.Features.Assistant.Customers.CustomerKit;
using static QanDu.Dashboard.Tests.Features.Widget.WidgetKit;

namespace QanDu.Dashboard.Tests.Features.Assistant.Customers;

/// <summary>
/// Answers to customers from a remote model (OpenAI-compatible and Azure OpenAI, against the loopback fake server): the
/// request carries only the rules, this conversation's public messages and public articles — never another customer's
/// data, an internal article, a private note or a staff email — and the scripted answer streams to the customer.
/// </summary>
public sealed class CustomerRepliesRemoteTests : IAsyncLifetime
{
    private FakeOpenAiServer _server = null!;

    public async Task InitializeAsync() => _server = await FakeOpenAiServer.StartAsync();

    public async Task DisposeAsync() => await _server.DisposeAsync();

    [Theory]
    [InlineData("OpenAI")]
    [InlineData("AzureOpenAI")]
    public async Task RemoteModel_ContextHasOnlyThisConversationsPublicTextAndPublicArticles_AnswerStreamsToTheCustomer(string provider)
    {
        var settings = AiTestSettings.For(provider, _server.Root);
        settings["Ai:FlushInterval"] = "00:00:00.020";
        await using var app = new DashboardFactory { Settings = settings };
        var word = Word();
        // Another customer's identifiers, in another conversation (a bug that read other conversations would carry them).
        var other = await app.StartAsync("Jordan Blake",
            "Hi, Jordan Blake here (jordan.blake@example.org), VAT DE813377421, order ORD-99812: I was charged twice.");
        var agent = await app.CreateUserAsync("Agent Priya", Roles.Agent);
        var agentEmail = await FormSignIn.EmailOfAsync(app.Services, agent.UserId);
        await app.Messages.PostAsync(agent, new PostMessageRequest(other.ThreadId, "Refunded ORD-99812 for Jordan Blake, VAT DE813377421."));
        await ArticleAsync(app, $"{word} refunds escalation (internal)",
            $"INTERNAL-ONLY: {word} refunds above 500 EUR go to finance lead Tomasz; mention case 429.", KnowledgeAudience.Internal);
        var articleId = await ArticleAsync(app, $"Returning a {word} parcel",
            $"To return a {word} parcel, open Orders, choose Return and print the label. Refunds for a {word} return arrive within 5 days.");
        var channel = await AssistantChannelAsync(app);
        var (client, _) = await VisitAsync(app, channel);
        _server.Enqueue(FakeReply.Tokens("Open ", "Orders, ", "choose ", "Return ", "and ", "print ", "the ", "label."));

        var first = await SendAsync(client, $"How do I return a {word} parcel?");
        var firstAnswer = await FinishedAsync(app, first.ConversationId);
        // A private note in this very conversation, with a staff email and the other customer's data in it.
        await app.Messages.PostAsync(agent, new PostMessageRequest(first.ConversationId,
            $"Note: same case as Jordan Blake DE813377421, ask {agentEmail}", IsPrivate: true));
        _server.Enqueue(FakeReply.Tokens("Refunds ", "for ", "a ", "return ", "arrive ", "within ", "5 ", "days."));
        var second = await SendAsync(client, $"When does the refund for my {word} return arrive?", first.ConversationId);
        var secondAnswer = await AssistantMessageAsync(app, first.ConversationId, m => m.Id > second.Id && m.Status != MessageStatus.Sending);

        firstAnswer.Content.Should().Be("Open Orders, choose Return and print the label.");
        secondAnswer.Content.Should().Be("Refunds for a return arrive within 5 days.");
        secondAnswer.Metadata!.Ai!.Sources.Should().ContainSingle(s => s.Url.StartsWith($"/help/articles/{articleId}-"));
        var shown = (await HistoryAsync(client, first.ConversationId)).Messages.Single(m => m.Id == secondAnswer.Id);
        shown.Sender.Kind.Should().Be("assistant");
        shown.Assistant!.Sources.Should().ContainSingle();
        var requests = _server.Requests.Where(r => r.Body is not null).ToList();
        requests.Should().HaveCount(2);
        var body = requests[^1].RawBody;
        body.Should().Contain($"When does the refund for my {word} return arrive?").And.Contain($"How do I return a {word} parcel?")
            .And.Contain("Open Orders, choose Return and print the label.", "the conversation so far goes in")
            .And.Contain($"/help/articles/{articleId}-", "the public article is the reference");
        foreach (var leak in new[] { "Jordan", "Blake", "jordan.blake@example.org", "DE813377421", "ORD-99812", "INTERNAL-ONLY", "Tomasz", "case 429", agentEmail, "Note: same case", "Agent Priya" })
            body.Should().NotContain(leak);
        requests[^1].ToolNames.Should().BeEmpty("the assistant never runs tools for a customer");
        requests[^1].Messages[0].Role.Should().Be("system");
        requests[^1].Messages[0].Content.Should().Contain("only from the help-center articles");
    }

    [Fact]
    public async Task RemoteModelFails_CustomerIsHandedToAPersonNotLeftUnanswered()
    {
        var settings = AiTestSettings.For("OpenAI", _server.Root);
        settings["Ai:MaxRetries"] = "0";
        await using var app = new DashboardFactory { Settings = settings };
        var word = Word();
        await ArticleAsync(app, $"{word} opening hours", $"The {word} shop is open Monday to Friday from 9 to 17.");
        var channel = await AssistantChannelAsync(app);
        var (client, _) = await VisitAsync(app, channel);
        _server.Enqueue(FakeReply.Error(400, "The model refused the request."));

        var question = await SendAsync(client, $"When is the {word} shop open?");
        var reply = await FinishedAsync(app, question.ConversationId);
        var thread = await ThreadAsync(app, question.ConversationId, t => t.HandedOffAt != null);

        thread.HandOffReason.Should().Be(HandOffRules.AssistantUnavailable);
        reply.Content.Should().Be(HandOffRules.Message("en"));
        reply.Metadata!.Ai!.Error.Should().NotBeNullOrEmpty("staff see why");
        (await HistoryAsync(client, question.ConversationId)).Messages.Single(m => m.Id == reply.Id).Content.Should().NotContain("refused");
    }
}
