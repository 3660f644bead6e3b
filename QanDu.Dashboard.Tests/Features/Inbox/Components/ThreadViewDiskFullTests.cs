using Bunit;
using Microsoft.Extensions.DependencyInjection;
using QanDu.Dashboard.Features.Access;
using QanDu.Dashboard.Features.Inbox.Components;
using QanDu.Dashboard.Tests.Infrastructure;

namespace QanDu.Dashboard.Tests.Features.Inbox.Components;

/// <summary>A send that fails because the server's disk is full says so (on the message and above the composer), and Retry sends it once there is space.</summary>
public sealed class ThreadViewDiskFullTests() : ComponentTestContext(
    new DashboardFactory { Settings = { ["Analysis:Enabled"] = "false" }, TestServices = new DiskFullSwitch().AddTo })
{
    private static readonly TimeSpan Live = TimeSpan.FromSeconds(5);

    private DiskFullSwitch Disk => App.Services.GetRequiredService<DiskFullSwitch>();

    [Fact]
    public async Task Composer_SendWhileDiskFull_FailedMessageNamesTheFullDiskAndRetrySendsIt()
    {
        var maya = await App.CreateUserAsync("Maya Chen", Roles.Agent);
        var thread = await App.CreateGroupThreadAsync(maya, "Full disk", await App.CreateUserAsync("Tom Okafor", Roles.Agent));
        SignInAs(maya);
        var view = Render<ThreadView>(p => p.Add(c => c.ThreadId, thread));
        view.WaitForAssertion(() => view.FindAll("[data-testid=composer]").Should().ContainSingle(), Live);
        var text = string.Join(' ', Enumerable.Range(0, 1_500).Select(i => $"line{i}"));

        Disk.Full = true;
        await view.InvokeAsync(() => view.FindComponent<Composer>().Instance.SubmitAsync(text));
        view.WaitForAssertion(() => view.Find("[data-testid=message]").GetAttribute("data-status").Should().Be("failed"), Live);
        Disk.Full = false;

        view.Find(".qd-message-error").TextContent.Should().Contain("Not sent — the server's disk is full. Ask an administrator to free space, then retry.");
        view.WaitForAssertion(() => view.Find("[data-testid=storage-notice]").TextContent.Should()
            .Contain("The server cannot store messages right now: the disk is full."), Live);
        await view.InvokeAsync(() => view.Find("[data-testid=retry]").Click());
        view.WaitForAssertion(() => view.Find("[data-testid=message]").GetAttribute("data-status").Should().Be("sent"), Live);
        view.WaitForAssertion(() => view.FindAll("[data-testid=storage-notice]").Should().BeEmpty("a write succeeded since"), Live);
        (await Messages.GetHistoryAsync(maya, thread, null, null)).Messages.Should().ContainSingle(m => m.Content == text);
    }
}
