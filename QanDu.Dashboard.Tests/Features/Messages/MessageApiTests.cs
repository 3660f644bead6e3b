using System.Net;
using System.Net.Http.Json;
using Microsoft.EntityFrameworkCore;
using QanDu.Dashboard.Features.Messages;
using QanDu.Dashboard.Tests.Infrastructure;

namespace QanDu.Dashboard.Tests.Features.Messages;

/// <summary>The REST API under /api/chat, called as its clients call it: JSON over HTTP with a personal API key.</summary>
public sealed partial class MessageApiTests(DashboardFactory factory) : IClassFixture<DashboardFactory>
{
    [Fact]
    public async Task PostMessage_SameClientKeyTwice_CreatedThenOkWithSameMessage()
    {
        var (agent, client, threadId) = await factory.AgentInThreadAsync("Retry over HTTP");
        var body = new { threadId, content = "Checking your order now.", clientKey = "http-retry-1" };

        var first = await client.PostAsJsonAsync("/api/chat/message", body, ApiJson.Options);
        var second = await client.PostAsJsonAsync("/api/chat/message", body, ApiJson.Options);

        first.StatusCode.Should().Be(HttpStatusCode.Created);
        second.StatusCode.Should().Be(HttpStatusCode.OK, "a retry answers with the message already stored");
        var created = await first.ReadAsync<MessageView>();
        var retried = await second.ReadAsync<MessageView>();
        retried.Id.Should().Be(created.Id);
        first.Headers.Location!.ToString().Should().Be($"/api/chat/message/{created.Id}");
        created.SenderId.Should().Be(agent.UserId);
        (await factory.QueryAsync(db => db.Messages.CountAsync(m => m.ThreadId == threadId && m.ClientKey == "http-retry-1")))
            .Should().Be(1);
    }
}
