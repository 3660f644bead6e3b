namespace QanDu.Dashboard.Features.Webhooks;

internal static class WebhooksRegistration
{
    /// <summary>
    /// Subscriptions, the outbox (an interceptor of every ChatDbContext, added in Hosting/DataRegistration) and the
    /// dispatcher; the signed, SSRF-safe sender and the admins' allowed hosts.
    /// </summary>
    public static WebApplicationBuilder AddWebhooks(this WebApplicationBuilder builder)
    {
        var services = builder.Services;
        services.AddOptions<WebhookOptions>().BindConfiguration(WebhookOptions.Section).ValidateDataAnnotations().ValidateOnStart();
        services.AddSingleton<WebhookSubscriptionCache>();
        services.AddSingleton<WebhookSignal>();
        services.AddSingleton<WebhookOutbox>();
        services.AddSingleton<WebhookPauses>();
        services.AddSingleton<WebhookSubscriptionService>();
        services.AddSingleton<WebhookDeliveryService>();
        services.AddHostedService<WebhookDispatcher>();
        // The sender (signed, SSRF-safe) and the admins' allowed hosts.
        services.AddSingleton<WebhookAllowList>();
        services.AddSingleton<IWebhookSender, WebhookSender>();
        return builder;
    }
}
