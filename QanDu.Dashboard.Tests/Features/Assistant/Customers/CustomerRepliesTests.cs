using System.Net;
using System.Net.Http.Json;
using Microsoft.EntityFrameworkCore;
using QanDu.Dashboard.Data.Entities;
using QanDu.Dashboard.Features.Assistant.Customers;
using QanDu.Dashboard.Features.Messages;
using QanDu.Dashboard.Tests.Infrastructure;
using static QanDu.Dashboard.Tests.Features.Assistant.Customers.CustomerKit;
using static QanDu.Dashboard.Tests.Features.Widget.WidgetKit;

namespace QanDu.Dashboard.Tests.Features.Assistant.Customers;

/// <summary>
/// The assistant answering customers first (offline Local assistant), over the visitor API and hub as the widget uses
/// them: answers from public knowledge, and each way it hands the conversation to a person.
/// </summary>
public sealed class CustomerRepliesTests : IClassFixture<CustomerRepliesTests.App>
{
    private readonly DashboardFactory _app;

    public CustomerRepliesTests(App app) => _app = app.Factory;

    public sealed class App : IAsyncDisposable
    {
        public DashboardFactory Factory { get; } = new() { Settings = { ["Ai:Local:TokenDelay"] = "00:00:00.020", ["Ai:FlushInterval"] = "00:00:00.020" } };

        public ValueTask DisposeAsync() => Factory.DisposeAsync();
    }

    [Fact]
    public async Task CoveredQuestion_AnswersFromThePublicArticle_ConversationWaitsOnTheAssistantUnrouted()
    {
        var word = Word();
        var articleId = await ArticleAsync(_app, $"Exporting {word} invoices",
            $"To export your {word} invoices, open Billing, choose Invoices and press Export. The file is a CSV you can open in any spreadsheet.");
        var channel = await AssistantChannelAsync(_app);
        var (client, _) = await VisitAsync(_app, channel);

        var question = await SendAsync(client, $"How do I export my {word} invoices?");
        var answer = await FinishedAsync(_app, question.ConversationId);

        answer.Status.Should().Be(MessageStatus.Sent);
        answer.ClientKey.Should().Be(PendingAiReplies.KeyFor(question.Id), "it is the reply recorded with the question");
        answer.Content.Should().Contain("Export").And.Contain($"/help/articles/{articleId}-");
        var shown = (await HistoryAsync(client, question.ConversationId)).Messages.Single(m => m.Id == answer.Id);
        shown.Sender.Kind.Should().Be("assistant");
        shown.Status.Should().Be("sent");
        shown.Assistant!.Sources.Should().ContainSingle(s => s.Url.StartsWith($"/help/articles/{articleId}-"));
        shown.Assistant.Feedback.Should().BeNull();
        var thread = await _app.QueryAsync(db => db.Threads.AsNoTracking().SingleAsync(t => t.Id == question.ConversationId));
        thread.Status.Should().Be(ThreadStatus.Pending, "it waits on the assistant");
        thread.HandedOffAt.Should().BeNull();
        (await _app.QueryAsync(db => db.Messages.CountAsync(m => m.ThreadId == thread.Id && m.Type == MessageType.System)))
            .Should().Be(0, "routing leaves a conversation the assistant answers alone");
    }

    [Fact]
    public async Task Answer_StreamsIntoTheWidget_SendingWhileItGrowsThenSentWithItsSources()
    {
        var word = Word();
        await ArticleAsync(_app, $"Changing the {word} delivery address",
            $"You can change the {word} delivery address until the parcel ships. Open Orders, pick the order and choose Edit address. "
            + "After shipping, contact the carrier with your tracking number. Changes are confirmed by email within minutes.");
        var other = Word();
        await ArticleAsync(_app, $"Pausing a {other} subscription", $"Pause your {other} subscription in Settings, then Plan, then Pause.");
        var channel = await AssistantChannelAsync(_app);
        var (client, session) = await VisitAsync(_app, channel);
        var first = await SendAsync(client, $"How do I pause my {other} subscription?");
        await FinishedAsync(_app, first.ConversationId);
        await using var hub = await VisitorHub.ConnectAsync(_app, session.VisitorToken);

        await SendAsync(client, $"And can I change the {word} delivery address of my order?", first.ConversationId);
        var events = await hub.UntilAsync((name, m) => name == "messageUpdated" && m.GetProperty("status").GetString() == "sent"
                                                       && m.GetProperty("sender").GetProperty("kind").GetString() == "assistant");

        var fromAssistant = events.Where(e => e.Payload.GetProperty("sender").GetProperty("kind").GetString() == "assistant").ToList();
        fromAssistant.Count(e => e.Payload.GetProperty("status").GetString() == "sending").Should().BeGreaterThan(1, "the answer grows in the widget");
        var final = fromAssistant[^1].Payload;
        // A "can I" question is answered with the rule that answers it (the composer leads with the direct answer).
        final.GetProperty("content").GetString().Should().Contain($"You can change the {word} delivery address until the parcel ships.");
        var sources = final.GetProperty("assistant").GetProperty("sources");
        sources.GetArrayLength().Should().Be(1);
        sources[0].GetProperty("url").GetString().Should().StartWith("/help/articles/");
        sources[0].GetProperty("title").GetString().Should().Contain("delivery address");
        hub.Raw.Should().NotContain("confidence").And.NotContain("contextUsed").And.NotContain("qandu-local");
    }

    [Fact]
    public async Task AsksForAPersonInGerman_HandsOffInGerman_RoutedWithANoteOnlyStaffSee()
    {
        var channel = await AssistantChannelAsync(_app);
        var (client, _) = await VisitAsync(_app, channel);

        var question = await SendAsync(client, "Hallo, ich möchte bitte mit einem Menschen sprechen, nicht mit einem Bot.");
        var reply = await FinishedAsync(_app, question.ConversationId);
        var thread = await ThreadAsync(_app, question.ConversationId, t => t.HandedOffAt != null);
        var lines = await SystemLinesAsync(_app, question.ConversationId, "routing");

        reply.Content.Should().Contain("Person aus dem Team");
        thread.Status.Should().Be(ThreadStatus.Active);
        thread.HandOffReason.Should().Be(HandOffRules.AskedForPerson);
        var note = lines.Single(l => l.Metadata?.System?.Type == CustomerHandOff.NoteType);
        note.IsPrivate.Should().BeTrue();
        note.Content.Should().Contain("Menschen sprechen").And.Contain("asked for a person");
        lines.Should().Contain(l => l.Metadata!.System!.Type == "routing" && l.Content.StartsWith("Waiting in"), "it waits in the queue now");
        var seen = (await HistoryAsync(client, question.ConversationId)).Messages;
        seen.Should().NotContain(m => m.Id == note.Id);
        seen.Should().Contain(m => m.Id == reply.Id && m.Sender.Kind == "assistant");
    }

    [Fact]
    public async Task AfterHandOff_TheAssistantStopsAnswering()
    {
        var word = Word();
        await ArticleAsync(_app, $"Resetting a {word} password", $"Reset your {word} password from the sign-in page with Forgot password.");
        var channel = await AssistantChannelAsync(_app);
        var (client, _) = await VisitAsync(_app, channel);
        var first = await SendAsync(client, "I want to talk to a human please");
        await ThreadAsync(_app, first.ConversationId, t => t.HandedOffAt != null);
        await FinishedAsync(_app, first.ConversationId);

        await SendAsync(client, $"How do I reset my {word} password?", first.ConversationId);
        await Task.Delay(1500);

        (await _app.QueryAsync(db => db.Messages.CountAsync(m => m.ThreadId == first.ConversationId && m.SenderType == SenderType.Ai)))
            .Should().Be(1, "only the hand-off message: a person answers from now on");
    }

    [Fact]
    public async Task NothingPublicCoversIt_OnlyTheHandOffMessage_NeverTheInternalArticle()
    {
        var word = Word();
        await ArticleAsync(_app, $"Escalating {word} refunds (internal)",
            $"Internal: {word} refunds above 500 EUR go to Priya in finance; never promise a date.", KnowledgeAudience.Internal);
        var channel = await AssistantChannelAsync(_app, threshold: 0.5);
        var (client, _) = await VisitAsync(_app, channel);

        var question = await SendAsync(client, $"When will my {word} refund be paid?");
        var reply = await FinishedAsync(_app, question.ConversationId);
        var thread = await ThreadAsync(_app, question.ConversationId, t => t.HandedOffAt != null);

        thread.HandOffReason.Should().Be(HandOffRules.LowConfidence);
        reply.Content.Should().Be(HandOffRules.Message("en"));
        reply.Content.Should().NotContain("Priya").And.NotContain("finance");
        (await _app.QueryAsync(db => db.Messages.CountAsync(m => m.ThreadId == thread.Id && m.SenderType == SenderType.Ai))).Should().Be(1);
    }

    [Fact]
    public async Task SameQuestionAgain_HandsOff()
    {
        var word = Word();
        await ArticleAsync(_app, $"Cancelling a {word} order", $"Cancel a {word} order from Orders with Cancel order before it ships.");
        var channel = await AssistantChannelAsync(_app);
        var (client, _) = await VisitAsync(_app, channel);
        var first = await SendAsync(client, $"How can I cancel my {word} order?");
        (await FinishedAsync(_app, first.ConversationId)).Content.Should().Contain("Cancel order");

        await SendAsync(client, $"how can i cancel my {word} order??", first.ConversationId);
        var thread = await ThreadAsync(_app, first.ConversationId, t => t.HandedOffAt != null);

        thread.HandOffReason.Should().Be(HandOffRules.RepeatedQuestion);
    }

    [Fact]
    public async Task StronglyNegativeMessage_HandsOff()
    {
        var word = Word();
        await ArticleAsync(_app, $"{word} shipping times", $"{word} parcels arrive in 3 to 5 working days.");
        var channel = await AssistantChannelAsync(_app);
        var (client, _) = await VisitAsync(_app, channel);

        var question = await SendAsync(client, $"This is terrible. Your {word} shipping is awful, horrible and useless, I hate it and I am furious!");
        var thread = await ThreadAsync(_app, question.ConversationId, t => t.HandedOffAt != null);

        thread.HandOffReason.Should().Be(HandOffRules.NegativeSentiment);
    }

    [Fact]
    public async Task TalkToAPersonButton_HandsOff_NotFoundForSomeoneElsesConversation()
    {
        var word = Word();
        await ArticleAsync(_app, $"{word} gift cards", $"{word} gift cards never expire and can be used for any order.");
        var channel = await AssistantChannelAsync(_app);
        var (client, _) = await VisitAsync(_app, channel);
        var (stranger, _) = await VisitAsync(_app, channel);
        var question = await SendAsync(client, $"Hello, do the {word} gift cards that I bought for my sister last year ever expire?");
        await FinishedAsync(_app, question.ConversationId);

        var refused = await stranger.PostAsync($"/api/widget/v1/conversations/{question.ConversationId}/handoff", null);
        var pressed = await client.PostAsync($"/api/widget/v1/conversations/{question.ConversationId}/handoff", null);

        refused.StatusCode.Should().Be(HttpStatusCode.NotFound);
        (await refused.Content.ReadAsStringAsync()).Should().Contain("\"status\":404");
        pressed.StatusCode.Should().Be(HttpStatusCode.NoContent);
        var thread = await _app.QueryAsync(db => db.Threads.AsNoTracking().SingleAsync(t => t.Id == question.ConversationId));
        thread.Should().Match<ChatThread>(t => t.Status == ThreadStatus.Active && t.HandOffReason == HandOffRules.AskedForPerson);
        var messages = (await HistoryAsync(client, question.ConversationId)).Messages;
        messages[^1].Sender.Kind.Should().Be("assistant", string.Join(" | ", messages.Select(m => $"{m.Id} {m.Sender.Kind} {m.Status} '{m.Content}'")));
        messages[^1].Content.Should().Be(HandOffRules.Message("en"));
        (await client.PostAsync($"/api/widget/v1/conversations/{question.ConversationId}/handoff", null)).StatusCode
            .Should().Be(HttpStatusCode.NoContent, "pressing it again changes nothing");
        (await _app.QueryAsync(db => db.Messages.AsNoTracking().Where(m => m.ThreadId == thread.Id && m.Type == MessageType.System).ToListAsync()))
            .Count(m => m.Metadata?.System?.Type == CustomerHandOff.NoteType).Should().Be(1);
    }

    [Fact]
    public async Task Feedback_HelpfulCountsOnceForTheArticle_NotHelpfulHandsOff()
    {
        var word = Word();
        var articleId = await ArticleAsync(_app, $"{word} loyalty points", $"{word} loyalty points are added to your account 14 days after delivery.");
        var channel = await AssistantChannelAsync(_app);
        var (client, session) = await VisitAsync(_app, channel);
        var question = await SendAsync(client, $"When do I get my {word} loyalty points?");
        var answer = await FinishedAsync(_app, question.ConversationId);

        (await client.PostAsJsonAsync($"/api/widget/v1/messages/{answer.Id}/feedback", new { helpful = true })).StatusCode.Should().Be(HttpStatusCode.NoContent);
        (await client.PostAsJsonAsync($"/api/widget/v1/messages/{answer.Id}/feedback", new { helpful = true })).StatusCode.Should().Be(HttpStatusCode.NoContent);
        var counted = await _app.QueryAsync(db => db.KnowledgeArticles.AsNoTracking().SingleAsync(a => a.Id == articleId));
        var shown = (await HistoryAsync(client, question.ConversationId)).Messages.Single(m => m.Id == answer.Id);
        var contactUser = await _app.QueryAsync(db => db.Contacts.Where(c => c.Id == session.ContactId).Select(c => c.UserId).SingleAsync());

        counted.HelpfulCount.Should().Be(1, "a repeated click is one vote");
        shown.Assistant!.Feedback.Should().Be("helpful");
        (await _app.QueryAsync(db => db.AiFeedback.SingleAsync(f => f.MessageId == answer.Id))).UserId.Should().Be(contactUser);
        (await _app.QueryAsync(db => db.Threads.AsNoTracking().SingleAsync(t => t.Id == question.ConversationId))).HandedOffAt.Should().BeNull();

        (await client.PostAsJsonAsync($"/api/widget/v1/messages/{answer.Id}/feedback", new { helpful = false })).StatusCode.Should().Be(HttpStatusCode.NoContent);
        var thread = await ThreadAsync(_app, question.ConversationId, t => t.HandedOffAt != null);

        thread.HandOffReason.Should().Be(HandOffRules.NotHelpful);
        (await _app.QueryAsync(db => db.KnowledgeArticles.AsNoTracking().SingleAsync(a => a.Id == articleId))).UnhelpfulCount.Should().Be(1);
        (await HistoryAsync(client, question.ConversationId)).Messages.Single(m => m.Id == answer.Id).Assistant!.Feedback.Should().Be("unhelpful");
    }

    [Fact]
    public async Task Feedback_NotTheAssistantsOrNotTheVisitorsMessage_NotFound_MissingVote_BadRequest()
    {
        var word = Word();
        await ArticleAsync(_app, $"{word} warranty", $"Every {word} device has a two year warranty from the delivery date.");
        var channel = await AssistantChannelAsync(_app);
        var (client, _) = await VisitAsync(_app, channel);
        var (stranger, _) = await VisitAsync(_app, channel);
        var question = await SendAsync(client, $"How long is the {word} warranty?");
        var answer = await FinishedAsync(_app, question.ConversationId);

        var ownMessage = await client.PostAsJsonAsync($"/api/widget/v1/messages/{question.Id}/feedback", new { helpful = true });
        var othersAnswer = await stranger.PostAsJsonAsync($"/api/widget/v1/messages/{answer.Id}/feedback", new { helpful = false });
        var noVote = await client.PostAsJsonAsync($"/api/widget/v1/messages/{answer.Id}/feedback", new { });

        ownMessage.StatusCode.Should().Be(HttpStatusCode.NotFound);
        ownMessage.Content.Headers.ContentType!.MediaType.Should().Be("application/problem+json");
        othersAnswer.StatusCode.Should().Be(HttpStatusCode.NotFound);
        noVote.StatusCode.Should().Be(HttpStatusCode.BadRequest);
        (await noVote.Content.ReadAsStringAsync()).Should().Contain("helpful");
        (await _app.QueryAsync(db => db.AiFeedback.CountAsync(f => f.MessageId == answer.Id))).Should().Be(0);
        (await _app.QueryAsync(db => db.Threads.AsNoTracking().SingleAsync(t => t.Id == question.ConversationId))).HandedOffAt
            .Should().BeNull("a stranger's vote changes nothing");
    }

    [Fact]
    public async Task ChannelWithoutTheAssistant_ConversationOpensInTheQueue_NoAssistantMessage()
    {
        var channel = await CreateChannelAsync(_app);
        var (client, _) = await VisitAsync(_app, channel);

        var question = await SendAsync(client, "How do I export my invoices?");
        await SystemLinesAsync(_app, question.ConversationId, "routing");

        (await _app.QueryAsync(db => db.Threads.AsNoTracking().SingleAsync(t => t.Id == question.ConversationId))).Status.Should().Be(ThreadStatus.Active);
        (await _app.QueryAsync(db => db.Messages.CountAsync(m => m.ThreadId == question.ConversationId && m.SenderType == SenderType.Ai))).Should().Be(0);
    }
}
