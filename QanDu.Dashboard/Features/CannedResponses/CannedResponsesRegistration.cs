namespace QanDu.Dashboard.Features.CannedResponses;

internal static class CannedResponsesRegistration
{
    public static WebApplicationBuilder AddCannedResponses(this WebApplicationBuilder builder)
    {
        builder.Services.AddSingleton<CannedResponseService>();
        return builder;
    }
}
