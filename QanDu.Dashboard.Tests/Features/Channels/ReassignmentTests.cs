using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using QanDu.Dashboard.Features.Access;
using QanDu.Dashboard.Features.Presence;
using QanDu.Dashboard.Features.Threads;
using QanDu.Dashboard.Tests.Infrastructure;
using static QanDu.Dashboard.Tests.Features.Channels.ChannelTestKit;

namespace QanDu.Dashboard.Tests.Features.Channels;

/// <summary>
/// An auto-assigned conversation whose agent has been offline longer than the channel allows goes back to the queue and
/// is routed again; a person's own assignment is left alone. Time is driven by a fake clock (the whole app's).
/// </summary>
public sealed class ReassignmentTests : IDisposable
{
    private readonly FakeTimeProvider _clock = new(DateTimeOffset.UtcNow);
    private readonly DashboardFactory _factory;

    public ReassignmentTests()
    {
        _factory = new DashboardFactory
        {
            TestServices = services => services.AddSingleton<TimeProvider>(_clock),
            Settings = new() { ["Presence:OfflineGrace"] = "00:00:00", ["Routing:CheckInterval"] = "00:00:30" },
        };
    }

    [Fact]
    public async Task AgentOfflineLongerThanTheSetting_AutoAssignedConversationReturnedAndRoutedToAnotherAgent()
    {
        var presence = _factory.Services.GetRequiredService<PresenceService>();
        var admin = await _factory.CreateUserAsync("Reassign admin", Roles.Admin);
        var maya = await _factory.CreateUserAsync("Maya", Roles.Agent);
        var tom = await _factory.CreateUserAsync("Tom", Roles.Agent);
        var lena = await _factory.CreateUserAsync("Lena", Roles.Agent);
        var team = await _factory.TeamAsync(admin, maya, tom, lena);
        var channel = await _factory.CreateChannelAsync(admin, ValidRequest(teamId: team.Id, autoAssign: true) with { ReassignAfterOfflineMinutes = 5 });
        await presence.ConnectedAsync(maya.UserId);
        var automatic = await _factory.StartConversationAsync(channel.Id);
        (await _factory.RoutedAsync(automatic)).AssigneeId.Should().Be(maya.UserId);
        var chosenByPerson = await _factory.StartConversationAsync(channel.Id);
        (await _factory.RoutedAsync(chosenByPerson)).AssigneeId.Should().Be(maya.UserId);
        await _factory.Threads.UpdateThreadAsync(admin, chosenByPerson, new UpdateThreadRequest(AssigneeId: lena.UserId));
        await presence.ConnectedAsync(lena.UserId);
        presence.Disconnected(lena.UserId); // Lena goes offline as long as Maya does

        presence.Disconnected(maya.UserId);
        await presence.ConnectedAsync(tom.UserId);
        await Task.Delay(300); // routing hears who went offline, and when
        _clock.Advance(TimeSpan.FromMinutes(4));
        await Task.Delay(500); // a check ran: nobody has been offline 5 minutes yet
        (await _factory.RoutedAsync(automatic)).Notes.Should().HaveCount(1);
        _clock.Advance(TimeSpan.FromMinutes(2));

        var routed = await _factory.RoutedAsync(automatic, notes: 3);
        routed.Notes.Should().Equal("Assigned to Maya by round robin.", "Maya went offline — returned to the queue.", "Assigned to Tom by round robin.");
        routed.Should().BeEquivalentTo(new { TeamId = (long?)team.Id, AssigneeId = tom.UserId });
        var untouched = await _factory.RoutedAsync(chosenByPerson);
        untouched.AssigneeId.Should().Be(lena.UserId, "a person assigned it to Lena: routing does not take it back");
        untouched.Notes.Should().HaveCount(1);
    }

    public void Dispose() => _factory.Dispose();
}
