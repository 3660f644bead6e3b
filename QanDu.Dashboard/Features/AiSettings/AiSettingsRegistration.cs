namespace QanDu.Dashboard.Features.AiSettings;

/// <summary>Registers the store of the assistant's and the analysis's settings as the admin set them (called once from <c>Hosting</c>).</summary>
public static class AiSettingsRegistration
{
    public static WebApplicationBuilder AddAiSettings(this WebApplicationBuilder builder)
    {
        builder.Services.AddSingleton<AssistantSettingsStore>();
        return builder;
    }
}
