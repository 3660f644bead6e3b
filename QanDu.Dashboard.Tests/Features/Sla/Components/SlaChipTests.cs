using Bunit;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using QanDu.Dashboard.Data.Entities;
using QanDu.Dashboard.Features.Access;
using QanDu.Dashboard.Features.Audit;
using QanDu.Dashboard.Features.Channels;
using QanDu.Dashboard.Features.Inbox.Components;
using QanDu.Dashboard.Features.Sla;
using QanDu.Dashboard.Tests.Infrastructure;

namespace QanDu.Dashboard.Tests.Features.Sla.Components;

/// <summary>The inbox row's SLA chip: the time left on the running target, the warning colour near the end, then "Breached … ago".</summary>
public sealed class SlaChipTests : ComponentTestContext
{
    private static readonly TimeSpan Live = TimeSpan.FromSeconds(15);

    [Fact]
    public async Task InboxRow_FirstResponseRunning_TicksDownThenTurnsBreached()
    {
        var admin = await App.CreateUserAsync("Chip admin", Roles.Admin);
        var channel = await App.Services.GetRequiredService<ChannelService>().CreateAsync(admin, AuditActor.From(admin),
            new SaveChannelRequest($"Chip shop {Guid.NewGuid():N}"[..15], ["https://shop.example.com"]));
        await App.Services.GetRequiredService<SlaPolicyService>().CreateAsync(admin, AuditActor.From(admin),
            new SaveSlaPolicyRequest("Ten minutes", ChannelId: channel.Id, FirstResponseMinutes: 10));
        var chat = await App.StartAsync("Chip Customer", configure: t => t.ChannelId = channel.Id);
        var started = await App.QueryAsync(db => db.ConversationActivity
            .Where(a => a.ThreadId == chat.ThreadId && a.Kind == ActivityKind.Created).Select(a => a.At).SingleAsync());
        Clock.SetUtcNow(DateTime.SpecifyKind(started, DateTimeKind.Utc)); // the screen's clock at the conversation's start
        SignInAs(admin);

        var list = Render<ThreadList>();

        string Chip() => $"[data-thread-id='{chat.ThreadId}'] [data-testid=sla-chip]";
        list.WaitForAssertion(() => list.Find(Chip()).TextContent.Trim().Should().Be("10m left"), Live);
        list.Find(Chip()).GetAttribute("data-state").Should().Be("running");
        list.Find(Chip()).GetAttribute("title").Should().StartWith("Ten minutes: first response due");

        Clock.Advance(TimeSpan.FromMinutes(6));
        list.WaitForAssertion(() =>
        {
            list.Find(Chip()).TextContent.Trim().Should().Be("4m left");
            list.Find(Chip()).GetAttribute("data-state").Should().Be("warning", "under five minutes left");
        }, Live);

        Clock.Advance(TimeSpan.FromMinutes(7));
        list.WaitForAssertion(() =>
        {
            list.Find(Chip()).TextContent.Trim().Should().Be("Breached 3m ago");
            list.Find(Chip()).GetAttribute("data-state").Should().Be("breached");
        }, Live);

        await App.Messages.PostAsync(admin, new QanDu.Dashboard.Features.Messages.PostMessageRequest(chat.ThreadId, "Sorry for the wait!"));
        list.WaitForAssertion(() => list.FindAll(Chip()).Should().BeEmpty("a person answered: no target runs any more"), Live);
    }
}
