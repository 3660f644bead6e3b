using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.Extensions.AI;
using Microsoft.Extensions.DependencyInjection;
using QanDu.Dashboard.Data.Entities;
using QanDu.Dashboard.Features.Access;
using QanDu.Dashboard.Features.Assistant;
using QanDu.Dashboard.Features.Assistant.Summaries;
using QanDu.Dashboard.Features.Assistant.Tools;
using QanDu.Dashboard.Features.Messages;
using QanDu.Dashboard.Features.Threads;
using QanDu.Dashboard.Tests.Infrastructure;

namespace QanDu.Dashboard.Tests.Features.Assistant.Summaries;

/// <summary>
/// Summaries of real conversations in the app (Local assistant): a customer conversation read as the caller sees it,
/// the hand-off note, the <c>summarize</c> tool, and GET /api/chat/threads/{id}/summary over HTTP with its access rules.
/// </summary>
public sealed class ConversationSummariesTests(DashboardFactory app) : IClassFixture<DashboardFactory>
{
    private ConversationSummaries Summaries => app.Services.GetRequiredService<ConversationSummaries>();

    /// <summary>A double charge: the customer asks, Tom refunds and credits (one message mentions "the summary"), a private note.</summary>
    private async Task<(CustomerConversations.Started Chat, ChatCaller Tom)> BillingCaseAsync(string customer)
    {
        var tom = await app.CreateUserAsync("Tom Okafor", Roles.Agent);
        var chat = await app.StartAsync(customer, "Hello! We were charged twice for the April invoice ($120.00 each). Can you refund one?");
        await app.Threads.AssignAsync(tom, chat.ThreadId, tom.UserId);
        await Post(tom, chat.ThreadId, "Hi, sorry about that. Let me look at the payments.");
        await Post(tom, chat.ThreadId, "Escalated to billing for approval.", isPrivate: true);
        await Post(tom, chat.ThreadId, "I sent the summary of charges to billing; the refund is done: $120.00 back to your card (reference re_9QX1).");
        await Post(tom, chat.ThreadId, "I've also added a $10 credit to your account for the trouble.");
        await app.Messages.PostAsync(chat.Customer, new PostMessageRequest(chat.ThreadId, "Got the refund and the credit, thank you!"));
        return (chat, tom);
    }

    [Fact]
    public async Task SummarizeAsync_CustomerConversation_RefundAndCreditInDoneAndThePrivateNoteForStaff()
    {
        var (chat, tom) = await BillingCaseAsync("Rosa Diaz");

        var summary = await Summaries.SummarizeAsync(tom, chat.ThreadId);

        summary.Problem.Should().Contain("charged twice").And.Contain("Can you refund one?");
        summary.Done.Should().Contain("Tom Okafor: I sent the summary of charges to billing; the refund is done")
            .And.Contain("added a $10 credit").And.Contain("Escalated to billing", "a private note is staff-visible, and staff read the summary");
        summary.Outcome.Should().StartWith("Settled with Rosa Diaz").And.Contain("Got the refund and the credit");
        summary.Markdown.Should().StartWith("**Problem:**");
    }

    [Fact]
    public async Task SummarizeAsync_Visitor_RefusedAsStaffOnly()
    {
        var (chat, _) = await BillingCaseAsync("Vic Visitor");

        await FluentActions.Awaiting(() => Summaries.SummarizeAsync(chat.Customer, chat.ThreadId)).Should().ThrowAsync<ChatForbiddenException>();
    }

    [Fact]
    public async Task SummarizeAsync_ThreadTheAgentCannotSee_NotFound()
    {
        var (chat, _) = await BillingCaseAsync("Hidden Customer");
        var lin = await app.CreateUserAsync("Lin Park", Roles.Agent);

        await FluentActions.Awaiting(() => Summaries.SummarizeAsync(lin, chat.ThreadId)).Should().ThrowAsync<ChatNotFoundException>();
    }

    [Fact]
    public async Task SummarizeAsync_EarlierSummaryAddedAsNote_IsNotSummarizedAgain()
    {
        var (chat, tom) = await BillingCaseAsync("Sam Repeat");
        var first = await Summaries.SummarizeAsync(tom, chat.ThreadId);
        await Post(tom, chat.ThreadId, first.Markdown, isPrivate: true);

        var second = await Summaries.SummarizeAsync(tom, chat.ThreadId);

        second.Should().Be(first, "the note holding the summary is not part of the conversation it summarizes");
    }

    [Fact]
    public async Task HandOffNoteAsync_CustomerAskedTheAssistant_TwoLinesWantAndWhereItStands()
    {
        var chat = await app.StartAsync("Hana Ito", "Hi. How do I export all my invoices as PDF?");
        var ai = await app.AiReplies.CreateAiMessageAsync(chat.ThreadId, "QanDu Assistant", CancellationToken.None);
        await app.AiReplies.FinishAiMessageAsync(ai.Id, "You can export invoices under Billing → Invoices → Export. Choose PDF.", MessageStatus.Sent,
            new AiMetadata(0.4, null, "qandu-local"), CancellationToken.None);

        var note = await Summaries.HandOffNoteAsync(chat.ThreadId, "asked-for-person");

        var lines = note.Split('\n');
        lines.Should().HaveCount(2);
        lines[0].Should().Be("Customer wants: How do I export all my invoices as PDF?");
        lines[1].Should().Be("The assistant answered: You can export invoices under Billing → Invoices → Export.; handed over because the customer asked for a person.");
    }

    [Fact]
    public async Task SummarizeTool_ReadOnlyWithNoArguments_SummarizesOnlyTheCurrentThread()
    {
        var maya = await app.CreateUserAsync("Maya Chen", Roles.Agent);
        var ai = await app.Threads.CreateThreadAsync(maya, new CreateThreadRequest(ThreadType.Ai, "Printer", []));
        await Post(maya, ai.Id, "The customer's printer jams on every second page since the firmware update.");
        var (other, _) = await BillingCaseAsync("Other Customer");
        var tools = app.Services.GetRequiredService<AssistantTools>().For(new AssistantRequest(maya, ai.Id), aiMessageId: 0);

        var tool = tools.Functions.OfType<ThreadTool>().Single(t => t.Name == "summarize");
        var result = (await tool.InvokeAsync(new AIFunctionArguments()))?.ToString();

        tool.Kind.Should().Be(ToolKind.ReadOnly, "it changes nothing, so it needs no approval");
        tool.JsonSchema.GetProperty("properties").EnumerateObject().Should().BeEmpty("it takes no thread id: it is bound to this thread");
        result.Should().StartWith("**Problem:** The customer's printer jams on every second page").And.NotContain("charged twice");
        other.Should().NotBe(ai.Id);
    }

    [Fact]
    public async Task GetSummary_AgentOnTheConversation_ReturnsTheFourPartsAndMarkdown()
    {
        var (chat, tom) = await BillingCaseAsync("Http Customer");
        using var client = await app.CreateClientForAsync(tom);

        var response = await client.GetAsync($"/api/chat/threads/{chat.ThreadId}/summary");

        response.StatusCode.Should().Be(HttpStatusCode.OK);
        var body = await response.Content.ReadFromJsonAsync<JsonElement>();
        body.EnumerateObject().Select(p => p.Name).Should().Equal("problem", "done", "outcome", "open", "markdown");
        body.GetProperty("done").GetString().Should().Contain("the refund is done").And.Contain("$10 credit");
        body.GetProperty("markdown").GetString().Should().StartWith("**Problem:**");
    }

    [Fact]
    public async Task GetSummary_CallerWhoCannotSeeTheThreadOrNoThread_404ProblemDetails()
    {
        var (chat, _) = await BillingCaseAsync("Other Agent Customer");
        var lin = await app.CreateUserAsync("Lin Park", Roles.Agent);
        using var client = await app.CreateClientForAsync(lin);

        var hidden = await client.GetAsync($"/api/chat/threads/{chat.ThreadId}/summary");
        var missing = await client.GetAsync("/api/chat/threads/987654321/summary");

        hidden.StatusCode.Should().Be(HttpStatusCode.NotFound);
        hidden.Content.Headers.ContentType!.MediaType.Should().Be("application/problem+json");
        (await hidden.Content.ReadAsStringAsync()).Should().NotContain("charged twice");
        missing.StatusCode.Should().Be(HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task GetSummary_SupervisorSeesEveryCustomerConversation_AndAnonymousIs401()
    {
        var (chat, _) = await BillingCaseAsync("Supervised Customer");
        var priya = await app.CreateUserAsync("Priya Nair", Roles.Supervisor);
        using var supervisor = await app.CreateClientForAsync(priya);
        using var anonymous = app.CreateClient();

        (await supervisor.GetAsync($"/api/chat/threads/{chat.ThreadId}/summary")).StatusCode.Should().Be(HttpStatusCode.OK);
        (await anonymous.GetAsync($"/api/chat/threads/{chat.ThreadId}/summary")).StatusCode.Should().Be(HttpStatusCode.Unauthorized);
    }

    private Task<PostOutcome> Post(ChatCaller sender, long threadId, string content, bool isPrivate = false) =>
        app.Messages.PostAsync(sender, new PostMessageRequest(threadId, content, IsPrivate: isPrivate));
}
