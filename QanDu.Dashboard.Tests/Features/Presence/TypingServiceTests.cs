using System.Collections.Concurrent;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;
using QanDu.Dashboard.Data;
using QanDu.Dashboard.Features.Access;
using QanDu.Dashboard.Features.Messages;
using QanDu.Dashboard.Features.Presence;
using QanDu.Dashboard.Realtime;
using QanDu.Dashboard.Tests.Infrastructure;

namespace QanDu.Dashboard.Tests.Features.Presence;

/// <summary>"X is typing…": in memory, to the thread's people only, gone when it expires, is cleared or the message arrives.</summary>
public sealed class TypingServiceTests(DashboardFactory factory) : IClassFixture<DashboardFactory>, IDisposable
{
    private static readonly TimeSpan Expiry = TimeSpan.FromSeconds(6);
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(10);

    private readonly FakeTimeProvider _clock = new(new DateTimeOffset(2026, 11, 24, 9, 0, 0, TimeSpan.Zero));
    private TypingService? _typing;

    private IChatEvents Events => factory.Services.GetRequiredService<IChatEvents>();

    private TypingService Typing => _typing ??= new TypingService(Events,
        factory.Services.GetRequiredService<IDbContextFactory<ChatDbContext>>(),
        Options.Create(new PresenceOptions { TypingExpiry = Expiry }), _clock);

    [Fact]
    public async Task TypingAsync_NoFurtherSignal_ExpiresAfterTypingExpiry()
    {
        var (maya, _, threadId) = await ThreadAsync("Expiry");
        var seen = Watch(threadId);

        await Typing.TypingAsync(maya, threadId);
        Typing.Current(threadId).Select(t => t.DisplayName).Should().Equal(maya.DisplayName);
        _clock.Advance(Expiry - TimeSpan.FromMilliseconds(1));
        Typing.Current(threadId).Should().ContainSingle("not expired yet");
        _clock.Advance(TimeSpan.FromMilliseconds(1));

        Typing.Current(threadId).Should().BeEmpty();
        await seen.ShouldBeAsync([maya.DisplayName], []);
    }

    [Fact]
    public async Task TypingAsync_SignalsWhileTyping_PublishedOnceAndKeptAlive()
    {
        var (maya, _, threadId) = await ThreadAsync("Keep alive");
        var seen = Watch(threadId);

        for (var i = 0; i < 5; i++)
        {
            await Typing.TypingAsync(maya, threadId);
            _clock.Advance(TimeSpan.FromSeconds(2.5)); // the browser's throttle: one signal every 2.5 s
        }

        Typing.Current(threadId).Should().ContainSingle("each signal moves the expiry; 12.5 s of typing is still typing");
        Typing.Stopped(maya, threadId);
        await seen.ShouldBeAsync([maya.DisplayName], []);
    }

    [Fact]
    public async Task Stopped_ClearedComposer_GoneAtOnce()
    {
        var (maya, tom, threadId) = await ThreadAsync("Cleared");
        await Typing.TypingAsync(maya, threadId);
        await Typing.TypingAsync(tom, threadId);

        Typing.Stopped(maya, threadId);

        Typing.Current(threadId).Select(t => t.UserId).Should().Equal(tom.UserId);
    }

    [Fact]
    public async Task TypingAsync_MessagePosted_SenderNoLongerTyping()
    {
        var (maya, tom, threadId) = await ThreadAsync("Posted");
        var seen = Watch(threadId);
        await Typing.TypingAsync(maya, threadId);
        await Typing.TypingAsync(tom, threadId);

        await factory.Messages.PostAsync(maya, new PostMessageRequest(threadId, "Here is the tracking number.", Guid.NewGuid().ToString("N")));

        await seen.ShouldBeAsync([maya.DisplayName], [maya.DisplayName, tom.DisplayName], [tom.DisplayName]);
        Typing.Current(threadId).Select(t => t.UserId).Should().Equal(tom.UserId);
    }

    [Fact]
    public async Task TypingAsync_UserOutsideThread_NeverSeesIt()
    {
        var (maya, _, threadId) = await ThreadAsync("Private");
        var outsider = await factory.CreateUserAsync("Olga Outsider", Roles.Agent);
        var everything = new ConcurrentQueue<ChatEvent>();
        using var all = Events.Subscribe(null, e =>
        {
            everything.Enqueue(e);
            return Task.CompletedTask;
        });
        var seen = Watch(threadId);

        var watching = () => Typing.WatchAsync(outsider, threadId, _ => Task.CompletedTask);
        await watching.Should().ThrowAsync<ChatNotFoundException>("an agent outside the thread cannot listen to it");
        await Typing.TypingAsync(maya, threadId);
        Typing.Stopped(maya, threadId);

        await seen.ShouldBeAsync([maya.DisplayName], []);
        everything.OfType<TypingChanged>().Should().BeEmpty("subscribers to every thread (inboxes, integrations) never get typing");
    }

    [Fact]
    public async Task TypingAsync_ThreadTheCallerCannotSee_NotFoundAndNothingShown()
    {
        var (_, _, threadId) = await ThreadAsync("Not mine");
        var outsider = await factory.CreateUserAsync("Otto Outsider", Roles.Agent);

        var act = () => Typing.TypingAsync(outsider, threadId);

        await act.Should().ThrowAsync<ChatNotFoundException>();
        Typing.Current(threadId).Should().BeEmpty();
    }

    [Fact]
    public async Task WatchAsync_SomeoneAlreadyTyping_StartsWithThem()
    {
        var (maya, tom, threadId) = await ThreadAsync("Late joiner");
        await Typing.TypingAsync(maya, threadId);

        using var watch = await Typing.WatchAsync(tom, threadId, _ => Task.CompletedTask);

        watch.Typing.Select(t => t.DisplayName).Should().Equal(maya.DisplayName);
    }

    private async Task<(ChatCaller Maya, ChatCaller Tom, long ThreadId)> ThreadAsync(string title)
    {
        var maya = await factory.CreateUserAsync($"Maya {title}", Roles.Agent);
        var tom = await factory.CreateUserAsync($"Tom {title}", Roles.Agent);
        return (maya, tom, await factory.CreateGroupThreadAsync(maya, title, tom));
    }

    private Seen Watch(long threadId)
    {
        var seen = new Seen();
        seen.Subscription = Events.Subscribe(threadId, e =>
        {
            if (e is TypingChanged changed)
                seen.Sets.Enqueue(changed.Typists.Select(t => t.DisplayName).ToArray());
            return Task.CompletedTask;
        });
        return seen;
    }

    public void Dispose() => _typing?.Dispose();

    private sealed class Seen
    {
        public ConcurrentQueue<string[]> Sets { get; } = new();
        public IDisposable? Subscription { get; set; }

        /// <summary>Waits for the published sets (the bus delivers on its own pump), then checks them in order.</summary>
        public async Task ShouldBeAsync(params string[][] expected)
        {
            var deadline = DateTime.UtcNow + Patience;
            while (Sets.Count < expected.Length && DateTime.UtcNow < deadline)
                await Task.Delay(20);
            await Task.Delay(50); // nothing more should follow
            Subscription?.Dispose();
            Sets.Should().BeEquivalentTo(expected, o => o.WithStrictOrdering());
        }
    }
}
