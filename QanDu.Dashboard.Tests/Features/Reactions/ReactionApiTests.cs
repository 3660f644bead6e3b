using System.Net;
using System.Net.Http.Json;
using QanDu.Dashboard.Data.Entities;
using QanDu.Dashboard.Features.Access;
using QanDu.Dashboard.Features.Messages;
using QanDu.Dashboard.Features.Reactions;
using QanDu.Dashboard.Tests.Infrastructure;

namespace QanDu.Dashboard.Tests.Features.Reactions;

/// <summary>POST /api/chat/message/{id}/reactions toggles; history carries the counts; bad input names the problem.</summary>
public sealed class ReactionApiTests(DashboardFactory factory) : IClassFixture<DashboardFactory>
{
    [Fact]
    public async Task PostReaction_TwiceThenHistory_TogglesAndHistoryShowsCount()
    {
        var (client, _, threadId, messageId) = await SetUpAsync("Api toggle");

        var added = await client.PostAsJsonAsync($"/api/chat/message/{messageId}/reactions", new { emoji = ":tada:" }, ApiJson.Options);
        var history = await (await client.GetAsync($"/api/chat/history?threadId={threadId}")).ReadAsync<MessagePage>();
        var removed = await client.PostAsJsonAsync($"/api/chat/message/{messageId}/reactions", new { emoji = "🎉" }, ApiJson.Options);

        added.StatusCode.Should().Be(HttpStatusCode.OK);
        (await added.ReadAsync<ReactionOutcome>()).Should().BeEquivalentTo(new { Emoji = "🎉", Added = true });
        history.Messages.Single().Reactions.Should().ContainSingle().Which.Should().BeEquivalentTo(new { Emoji = "🎉", Count = 1 });
        var after = await removed.ReadAsync<ReactionOutcome>();
        after.Added.Should().BeFalse();
        after.Reactions.Should().BeEmpty();
    }

    [Fact]
    public async Task PostReaction_UnknownEmoji_ProblemNamingTheEmoji()
    {
        var (client, _, _, messageId) = await SetUpAsync("Api unknown");

        var response = await client.PostAsJsonAsync($"/api/chat/message/{messageId}/reactions", new { emoji = ":unicorn_pizza:" }, ApiJson.Options);

        response.StatusCode.Should().Be(HttpStatusCode.BadRequest);
        var problem = await response.ReadProblemAsync();
        problem.Errors.Should().ContainKey("emoji").WhoseValue.Should().ContainMatch("Unknown emoji \":unicorn_pizza:\"*");
    }

    [Fact]
    public async Task PostReaction_HiddenThread_NotFound()
    {
        var (_, _, _, messageId) = await SetUpAsync("Api hidden");
        var outsider = await factory.CreateClientForAsync(await factory.CreateUserAsync("Api Outsider", Roles.Agent));

        var response = await outsider.PostAsJsonAsync($"/api/chat/message/{messageId}/reactions", new { emoji = "👍" }, ApiJson.Options);

        response.StatusCode.Should().Be(HttpStatusCode.NotFound);
        (await response.ReadProblemAsync()).Detail.Should().Be($"Message {messageId} was not found.");
    }

    private async Task<(HttpClient Client, ChatCaller Agent, long ThreadId, long MessageId)> SetUpAsync(string title)
    {
        var agent = await factory.CreateUserAsync($"Agent {title}", Roles.Agent);
        var other = await factory.CreateUserAsync($"Other {title}", Roles.Agent);
        var threadId = await factory.CreateGroupThreadAsync(agent, title, other);
        var posted = await factory.Messages.PostAsync(other, new PostMessageRequest(threadId, "React to me"));
        return (await factory.CreateClientForAsync(agent), agent, threadId, posted.Message.Id);
    }
}
