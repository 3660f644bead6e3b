using System.Net;
using System.Net.Http.Json;
using Microsoft.EntityFrameworkCore;
using QanDu.Dashboard.Data.Entities;
using QanDu.Dashboard.Features.Access;
using QanDu.Dashboard.Features.Messages;
using QanDu.Dashboard.Features.ReadState;
using QanDu.Dashboard.Features.Threads;
using QanDu.Dashboard.Tests.Infrastructure;

namespace QanDu.Dashboard.Tests.Features.ReadState;

/// <summary>PUT /api/chat/thread/{id}/read moves the caller's read position either way; GET lists everyone's.</summary>
public sealed class ReadStateApiTests(DashboardFactory factory) : IClassFixture<DashboardFactory>
{
    [Fact]
    public async Task PutRead_BackThenForward_UnreadCountFollows()
    {
        var (agent, client, threadId) = await factory.AgentInThreadAsync("Read position over HTTP");
        var colleague = await ColleagueAsync(threadId, agent);
        var first = (await factory.Messages.PostAsync(colleague, new PostMessageRequest(threadId, "First"))).Message.Id;
        var second = (await factory.Messages.PostAsync(colleague, new PostMessageRequest(threadId, "Second"))).Message.Id;

        var forward = await client.PutAsJsonAsync($"/api/chat/thread/{threadId}/read", new { lastReadMessageId = second }, ApiJson.Options);
        forward.StatusCode.Should().Be(HttpStatusCode.OK);
        (await forward.ReadAsync<ReadStateView>()).Should().Be(new ReadStateView(threadId, second, 0));

        var back = await client.PutAsJsonAsync($"/api/chat/thread/{threadId}/read", new { lastReadMessageId = first }, ApiJson.Options);
        back.StatusCode.Should().Be(HttpStatusCode.OK);
        (await back.ReadAsync<ReadStateView>()).Should().Be(new ReadStateView(threadId, first, 1));
        var thread = await client.GetFromJsonAsync<ThreadSummary>($"/api/chat/thread/{threadId}", ApiJson.Options);
        thread!.UnreadCount.Should().Be(1, "the list's badge counts from the moved position");

        var none = await client.PutAsJsonAsync($"/api/chat/thread/{threadId}/read", new { lastReadMessageId = 0 }, ApiJson.Options);
        (await none.ReadAsync<ReadStateView>()).UnreadCount.Should().Be(2);

        var readers = await client.GetFromJsonAsync<List<ReaderView>>($"/api/chat/thread/{threadId}/read", ApiJson.Options);
        readers!.Single(r => r.UserId == agent.UserId).LastReadMessageId.Should().Be(0);
        readers!.Single(r => r.UserId == colleague.UserId).LastReadMessageId.Should().Be(second);
    }

    [Fact]
    public async Task PutRead_MessageNotInThreadOrMissing_ProblemNamingTheFieldAndNothingChanged()
    {
        var (agent, client, threadId) = await factory.AgentInThreadAsync("Bad read position");
        var colleague = await ColleagueAsync(threadId, agent);
        await factory.Messages.PostAsync(colleague, new PostMessageRequest(threadId, "Unread one"));
        var other = await factory.CreateGroupThreadAsync(agent, "Another thread", colleague);
        var foreign = (await factory.Messages.PostAsync(colleague, new PostMessageRequest(other, "Elsewhere"))).Message.Id;

        var wrong = await client.PutAsJsonAsync($"/api/chat/thread/{threadId}/read", new { lastReadMessageId = foreign }, ApiJson.Options);
        var missing = await client.PutAsJsonAsync($"/api/chat/thread/{threadId}/read", new { }, ApiJson.Options);
        var negative = await client.PutAsJsonAsync($"/api/chat/thread/{threadId}/read", new { lastReadMessageId = -5 }, ApiJson.Options);

        wrong.StatusCode.Should().Be(HttpStatusCode.BadRequest);
        (await wrong.ReadProblemAsync()).Errors["lastReadMessageId"].Should().Equal($"Message {foreign} is not in thread {threadId}.");
        missing.StatusCode.Should().Be(HttpStatusCode.BadRequest);
        (await missing.ReadProblemAsync()).Errors.Should().ContainKey("lastReadMessageId");
        negative.StatusCode.Should().Be(HttpStatusCode.BadRequest);
        (await negative.ReadProblemAsync()).Errors.Should().ContainKey("lastReadMessageId");
        (await factory.Threads.GetThreadAsync(agent, threadId)).UnreadCount.Should().Be(1);
    }

    [Fact]
    public async Task ReadEndpoints_ThreadTheCallerCannotSee_NotFound()
    {
        var (agent, _, threadId) = await factory.AgentInThreadAsync("Private read state");
        var message = (await factory.Messages.PostAsync(agent, new PostMessageRequest(threadId, "Private"))).Message.Id;
        var outsiderUser = await factory.CreateUserAsync("Read Outsider", Roles.Agent);
        var outsider = await factory.CreateClientForAsync(outsiderUser);

        var put = await outsider.PutAsJsonAsync($"/api/chat/thread/{threadId}/read", new { lastReadMessageId = message }, ApiJson.Options);
        var get = await outsider.GetAsync($"/api/chat/thread/{threadId}/read");

        foreach (var response in new[] { put, get })
        {
            response.StatusCode.Should().Be(HttpStatusCode.NotFound);
            (await response.ReadProblemAsync()).Detail.Should().Be($"Thread {threadId} was not found.");
        }
        (await factory.QueryAsync(db => db.ReadCursors.CountAsync(c => c.UserId == outsiderUser.UserId))).Should().Be(0);
    }

    /// <summary>The colleague <see cref="AgentInThreadAsync"/> put in the thread, as the services see them.</summary>
    private async Task<ChatCaller> ColleagueAsync(long threadId, ChatCaller agent)
    {
        var thread = await factory.Threads.GetThreadAsync(agent, threadId);
        var colleague = thread.Participants.Single(p => p.UserId != agent.UserId);
        return new ChatCaller(colleague.UserId, colleague.DisplayName, SeesAllThreads: false);
    }
}
