namespace QanDu.Dashboard.Features.Privacy;

/// <summary>Registers a contact's export and erasure (called once from <c>Hosting</c>).</summary>
internal static class PrivacyRegistration
{
    public static WebApplicationBuilder AddPrivacy(this WebApplicationBuilder builder)
    {
        builder.Services.AddSingleton<ContactExportService>();
        builder.Services.AddSingleton<ContactErasureService>();
        return builder;
    }
}
