namespace QanDu.Dashboard.Features.TwoFactor;

/// <summary>Registers two-factor sign-in and the security settings (called once from <c>Hosting</c>).</summary>
public static class TwoFactorRegistration
{
    public static WebApplicationBuilder AddTwoFactor(this WebApplicationBuilder builder)
    {
        var services = builder.Services;
        services.AddSingleton<TotpSteps>();
        services.AddSingleton<SecuritySettingsStore>();
        services.AddScoped<TwoFactorService>();
        return builder;
    }
}
