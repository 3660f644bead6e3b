namespace QanDu.Dashboard.Features.HelpCenter;

/// <summary>Registers the public help center (called once from <c>Hosting</c>).</summary>
public static class HelpCenterRegistration
{
    public static WebApplicationBuilder AddHelpCenter(this WebApplicationBuilder builder)
    {
        builder.Services.AddSingleton<HelpCenterService>();
        builder.Services.AddSingleton<HelpCenterName>();
        builder.Services.AddOptions<HelpCenterOptions>().BindConfiguration(HelpCenterOptions.Section).ValidateDataAnnotations().ValidateOnStart();
        return builder;
    }
}
