namespace QanDu.Dashboard.Features.Webhooks;

internal static class WebhooksRegistration
{
    public static WebApplicationBuilder AddWebhooks(this WebApplicationBuilder builder)
    {
        // The sender (signed, SSRF-safe) and the admins' allowed hosts.
        builder.Services.AddOptions<WebhookSenderOptions>().BindConfiguration(WebhookSenderOptions.Section).ValidateDataAnnotations().ValidateOnStart();
        builder.Services.AddSingleton<WebhookAllowList>();
        builder.Services.AddSingleton<IWebhookSender, WebhookSender>();
        return builder;
    }
}
