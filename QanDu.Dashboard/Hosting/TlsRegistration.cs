using Microsoft.AspNetCore.Antiforgery;
using Microsoft.AspNetCore.Authentication.Cookies;

namespace QanDu.Dashboard.Hosting;

/// <summary>
/// HTTPS without a proxy: with <c>Tls:CertificatePath</c> set, Kestrel serves that certificate on every <c>https://</c>
/// address in <c>Urls</c>, plain <c>http://</c> addresses redirect to HTTPS, HSTS is sent, and the sign-in and
/// antiforgery cookies are always <c>Secure</c>. Without it nothing changes (behind a TLS proxy, see docs/operations.md).
/// </summary>
internal static class TlsRegistration
{
    public static WebApplicationBuilder AddTls(this WebApplicationBuilder builder)
    {
        var services = builder.Services;
        var tls = builder.Configuration.GetSection(TlsOptions.Section).Get<TlsOptions>() ?? new TlsOptions();
        services.AddOptions<TlsOptions>().BindConfiguration(TlsOptions.Section).ValidateDataAnnotations().ValidateOnStart();
        services.AddHsts(o => o.MaxAge = TimeSpan.FromDays(tls.HstsMaxAgeDays));
        if (!tls.Enabled)
            return builder;

        var certificate = TlsCertificate.Load(tls);
        RequireHttpsAddress(builder.Configuration);
        builder.WebHost.ConfigureKestrel(k => k.ConfigureHttpsDefaults(https => https.ServerCertificate = certificate));
        services.PostConfigureAll<CookieAuthenticationOptions>(o => o.Cookie.SecurePolicy = CookieSecurePolicy.Always);
        services.PostConfigure<AntiforgeryOptions>(o => o.Cookie.SecurePolicy = CookieSecurePolicy.Always);
        return builder;
    }

    /// <summary>HSTS (outside Development, or whenever the app serves TLS itself) and, with TLS on, the redirect from http.</summary>
    public static WebApplication UseTls(this WebApplication app)
    {
        var tls = app.Configuration.GetSection(TlsOptions.Section).Get<TlsOptions>() ?? new TlsOptions();
        if ((tls.Enabled || !app.Environment.IsDevelopment()) && tls.HstsMaxAgeDays > 0)
            app.UseHsts(); // only on https requests (directly, or through a trusted proxy's X-Forwarded-Proto)
        if (tls.Enabled)
            app.UseHttpsRedirection();
        return app;
    }

    /// <summary>A certificate with nowhere to serve it is a mistake, not a quiet plain-http start.</summary>
    private static void RequireHttpsAddress(IConfiguration configuration)
    {
        var urls = (configuration["urls"] ?? "").Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        var endpoints = configuration.GetSection("Kestrel:Endpoints").GetChildren().Select(e => e["Url"] ?? "");
        if (!urls.Concat(endpoints).Any(u => u.StartsWith("https://", StringComparison.OrdinalIgnoreCase)))
            throw new TlsConfigurationException(
                "Tls:CertificatePath is set, but Urls names no https:// address to serve it on: set Urls, for example " +
                "\"https://0.0.0.0:443;http://0.0.0.0:80\" (http redirects to https) (docs/operations.md, \"HTTPS without a proxy\").");
    }
}
