namespace QanDu.Dashboard.Features.Webhooks;

internal static class WebhooksRegistration
{
    /// <summary>
    /// Subscriptions, the outbox (an interceptor of every ChatDbContext, added in Hosting/DataRegistration) and the
    /// dispatcher. The <see cref="IWebhookSender"/> that does the HTTP is registered by the sender.
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
        return builder;
    }
}
