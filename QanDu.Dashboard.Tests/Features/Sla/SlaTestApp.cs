using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using QanDu.Dashboard.Data.Entities;
using QanDu.Dashboard.Features.Access;
using QanDu.Dashboard.Features.Audit;
using QanDu.Dashboard.Features.Channels;
using QanDu.Dashboard.Features.Messages;
using QanDu.Dashboard.Features.Sla;
using QanDu.Dashboard.Tests.Infrastructure;

namespace QanDu.Dashboard.Tests.Features.Sla;

/// <summary>An app whose whole clock is a fake starting at <paramref name="start"/>, with what the SLA tests share.</summary>
internal sealed class SlaTestApp(DateTimeOffset start) : IDisposable
{
    public FakeTimeProvider Clock { get; } = new(start);

    private DashboardFactory? _app;

    public DashboardFactory Factory => _app ??= new DashboardFactory
    {
        TestServices = services => services.AddSingleton<TimeProvider>(Clock),
        Settings = new() { ["Analysis:Enabled"] = "false" },
    };

    public DateTime Now => Clock.GetUtcNow().UtcDateTime;

    public SlaBook Book => Factory.Services.GetRequiredService<SlaBook>();

    public SlaMonitor Monitor => Factory.Services.GetRequiredService<SlaMonitor>();

    public Task<ChatCaller> AdminAsync(string name = "Sla admin") => Factory.CreateUserAsync(name, Roles.Admin);

    /// <summary>A channel open Monday to Friday 09:00–17:00 in <paramref name="zone"/> (no hours: always open).</summary>
    public async Task<long> ChannelAsync(ChatCaller admin, string zone = "Europe/Paris", bool officeHours = true)
    {
        IReadOnlyList<BusinessHoursSlotRequest>? hours = officeHours
            ? [.. new[] { DayOfWeek.Monday, DayOfWeek.Tuesday, DayOfWeek.Wednesday, DayOfWeek.Thursday, DayOfWeek.Friday }
                .Select(d => new BusinessHoursSlotRequest(d, "09:00", "17:00"))]
            : null;
        var channel = await Factory.Services.GetRequiredService<ChannelService>().CreateAsync(admin, AuditActor.From(admin),
            new SaveChannelRequest($"Shop {Guid.NewGuid():N}"[..11], ["https://shop.example.com"], TimeZone: zone, BusinessHours: hours));
        return channel.Id;
    }

    public Task<SlaPolicyView> PolicyAsync(ChatCaller admin, SaveSlaPolicyRequest request) =>
        Factory.Services.GetRequiredService<SlaPolicyService>().CreateAsync(admin, AuditActor.From(admin), request);

    /// <summary>A customer starts a conversation in the channel now (by the fake clock), with a first message.</summary>
    public async Task<CustomerConversations.Started> StartAsync(long channelId, PriorityLevel priority = PriorityLevel.Normal, ThreadStatus status = ThreadStatus.Active)
    {
        var now = Now;
        var started = await Factory.StartAsync($"Customer {Guid.NewGuid():N}"[..15], configure: t =>
        {
            (t.CreatedAt, t.UpdatedAt, t.ChannelId, t.Priority) = (now, now, channelId, priority);
        });
        if (status != ThreadStatus.Active)
        {
            // The customer's message makes the conversation open: set the status it should wait in afterwards (Pending: on the assistant).
            await Factory.QueryAsync(db => db.Threads.Where(t => t.Id == started.ThreadId).ExecuteUpdateAsync(s => s.SetProperty(t => t.Status, status)));
        }
        return started;
    }

    public Task ReplyAsync(ChatCaller agent, long threadId, string text = "On it!") =>
        Factory.Messages.PostAsync(agent, new PostMessageRequest(threadId, text));

    public Task CustomerWritesAsync(CustomerConversations.Started conversation, string text = "Any news?") =>
        Factory.Messages.PostAsync(conversation.Customer, new PostMessageRequest(conversation.ThreadId, text));

    public void Dispose() => _app?.Dispose();
}
