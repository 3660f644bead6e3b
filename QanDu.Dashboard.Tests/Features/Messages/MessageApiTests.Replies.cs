using System.Net;
using System.Net.Http.Json;
using QanDu.Dashboard.Features.Messages;
using QanDu.Dashboard.Tests.Infrastructure;

namespace QanDu.Dashboard.Tests.Features.Messages;

/// <summary>Replies over HTTP: history carries quotes and counts; the chain has its own endpoint; bad targets are 400.</summary>
public sealed partial class MessageApiTests
{
    [Fact]
    public async Task History_WithReplies_CarriesPlainQuoteAndReplyCount()
    {
        var (_, client, threadId) = await factory.AgentInThreadAsync("Replies over HTTP");
        var original = await (await client.PostAsJsonAsync("/api/chat/message",
            new { threadId, content = "Is **order 7** shipped?" }, ApiJson.Options)).ReadAsync<MessageView>();
        var reply = await client.PostAsJsonAsync("/api/chat/message",
            new { threadId, content = "Yes, today.", replyToId = original.Id }, ApiJson.Options);
        reply.StatusCode.Should().Be(HttpStatusCode.Created);

        var page = await (await client.GetAsync($"/api/chat/history?threadId={threadId}")).ReadAsync<MessagePage>();
        var chain = await (await client.GetAsync($"/api/chat/message/{original.Id}/replies")).ReadAsync<ReplyChain>();

        page.Messages.Select(m => (m.Content, m.ReplyCount, m.ReplyTo?.Snippet))
            .Should().Equal(("Is **order 7** shipped?", 1, null), ("Yes, today.", 0, "Is order 7 shipped?"));
        chain.Replies.Should().ContainSingle().Which.Content.Should().Be("Yes, today.");
        chain.Original.Id.Should().Be(original.Id);
    }

    [Fact]
    public async Task PostMessage_ReplyToMessageOfAnotherThread_BadRequestNamingReplyToId()
    {
        var (agent, client, threadId) = await factory.AgentInThreadAsync("Reply across threads");
        var other = await factory.CreateGroupThreadAsync(agent, "Other thread", await factory.CreateUserAsync("Someone", "Agent"));
        var foreign = await (await client.PostAsJsonAsync("/api/chat/message", new { threadId = other, content = "There" }, ApiJson.Options))
            .ReadAsync<MessageView>();
        var before = await factory.CountRowsAsync();

        var response = await client.PostAsJsonAsync("/api/chat/message",
            new { threadId, content = "Here", replyToId = foreign.Id }, ApiJson.Options);

        response.StatusCode.Should().Be(HttpStatusCode.BadRequest);
        (await response.ReadProblemAsync()).Errors.Should().ContainKey("replyToId")
            .WhoseValue.Should().ContainSingle().Which.Should().Contain($"is not in thread {threadId}");
        (await factory.CountRowsAsync()).Should().Be(before);
    }
}
