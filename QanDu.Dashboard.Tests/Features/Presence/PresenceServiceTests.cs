using System.Collections.Concurrent;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;
using QanDu.Dashboard.Data;
using QanDu.Dashboard.Data.Entities;
using QanDu.Dashboard.Features.Access;
using QanDu.Dashboard.Features.Presence;
using QanDu.Dashboard.Realtime;
using QanDu.Dashboard.Tests.Infrastructure;

namespace QanDu.Dashboard.Tests.Features.Presence;

/// <summary>What others see of a person: the status they chose, Away when idle, Offline once their last tab is gone.</summary>
public sealed class PresenceServiceTests(DashboardFactory factory) : IClassFixture<DashboardFactory>, IDisposable
{
    private static readonly TimeSpan AwayAfter = TimeSpan.FromMinutes(10);
    private static readonly TimeSpan Grace = TimeSpan.FromSeconds(5);

    private readonly FakeTimeProvider _clock = new(new DateTimeOffset(2026, 11, 24, 9, 0, 0, TimeSpan.Zero));
    private readonly InProcessChatEvents _events = new(NullLogger<InProcessChatEvents>.Instance);
    private PresenceService? _presence;

    private PresenceService Presence => _presence ??= new PresenceService(_events,
        factory.Services.GetRequiredService<IDbContextFactory<ChatDbContext>>(),
        Options.Create(new PresenceOptions { AwayAfter = AwayAfter, OfflineGrace = Grace }), _clock);

    [Fact]
    public async Task Get_NoTabEverOpened_Offline()
    {
        var maya = await factory.CreateUserAsync("Maya Never", Roles.Agent);

        Presence.Get(maya.UserId).Should().Be(PresenceStatus.Offline);
    }

    [Fact]
    public async Task Get_OnlineUserIdleForAwayAfter_AwayThenOnlineAgainOnActivity()
    {
        var maya = await factory.CreateUserAsync("Maya Idle", Roles.Agent);
        var changes = Watch(maya.UserId);
        await Presence.ConnectedAsync(maya.UserId);
        Presence.Get(maya.UserId).Should().Be(PresenceStatus.Online);

        _clock.Advance(AwayAfter - TimeSpan.FromSeconds(1));
        Presence.Get(maya.UserId).Should().Be(PresenceStatus.Online, "not idle long enough yet");
        _clock.Advance(TimeSpan.FromSeconds(1));
        Presence.Get(maya.UserId).Should().Be(PresenceStatus.Away);

        Presence.Active(maya.UserId);
        Presence.Get(maya.UserId).Should().Be(PresenceStatus.Online, "moving the mouse brings her back");
        Presence.GetChosen(maya.UserId).Should().Be(PresenceStatus.Online, "idleness never changes what she chose");
        await changes.ShouldSeeAsync(PresenceStatus.Online, PresenceStatus.Away, PresenceStatus.Online);
    }

    [Fact]
    public async Task Get_BusyChosenThenIdle_StaysBusy()
    {
        var maya = await factory.CreateUserAsync("Maya Busy", Roles.Agent);
        await Presence.ConnectedAsync(maya.UserId);

        await Presence.SetChosenAsync(maya, "busy");
        _clock.Advance(AwayAfter * 3);

        Presence.Get(maya.UserId).Should().Be(PresenceStatus.Busy, "a status chosen by hand is not overridden by idleness");
        Presence.Active(maya.UserId);
        Presence.Get(maya.UserId).Should().Be(PresenceStatus.Busy);
    }

    [Fact]
    public async Task Get_AwayChosenThenActive_StaysAway()
    {
        var maya = await factory.CreateUserAsync("Maya Away", Roles.Agent);
        await Presence.ConnectedAsync(maya.UserId);

        await Presence.SetChosenAsync(maya, PresenceStatus.Away);
        Presence.Active(maya.UserId);

        Presence.Get(maya.UserId).Should().Be(PresenceStatus.Away, "activity only ends an automatic Away");
    }

    [Fact]
    public async Task Disconnected_LastTabClosed_OfflineOnlyAfterGrace()
    {
        var maya = await factory.CreateUserAsync("Maya Tabs", Roles.Agent);
        var changes = Watch(maya.UserId);
        await Presence.ConnectedAsync(maya.UserId);
        await Presence.ConnectedAsync(maya.UserId);

        Presence.Disconnected(maya.UserId);
        Presence.Get(maya.UserId).Should().Be(PresenceStatus.Online, "another tab is still open");
        Presence.Disconnected(maya.UserId);
        _clock.Advance(Grace - TimeSpan.FromMilliseconds(1));
        Presence.Get(maya.UserId).Should().Be(PresenceStatus.Online, "a reload does not flicker to Offline");
        _clock.Advance(TimeSpan.FromMilliseconds(1));

        Presence.Get(maya.UserId).Should().Be(PresenceStatus.Offline);
        await changes.ShouldSeeAsync(PresenceStatus.Online, PresenceStatus.Offline);
    }

    [Fact]
    public async Task Disconnected_ReconnectWithinGrace_NeverOffline()
    {
        var maya = await factory.CreateUserAsync("Maya Reload", Roles.Agent);
        var changes = Watch(maya.UserId);
        await Presence.ConnectedAsync(maya.UserId);

        Presence.Disconnected(maya.UserId);
        _clock.Advance(Grace / 2);
        await Presence.ConnectedAsync(maya.UserId);
        _clock.Advance(Grace * 2);

        Presence.Get(maya.UserId).Should().Be(PresenceStatus.Online);
        await Presence.SetChosenAsync(maya, PresenceStatus.Busy); // a last change, so every earlier one has arrived
        await changes.ShouldSeeAsync(PresenceStatus.Online, PresenceStatus.Busy);
    }

    [Fact]
    public async Task SetChosenAsync_AppearOffline_OfflineToOthersAndStored()
    {
        var maya = await factory.CreateUserAsync("Maya Hidden", Roles.Agent);
        await Presence.ConnectedAsync(maya.UserId);

        await Presence.SetChosenAsync(maya, "Offline");

        Presence.Get(maya.UserId).Should().Be(PresenceStatus.Offline, "appear offline hides an open tab");
        (await factory.QueryAsync(db => db.Users.Where(u => u.Id == maya.UserId).Select(u => u.Presence).SingleAsync()))
            .Should().Be(PresenceStatus.Offline);
    }

    [Fact]
    public async Task ConnectedAsync_StoredChoice_RestoredAfterRestart()
    {
        var maya = await factory.CreateUserAsync("Maya Restart", Roles.Agent);
        await Presence.SetChosenAsync(maya, PresenceStatus.Busy);
        using var restarted = new PresenceService(_events, factory.Services.GetRequiredService<IDbContextFactory<ChatDbContext>>(),
            Options.Create(new PresenceOptions()), _clock);

        await restarted.ConnectedAsync(maya.UserId);

        restarted.Get(maya.UserId).Should().Be(PresenceStatus.Busy, "the chosen status is kept in the database");
    }

    [Theory]
    [InlineData("sleeping")]
    [InlineData("")]
    [InlineData(null)]
    [InlineData("1")]
    public async Task SetChosenAsync_UnknownStatus_NamesAllowedValuesAndStoresNothing(string? status)
    {
        var maya = await factory.CreateUserAsync("Maya Invalid", Roles.Agent);

        var act = () => Presence.SetChosenAsync(maya, status);

        (await act.Should().ThrowAsync<ChatValidationException>()).Which.Message.Should().Contain("online, away, busy");
        (await factory.QueryAsync(db => db.Users.Where(u => u.Id == maya.UserId).Select(u => u.Presence).SingleAsync()))
            .Should().Be(PresenceStatus.Online);
    }

    private Changes Watch(string userId)
    {
        var changes = new Changes();
        changes.Subscription = _events.Subscribe(null, e =>
        {
            if (e is PresenceChanged changed && changed.UserId == userId)
                changes.Seen.Enqueue(changed.Presence);
            return Task.CompletedTask;
        });
        return changes;
    }

    public void Dispose() => _presence?.Dispose();

    private sealed class Changes
    {
        public ConcurrentQueue<PresenceStatus> Seen { get; } = new();
        public IDisposable? Subscription { get; set; }

        /// <summary>Waits for the published changes (the bus delivers on its own pump), then checks their order.</summary>
        public async Task ShouldSeeAsync(params PresenceStatus[] expected)
        {
            var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(10);
            while (Seen.Count < expected.Length && DateTime.UtcNow < deadline)
                await Task.Delay(20);
            await Task.Delay(50); // nothing more should follow
            Subscription?.Dispose();
            Seen.Should().Equal(expected);
        }
    }
}
