using Scalar.AspNetCore;

namespace QanDu.Dashboard.Hosting;

/// <summary>
/// The readable, interactive API reference (Scalar) over the OpenAPI document at /openapi/v1.json, served by the app
/// alone: Scalar's scripts come from its package, and nothing is fetched from elsewhere (no fonts, telemetry or AI chat).
/// </summary>
internal static class ApiReference
{
    public const string Path = "/api-reference";

    public const string Title = "QanDu Chat Dashboard API";

    /// <summary>
    /// Maps the reference. Its page starts Scalar with one inline module script, which the pages' policy
    /// (<see cref="SecurityHeaders.PagePolicy"/>, script-src 'self') refuses; so this one page gets the same policy plus a
    /// nonce that Scalar draws fresh for each answer and puts on its script tags — nothing else inline may run.
    /// </summary>
    public static WebApplication MapApiReference(this WebApplication app)
    {
        app.UseWhen(context => context.Request.Path.StartsWithSegments(Path), reference => reference.Use((context, next) =>
        {
            // Registered after SecurityHeaders' callback, so it runs before it (callbacks run last-in, first-out) and
            // SecurityHeaders keeps the header set here.
            context.Response.OnStarting(() =>
            {
                if (context.Items.TryGetValue(ScalarOptions.NonceHttpContextItemKey, out var nonce) && nonce is string { Length: > 0 } value)
                    context.Response.Headers.ContentSecurityPolicy = SecurityHeaders.PagePolicyWithScriptNonce(value);
                return Task.CompletedTask;
            });
            return next(context);
        }));
        app.MapScalarApiReference(Path, o => o
                .WithTitle(Title)
                .WithNonce()
                .DisableDefaultFonts()
                .DisableTelemetry()
                .DisableAgent()
                .DisableMcp()
                .HideDeveloperTools()) // its toolbar can upload the description to Scalar's servers to share it
            .AllowAnonymous(); // like the OpenAPI document it shows
        return app;
    }
}
