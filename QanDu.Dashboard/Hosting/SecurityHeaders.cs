namespace QanDu.Dashboard.Hosting;

/// <summary>
/// Headers every response carries: no content sniffing, a referrer only within the app, and for pages a Content Security
/// Policy that lets only the app's own scripts run. An endpoint that sets a stricter policy (file downloads) keeps it.
/// </summary>
internal static class SecurityHeaders
{
    /// <summary>
    /// Scripts only from the app (Blazor needs no inline script or eval on the server render mode); inline styles are
    /// MudBlazor's; images also from other https/http hosts, which message text shows only after the reader clicks
    /// (see MarkdownRenderer); the circuit's WebSocket to the app itself.
    /// </summary>
    public const string PagePolicy =
        "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data: blob: https: http:; " +
        "font-src 'self' data:; connect-src 'self'; frame-ancestors 'self'; base-uri 'self'; form-action 'self'; object-src 'none'";

    /// <summary>The page policy that also lets the inline scripts carrying <paramref name="nonce"/> run (one answer's own nonce).</summary>
    public static string PagePolicyWithScriptNonce(string nonce) =>
        PagePolicy.Replace("script-src 'self';", $"script-src 'self' 'nonce-{nonce}';", StringComparison.Ordinal);

    public static WebApplication UseSecurityHeaders(this WebApplication app)
    {
        app.Use((context, next) =>
        {
            context.Response.OnStarting(() =>
            {
                var headers = context.Response.Headers;
                headers.XContentTypeOptions = "nosniff";
                headers["Referrer-Policy"] = "same-origin";
                if (!ApiErrors.IsApi(context.Request) && string.IsNullOrEmpty(headers.ContentSecurityPolicy))
                    headers.ContentSecurityPolicy = PagePolicy;
                return Task.CompletedTask;
            });
            return next();
        });
        return app;
    }
}
