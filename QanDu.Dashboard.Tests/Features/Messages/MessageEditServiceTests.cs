using QanDu.Dashboard.Data.Entities;
using QanDu.Dashboard.Features.Access;
using QanDu.Dashboard.Features.Messages;
using QanDu.Dashboard.Tests.Infrastructure;

namespace QanDu.Dashboard.Tests.Features.Messages;

/// <summary>Earlier versions of a message are the audit trail: supervisors and admins read them, agents do not.</summary>
public sealed class MessageEditServiceTests(DashboardFactory factory) : IClassFixture<DashboardFactory>
{
    private MessageEditService Edits => factory.Edits;

    private MessageService Messages => factory.Messages;

    [Fact]
    public async Task GetEditHistoryAsync_SupervisorAfterTwoEditsAndDelete_EveryEarlierVersionNewestFirst()
    {
        var (agent, _, messageId) = await MessageAsync("Versions");
        await Edits.EditAsync(agent, messageId, "Second version");
        await Edits.EditAsync(agent, messageId, "Third version");
        await Edits.DeleteAsync(agent, messageId);
        var supervisor = await factory.CreateUserAsync("Supervisor Versions", Roles.Supervisor);

        var versions = await Edits.GetEditHistoryAsync(supervisor, messageId);

        versions.Select(v => (v.Content, v.Deleted)).Should().Equal(
            ("Third version", true), ("Second version", false), ("First version", false));
        versions.Should().OnlyContain(v => v.ReplacedBy == "Agent Versions");
    }

    [Fact]
    public async Task GetEditHistoryAsync_AgentInTheThread_Forbidden()
    {
        var (agent, colleague, messageId) = await MessageAsync("Agents");
        await Edits.EditAsync(agent, messageId, "Changed");

        var ownHistory = () => Edits.GetEditHistoryAsync(agent, messageId);
        var colleagueHistory = () => Edits.GetEditHistoryAsync(colleague, messageId);

        await ownHistory.Should().ThrowAsync<ChatForbiddenException>().WithMessage("Only supervisors and admins*");
        await colleagueHistory.Should().ThrowAsync<ChatForbiddenException>();
    }

    [Fact]
    public async Task GetEditHistoryAsync_AgentOutsideTheThread_NotFound()
    {
        var (_, _, messageId) = await MessageAsync("Outsiders");
        var outsider = await factory.CreateUserAsync("Outsider Outsiders", Roles.Agent);

        var history = () => Edits.GetEditHistoryAsync(outsider, messageId);

        await history.Should().ThrowAsync<ChatNotFoundException>().WithMessage($"Message {messageId} was not found.");
    }

    private async Task<(ChatCaller Agent, ChatCaller Colleague, long MessageId)> MessageAsync(string title)
    {
        var agent = await factory.CreateUserAsync($"Agent {title}", Roles.Agent);
        var colleague = await factory.CreateUserAsync($"Colleague {title}", Roles.Agent);
        var threadId = await factory.CreateGroupThreadAsync(agent, title, colleague);
        var posted = await Messages.PostAsync(agent, new PostMessageRequest(threadId, "First version"));
        return (agent, colleague, posted.Message.Id);
    }
}
