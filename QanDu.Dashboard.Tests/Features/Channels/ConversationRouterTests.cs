using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using QanDu.Dashboard.Data.Entities;
using QanDu.Dashboard.Features.Access;
using QanDu.Dashboard.Features.People;
using QanDu.Dashboard.Features.Presence;
using QanDu.Dashboard.Tests.Infrastructure;
using static QanDu.Dashboard.Tests.Features.Channels.ChannelTestKit;

namespace QanDu.Dashboard.Tests.Features.Channels;

/// <summary>
/// New customer conversations land in their channel's queue; with auto-assignment, round robin among the team's online
/// agents under their capacity; each decision is a note in the conversation.
/// </summary>
public sealed class ConversationRouterTests(DashboardFactory factory) : IClassFixture<DashboardFactory>
{
    private PresenceService Presence => factory.Services.GetRequiredService<PresenceService>();

    [Fact]
    public async Task AutoAssign_TwoOnlineAgents_EachInTurnWithANote()
    {
        var admin = await factory.CreateUserAsync("Routing admin turns", Roles.Admin);
        var maya = await OnlineAgentAsync("Maya");
        var tom = await OnlineAgentAsync("Tom");
        var team = await factory.TeamAsync(admin, maya, tom);
        var channel = await factory.CreateChannelAsync(admin, ValidRequest(teamId: team.Id, autoAssign: true));

        var first = await factory.RoutedAsync(await factory.StartConversationAsync(channel.Id));
        var second = await factory.RoutedAsync(await factory.StartConversationAsync(channel.Id));
        var third = await factory.RoutedAsync(await factory.StartConversationAsync(channel.Id));

        new[] { first, second, third }.Should().OnlyContain(r => r.TeamId == team.Id, "the channel's team queue holds them");
        var names = new Dictionary<string, string> { [maya.UserId] = maya.DisplayName, [tom.UserId] = tom.DisplayName };
        first.AssigneeId.Should().BeOneOf(maya.UserId, tom.UserId);
        second.AssigneeId.Should().NotBe(first.AssigneeId).And.BeOneOf(maya.UserId, tom.UserId);
        third.AssigneeId.Should().Be(first.AssigneeId, "round robin comes back to the first");
        first.Notes.Should().Equal($"Assigned to {names[first.AssigneeId!]} by round robin.");
        second.Notes.Should().Equal($"Assigned to {names[second.AssigneeId!]} by round robin.");
    }

    [Fact]
    public async Task AutoAssign_OfflineAndAwayAgentsSkipped()
    {
        var admin = await factory.CreateUserAsync("Routing admin offline", Roles.Admin);
        var online = await OnlineAgentAsync("Lena");
        var offline = await factory.CreateUserAsync($"Daniel {Unique()}", Roles.Agent); // never opened a tab
        var busy = await OnlineAgentAsync("Sofia");
        await Presence.SetChosenAsync(busy, PresenceStatus.Busy);
        var team = await factory.TeamAsync(admin, online, offline, busy);
        var channel = await factory.CreateChannelAsync(admin, ValidRequest(teamId: team.Id, autoAssign: true));

        var routed = new List<Routed>();
        for (var i = 0; i < 3; i++)
            routed.Add(await factory.RoutedAsync(await factory.StartConversationAsync(channel.Id)));

        routed.Should().OnlyContain(r => r.AssigneeId == online.UserId);
    }

    [Fact]
    public async Task AutoAssign_AtCapacity_NextConversationWaitsInTheQueueSayingWhy()
    {
        var admin = await factory.CreateUserAsync("Routing admin capacity", Roles.Admin);
        var priya = await OnlineAgentAsync("Priya");
        await factory.Services.GetRequiredService<PeopleService>().SetCapacityAsync(admin, priya.UserId, 1);
        var team = await factory.TeamAsync(admin, priya);
        var channel = await factory.CreateChannelAsync(admin, ValidRequest(teamId: team.Id, autoAssign: true));

        var first = await factory.RoutedAsync(await factory.StartConversationAsync(channel.Id));
        var second = await factory.RoutedAsync(await factory.StartConversationAsync(channel.Id));

        first.AssigneeId.Should().Be(priya.UserId);
        second.Should().BeEquivalentTo(new Routed(team.Id, null,
            [$"No agent available (everyone online is at their maximum of open conversations) — waiting in the {team.Name} queue."]));
    }

    [Fact]
    public async Task AutoAssign_OnlyTeamMembers_OnlineNonMemberNeverChosen()
    {
        var admin = await factory.CreateUserAsync("Routing admin members", Roles.Admin);
        var outsider = await OnlineAgentAsync("Outsider");
        var member = await factory.CreateUserAsync($"Member {Unique()}", Roles.Agent); // offline
        var team = await factory.TeamAsync(admin, member);
        var channel = await factory.CreateChannelAsync(admin, ValidRequest(teamId: team.Id, autoAssign: true));

        var routed = await factory.RoutedAsync(await factory.StartConversationAsync(channel.Id));

        routed.AssigneeId.Should().BeNull("{0} is online but not in the team", outsider.DisplayName);
        routed.Notes.Should().Equal($"No agent available (everyone is away or offline) — waiting in the {team.Name} queue.");
    }

    [Fact]
    public async Task NoAutoAssign_ConversationWaitsInTheChannelsTeamQueue()
    {
        var admin = await factory.CreateUserAsync("Routing admin queue", Roles.Admin);
        var agent = await OnlineAgentAsync("Queue agent");
        var team = await factory.TeamAsync(admin, agent);
        var channel = await factory.CreateChannelAsync(admin, ValidRequest(teamId: team.Id));

        var routed = await factory.RoutedAsync(await factory.StartConversationAsync(channel.Id));

        routed.Should().BeEquivalentTo(new Routed(team.Id, null, [$"Waiting in the {team.Name} queue."]));
        var note = await factory.QueryAsync(db => db.Messages.AsNoTracking().SingleAsync(m => m.Type == MessageType.System && m.Thread!.ChannelId == channel.Id));
        note.Should().BeEquivalentTo(new { IsPrivate = true, SenderType = SenderType.System }, "routing's notes are for staff, never for the customer");
        note.Metadata!.System.Should().BeEquivalentTo(new { Type = "routing", Action = "queued" });
    }

    [Fact]
    public async Task RoutingNote_NotTheConversationsPreview()
    {
        var admin = await factory.CreateUserAsync("Routing admin preview", Roles.Admin);
        var channel = await factory.CreateChannelAsync(admin);
        var threadId = await factory.StartConversationAsync(channel.Id);

        var routed = await factory.RoutedAsync(threadId);

        routed.Notes.Should().Equal("Waiting in Unassigned.");
        (await factory.QueryAsync(db => db.Threads.AsNoTracking().SingleAsync(t => t.Id == threadId))).LastMessagePreview
            .Should().BeNullOrEmpty("a routing note is not news from the customer");
    }

    private async Task<ChatCaller> OnlineAgentAsync(string name)
    {
        var agent = await factory.CreateUserAsync($"{name} {Unique()}", Roles.Agent);
        await Presence.ConnectedAsync(agent.UserId);
        return agent;
    }
}
