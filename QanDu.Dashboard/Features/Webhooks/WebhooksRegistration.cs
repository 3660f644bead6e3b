namespace QanDu.Dashboard.Features.Webhooks;

internal static class WebhooksRegistration
{
    public static WebApplicationBuilder AddWebhooks(this WebApplicationBuilder builder)
    {
        return builder;
    }
}
