using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using QanDu.Dashboard.Data;
using QanDu.Dashboard.Data.Entities;
using QanDu.Dashboard.Features.Access;
using QanDu.Dashboard.Features.Audit;
using QanDu.Dashboard.Features.Webhooks;
using QanDu.Dashboard.Tests.Infrastructure;

namespace QanDu.Dashboard.Tests.Features.Webhooks;

/// <summary>An app with a recording webhook sender, optionally on a fake clock, and what the webhook tests share.</summary>
public sealed class WebhookTestApp : IDisposable
{
    private readonly DashboardFactory _factory;

    public WebhookTestApp(FakeTimeProvider? clock = null, TempDataFolder? folder = null, RecordingWebhookSender? sender = null)
    {
        Clock = clock;
        Sender = sender ?? new RecordingWebhookSender();
        void Services(IServiceCollection services)
        {
            services.AddSingleton<IWebhookSender>(Sender);
            if (clock is not null)
                services.AddSingleton<TimeProvider>(clock);
        }
        _factory = folder is null
            ? new DashboardFactory { TestServices = Services, Settings = new() { ["Analysis:Enabled"] = "false" } }
            : DashboardFactory.OnFolder(folder, testServices: Services);
    }

    public FakeTimeProvider? Clock { get; }

    public RecordingWebhookSender Sender { get; }

    public DashboardFactory Factory => _factory;

    public WebhookSubscriptionService Subscriptions => _factory.Services.GetRequiredService<WebhookSubscriptionService>();

    public WebhookDeliveryService Deliveries => _factory.Services.GetRequiredService<WebhookDeliveryService>();

    public Task<ChatCaller> AdminAsync(string name = "Webhook admin") => _factory.CreateUserAsync($"{name} {Guid.NewGuid():N}"[..30], Roles.Admin);

    public async Task<WebhookSubscriptionView> SubscribeAsync(ChatCaller admin, params string[] events) =>
        await Subscriptions.CreateAsync(admin, AuditActor.From(admin), new SaveWebhookRequest($"https://hooks.example.com/{Guid.NewGuid():N}", events));

    public Task<List<WebhookDelivery>> DeliveriesOfAsync(long subscriptionId) =>
        _factory.QueryAsync(db => db.WebhookDeliveries.AsNoTracking().Where(d => d.SubscriptionId == subscriptionId).OrderBy(d => d.Id).ToListAsync());

    public Task<WebhookSubscription> SubscriptionAsync(long id) =>
        _factory.QueryAsync(db => db.WebhookSubscriptions.AsNoTracking().SingleAsync(s => s.Id == id));

    public void Wake() => _factory.Services.GetRequiredService<WebhookSignal>().Wake();

    /// <summary>Waits (real time, at most 15 s) until <paramref name="condition"/> holds, waking the dispatcher meanwhile.</summary>
    public async Task<T> EventuallyAsync<T>(Func<Task<T>> read, Func<T, bool> condition, string because)
    {
        var deadline = DateTime.UtcNow.AddSeconds(15);
        while (true)
        {
            var value = await read();
            if (condition(value))
                return value;
            if (DateTime.UtcNow > deadline)
                throw new TimeoutException($"Timed out waiting until {because}; last value: {System.Text.Json.JsonSerializer.Serialize(value)}");
            Wake();
            await Task.Delay(50);
        }
    }

    public void Dispose() => _factory.Dispose();
}
