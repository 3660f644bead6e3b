using Bunit;
using Microsoft.Extensions.DependencyInjection;
using QanDu.Dashboard.Data.Entities;
using QanDu.Dashboard.Features.Access;
using QanDu.Dashboard.Features.Inbox.Components;
using QanDu.Dashboard.Features.Presence;
using QanDu.Dashboard.Features.Presence.Components;
using QanDu.Dashboard.Tests.Infrastructure;

namespace QanDu.Dashboard.Tests.Features.Presence.Components;

/// <summary>The coloured dot on avatars: what others see of a person, following every change live.</summary>
public sealed class PresenceDotTests : ComponentTestContext
{
    private static readonly TimeSpan Live = TimeSpan.FromSeconds(5);

    private PresenceService Presence => App.Services.GetRequiredService<PresenceService>();

    [Fact]
    public async Task Render_PersonOpensTabChoosesStatusesAndLeaves_DotFollowsLive()
    {
        var maya = await App.CreateUserAsync("Maya Dot", Roles.Agent);
        var dot = Render<PresenceDot>(p => p.Add(c => c.UserId, maya.UserId));
        State(dot).Should().Be("offline", "no tab open");
        dot.Find("[data-testid=presence-dot]").GetAttribute("aria-label").Should().Be("Offline");

        await Presence.ConnectedAsync(maya.UserId);
        dot.WaitForAssertion(() => State(dot).Should().Be("online"), Live);

        await Presence.SetChosenAsync(maya, PresenceStatus.Busy);
        dot.WaitForAssertion(() => State(dot).Should().Be("busy"), Live);
        dot.Find("[data-testid=presence-dot]").GetAttribute("title").Should().Be("Busy — do not disturb");

        await Presence.SetChosenAsync(maya, PresenceStatus.Away);
        dot.WaitForAssertion(() => State(dot).Should().Be("away"), Live);

        await Presence.SetChosenAsync(maya, PresenceStatus.Offline);
        dot.WaitForAssertion(() => State(dot).Should().Be("offline", "appear offline"), Live);

        await Presence.SetChosenAsync(maya, PresenceStatus.Online);
        dot.WaitForAssertion(() => State(dot).Should().Be("online"), Live);
        Presence.Disconnected(maya.UserId);
        dot.WaitForAssertion(() => State(dot).Should().Be("offline", "her last tab closed, after the grace period"),
            new PresenceOptions().OfflineGrace + Live);
    }

    [Fact]
    public void Render_StatusWithoutUser_ShowsThatStatus()
    {
        var dot = Render<PresenceDot>(p => p.Add(c => c.Status, PresenceStatus.Away));

        State(dot).Should().Be("away");
        dot.Find("[data-testid=presence-dot]").ClassList.Should().Contain("qd-presence--away");
    }

    [Fact]
    public async Task ThreadListItem_DirectThread_ShowsTheOtherPersonsPresence()
    {
        var maya = await App.CreateUserAsync("Maya List", Roles.Agent);
        var tom = await App.CreateUserAsync("Tom List", Roles.Agent);
        var summary = await Threads.CreateThreadAsync(maya, new QanDu.Dashboard.Features.Threads.CreateThreadRequest(ThreadType.Direct, null, [tom.UserId]));
        await Presence.ConnectedAsync(tom.UserId);
        try
        {
            var item = Render<ThreadListItem>(p => p.Add(c => c.Thread, summary).Add(c => c.MyUserId, maya.UserId));

            var dot = item.Find("[data-testid=presence-dot]");
            dot.GetAttribute("data-user-id").Should().Be(tom.UserId, "a direct thread's avatar is the other person");
            dot.GetAttribute("data-presence").Should().Be("online");
            await Presence.SetChosenAsync(tom, PresenceStatus.Busy);
            item.WaitForAssertion(() => item.Find("[data-testid=presence-dot]").GetAttribute("data-presence").Should().Be("busy"), Live);
        }
        finally
        {
            Presence.Disconnected(tom.UserId);
        }
    }

    private static string? State(IRenderedComponent<PresenceDot> dot) => dot.Find("[data-testid=presence-dot]").GetAttribute("data-presence");
}
