using Microsoft.Extensions.DependencyInjection;
using QanDu.Dashboard.Features.Access;
using QanDu.Dashboard.Features.Webhooks;
using QanDu.Dashboard.Tests.Infrastructure;

namespace QanDu.Dashboard.Tests.Features.Webhooks;

/// <summary>One app per test class for the sender tests: a 2-second attempt timeout, the real sender and allowed hosts.</summary>
public sealed class WebhookSenderApp : IDisposable
{
    public const int TimeoutSeconds = 2;

    public DashboardFactory Factory { get; } = new()
    {
        Settings = { ["Webhooks:TimeoutSeconds"] = TimeoutSeconds.ToString(), ["Analysis:Enabled"] = "false" },
    };

    public IWebhookSender Sender => Factory.Services.GetRequiredService<IWebhookSender>();

    public WebhookAllowList AllowList => Factory.Services.GetRequiredService<WebhookAllowList>();

    public async Task<ChatCaller> AdminAsync() => _admin ??= await Factory.CreateUserAsync("Webhook admin", Roles.Admin);

    /// <summary>Allows <paramref name="host"/> unless it already is; returns its id.</summary>
    public async Task<long> AllowAsync(string host)
    {
        var admin = await AdminAsync();
        var existing = (await AllowList.ListAsync(admin)).FirstOrDefault(h => h.Host == WebhookAllowList.Normalize(host));
        return existing?.Id ?? (await AllowList.AddAsync(admin, new AddAllowedHostRequest(host))).Id;
    }

    public async Task RemoveAsync(long id) => await AllowList.RemoveAsync(await AdminAsync(), id);

    public static WebhookRequest Request(string url, string secret = "s3cret", string @event = "message.created") =>
        new(new Uri(url), secret, Guid.NewGuid(), @event, """{"event":"message.created","data":{"id":7,"text":"Hello"}}""");

    private ChatCaller? _admin;

    public void Dispose() => Factory.Dispose();
}
