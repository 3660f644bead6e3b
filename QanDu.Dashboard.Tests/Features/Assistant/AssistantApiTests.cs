using System.Net;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using QanDu.Dashboard.Data.Entities;
using QanDu.Dashboard.Features.Access;
using QanDu.Dashboard.Features.Assistant;
using QanDu.Dashboard.Features.Assistant.Tools;
using QanDu.Dashboard.Features.Messages;
using QanDu.Dashboard.Tests.Infrastructure;

namespace QanDu.Dashboard.Tests.Features.Assistant;

/// <summary>POST /api/chat/message/{id}/stop and /retry: the same rules as the buttons, errors as problem details.</summary>
public sealed class AssistantApiTests(AssistantFixture fixture) : IClassFixture<AssistantFixture>
{
    private static readonly TimeSpan Fast = TimeSpan.FromMilliseconds(10);

    [Fact]
    public async Task PostStop_WhileStreaming_AnswersStoredPartialTextMarkedStopped()
    {
        var (agent, threadId) = await fixture.AiThreadAsync("Api stop");
        fixture.Client.Reply = _ => ScriptedReply.Numbered(1000, TimeSpan.FromMilliseconds(20));
        var client = await fixture.App.CreateClientForAsync(agent);
        await fixture.App.Messages.PostAsync(agent, new PostMessageRequest(threadId, "Write a long answer"));
        var streaming = await fixture.WaitForAiAsync(threadId, m => m.Status == MessageStatus.Sending && m.Content.Length > 0);

        var response = await client.PostAsync($"/api/chat/message/{streaming.Id}/stop", null);

        response.StatusCode.Should().Be(HttpStatusCode.OK);
        var stopped = await response.ReadAsync<MessageView>();
        stopped.Id.Should().Be(streaming.Id);
        stopped.Status.Should().Be(MessageStatus.Sent);
        stopped.Metadata!.Ai!.Outcome.Should().Be("stopped");
        stopped.Content.Should().StartWith("w1 ").And.NotContain("w1000", "it stopped part-way");
        var stored = await fixture.WaitForAiAsync(threadId, m => m.Id == streaming.Id);
        stored.Content.Should().Be(stopped.Content, "the answer is what is stored");
    }

    [Fact]
    public async Task PostRetry_FailedReply_AcceptedAndRewrittenIntoSameMessage()
    {
        var (agent, threadId) = await fixture.AiThreadAsync("Api retry");
        fixture.Client.Reply = _ => ScriptedReply.Numbered(20, Fast, failAfter: 4);
        var client = await fixture.App.CreateClientForAsync(agent);
        await fixture.App.Messages.PostAsync(agent, new PostMessageRequest(threadId, "First try"));
        var failed = await fixture.WaitForAiAsync(threadId, m => m.Status == MessageStatus.Failed);
        fixture.Client.Reply = _ => ScriptedReply.Words("Second time lucky.", Fast);

        var response = await client.PostAsync($"/api/chat/message/{failed.Id}/retry", null);
        var retried = await fixture.WaitForAiAsync(threadId, m => m.Status == MessageStatus.Sent);

        response.StatusCode.Should().Be(HttpStatusCode.Accepted);
        (await response.ReadAsync<MessageView>()).Id.Should().Be(failed.Id);
        retried.Id.Should().Be(failed.Id);
        retried.Content.Should().Be("Second time lucky.");
        (await fixture.App.QueryAsync(db => db.Messages.CountAsync(m => m.ThreadId == threadId))).Should().Be(2, "never a second reply");
        var again = await client.PostAsync($"/api/chat/message/{failed.Id}/retry", null);
        again.StatusCode.Should().Be(HttpStatusCode.BadRequest);
        (await again.ReadProblemAsync()).Errors.Should().ContainKey("messageId")
            .WhoseValue.Should().Contain("Only a reply that failed can be retried.");
    }

    [Fact]
    public async Task PostStopOrRetry_OutsiderNotFound_SupervisorLookingOnForbidden_PersonsMessageBadRequest()
    {
        var (agent, threadId) = await fixture.AiThreadAsync("Api rules");
        fixture.Client.Reply = _ => ScriptedReply.Words("A short answer.", Fast);
        var question = await fixture.App.Messages.PostAsync(agent, new PostMessageRequest(threadId, "Who may stop you?"));
        var reply = await fixture.WaitForAiAsync(threadId, m => m.Status == MessageStatus.Sent);
        var outsider = await fixture.App.CreateClientForAsync(await fixture.App.CreateUserAsync("Api rules outsider", Roles.Agent));
        var supervisor = await fixture.App.CreateClientForAsync(await fixture.App.CreateUserAsync("Api rules supervisor", Roles.Supervisor));
        var own = await fixture.App.CreateClientForAsync(agent);

        var hidden = await outsider.PostAsync($"/api/chat/message/{reply.Id}/stop", null);
        var watching = await supervisor.PostAsync($"/api/chat/message/{reply.Id}/retry", null);
        var notAi = await own.PostAsync($"/api/chat/message/{question.Message.Id}/stop", null);

        hidden.StatusCode.Should().Be(HttpStatusCode.NotFound);
        (await hidden.ReadProblemAsync()).Detail.Should().Be($"Message {reply.Id} was not found.");
        // An AI thread is private to who asked: a supervisor is an outsider there (looking on a conversation: see below).
        watching.StatusCode.Should().Be(HttpStatusCode.NotFound);
        (await watching.ReadProblemAsync()).Detail.Should().Be($"Message {reply.Id} was not found.");
        notAi.StatusCode.Should().Be(HttpStatusCode.BadRequest);
        (await notAi.ReadProblemAsync()).Errors.Should().ContainKey("messageId")
            .WhoseValue.Should().Contain($"Message {question.Message.Id} is not a reply from the assistant.");
        (await fixture.WaitForAiAsync(threadId, m => m.Id == reply.Id)).Content.Should().Be("A short answer.", "nothing was changed");
    }

    [Fact]
    public async Task PostRetryOrApproval_SupervisorLookingOnAConversationWithAnAiReply_Forbidden()
    {
        var maya = await fixture.App.CreateUserAsync("Api looking on", Roles.Agent);
        var threadId = await fixture.App.CreateGroupThreadAsync(maya, "Api looking on", await fixture.App.CreateUserAsync("Api customer", null));
        var reply = await fixture.App.AiReplies.CreateAiMessageAsync(threadId, "QanDu Assistant", CancellationToken.None);
        await fixture.App.AiReplies.FinishAiMessageAsync(reply.Id, "Half an answer", MessageStatus.Failed, new AiMetadata(null, "test", "local"), CancellationToken.None);
        var approval = await fixture.App.Services.GetRequiredService<ToolApprovalService>().RequestAsync(new AssistantRequest(maya, threadId), reply.Id,
            AssistantTools.SetPriority, new Dictionary<string, string> { ["level"] = "urgent" }, "c1", CancellationToken.None);
        var supervisor = await fixture.App.CreateClientForAsync(await fixture.App.CreateUserAsync("Api looking-on supervisor", Roles.Supervisor));

        var watching = await supervisor.PostAsync($"/api/chat/message/{reply.Id}/retry", null);
        var deciding = await supervisor.PostAsync($"/api/chat/tool-approval/{approval.Id}/approve", null);

        watching.StatusCode.Should().Be(HttpStatusCode.Forbidden);
        (await watching.ReadProblemAsync()).Detail.Should().Be("Only people in this conversation can stop or retry the assistant.");
        deciding.StatusCode.Should().Be(HttpStatusCode.Forbidden);
        (await deciding.ReadProblemAsync()).Detail.Should().Be("Only people in this conversation can approve or deny the assistant's changes.");
    }

    [Fact]
    public async Task PostToolApproval_ApproveThenAgain_RunsOnceThen409AndHiddenIs404()
    {
        var maya = await fixture.App.CreateUserAsync("Maya", Roles.Agent);
        var outsider = await fixture.App.CreateUserAsync("Tom", Roles.Agent);
        var customer = await fixture.App.CreateUserAsync("Customer", null);
        var threadId = await fixture.App.CreateGroupThreadAsync(maya, "Api approval", customer);
        var message = await fixture.App.AiReplies.CreateAiMessageAsync(threadId, "QanDu Assistant", CancellationToken.None);
        var approvals = fixture.App.Services.GetRequiredService<ToolApprovalService>();
        var request = new AssistantRequest(maya, threadId);
        var urgent = await approvals.RequestAsync(request, message.Id, AssistantTools.SetPriority, new Dictionary<string, string> { ["level"] = "urgent" }, "c1", CancellationToken.None);
        var low = await approvals.RequestAsync(request, message.Id, AssistantTools.SetPriority, new Dictionary<string, string> { ["level"] = "low" }, "c2", CancellationToken.None);
        var client = await fixture.App.CreateClientForAsync(maya);

        var hidden = await (await fixture.App.CreateClientForAsync(outsider)).PostAsync($"/api/chat/tool-approval/{urgent.Id}/approve", null);
        var approved = await client.PostAsync($"/api/chat/tool-approval/{urgent.Id}/approve", null);
        var again = await client.PostAsync($"/api/chat/tool-approval/{urgent.Id}/approve", null);
        var denied = await client.PostAsync($"/api/chat/tool-approval/{low.Id}/deny", null);

        hidden.StatusCode.Should().Be(HttpStatusCode.NotFound);
        approved.StatusCode.Should().Be(HttpStatusCode.OK);
        (await approved.ReadAsync<AiToolCard>()).Should().BeEquivalentTo(new { Status = ToolApprovalStatus.Ran, Result = "Priority set to Urgent.", DecidedBy = "Maya" });
        again.StatusCode.Should().Be(HttpStatusCode.Conflict);
        (await again.ReadProblemAsync()).Detail.Should().Contain("already decided (ran)");
        denied.StatusCode.Should().Be(HttpStatusCode.OK);
        (await denied.ReadAsync<AiToolCard>()).Status.Should().Be(ToolApprovalStatus.Denied);
        (await fixture.App.QueryAsync(db => db.Threads.Where(t => t.Id == threadId).Select(t => t.Priority).SingleAsync())).Should().Be(PriorityLevel.Urgent);
    }
}
