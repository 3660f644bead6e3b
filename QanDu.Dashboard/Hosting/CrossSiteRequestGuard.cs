using Microsoft.AspNetCore.Antiforgery;
using QanDu.Dashboard.Features.Account;
using QanDu.Dashboard.Features.Widget;

namespace QanDu.Dashboard.Hosting;

/// <summary>
/// The one place that makes every unsafe request signed in by the cookie (POST, PUT, PATCH, DELETE on any endpoint,
/// present or future) prove it came from the dashboard with an antiforgery token: the form field
/// <c>__RequestVerificationToken</c> or the <c>RequestVerificationToken</c> header. A page on another port of the same
/// host is the same site, so SameSite=Lax still sends it the cookie; it cannot read a token bound to the person.
/// Exempt: API-key requests (browsers never add a bearer key on their own) and Blazor's transport under
/// <c>/_blazor</c> (SignalR, whose connection and circuit ids a cross-site page never learns). The integrations hub
/// <c>/hubs/chat</c> proves it by the Origin header instead: a browser's WebSocket cannot carry a token.
/// </summary>
internal static class CrossSiteRequestGuard
{
    public const string Title = "Cross-site request refused";

    public static IApplicationBuilder UseCrossSiteRequestGuard(this IApplicationBuilder app) =>
        app.Use(async (context, next) =>
        {
            if (IsCrossOriginHub(context))
            {
                await Results.Problem(statusCode: StatusCodes.Status403Forbidden, title: Title,
                        detail: "The real-time API answers a browser signed in by the cookie only on the dashboard's own pages "
                                + "(the Origin header must be this site). Integrations connect with a personal key: "
                                + "'Authorization: Bearer qdk_…' or '?access_token=qdk_…'.")
                    .ExecuteAsync(context);
                return;
            }
            if (NeedsProof(context) && !await HasTokenAsync(context))
            {
                await Results.Problem(statusCode: StatusCodes.Status403Forbidden, title: Title,
                        detail: "A change signed in by the browser's cookie must carry the dashboard's antiforgery token "
                                + "(form field '__RequestVerificationToken' or header 'RequestVerificationToken'). "
                                + "Integrations call the API with a personal key: 'Authorization: Bearer qdk_…'.")
                    .ExecuteAsync(context);
                return;
            }
            await next(context);
        });

    private static async Task<bool> HasTokenAsync(HttpContext context)
    {
        try
        {
            return await context.RequestServices.GetRequiredService<IAntiforgery>().IsRequestValidAsync(context);
        }
        catch (Exception ex) when (ex is InvalidDataException or BadHttpRequestException)
        {
            return false; // a form body that cannot be read carries no token either
        }
    }

    /// <summary>
    /// A hub connection (its negotiate post, and the WebSocket that follows it, which no token can ride on) signed in by the
    /// cookie from a page of another origin: a cross-site page must not act as the person. Browsers always send Origin on
    /// both; clients outside a browser send none and are not a cross-site risk.
    /// </summary>
    private static bool IsCrossOriginHub(HttpContext context) =>
        context.Request.Path.StartsWithSegments(ApiKeyAuthenticationHandler.HubPath)
        && context.User.Identity?.IsAuthenticated == true
        && !ApiKeyAuthenticationHandler.Applies(context.Request)
        && context.Request.Headers.Origin.ToString() is { Length: > 0 } origin
        && !string.Equals(origin, $"{context.Request.Scheme}://{context.Request.Host}", StringComparison.OrdinalIgnoreCase);

    private static bool NeedsProof(HttpContext context) =>
        !(HttpMethods.IsGet(context.Request.Method) || HttpMethods.IsHead(context.Request.Method)
          || HttpMethods.IsOptions(context.Request.Method) || HttpMethods.IsTrace(context.Request.Method))
        && context.User.Identity?.IsAuthenticated == true
        && !WidgetPaths.Applies(context.Request) // bearer visitor tokens only: no cookie is ever read there
        && !ApiKeyAuthenticationHandler.Applies(context.Request)
        && !context.Request.Path.StartsWithSegments("/_blazor")
        && !context.Request.Path.StartsWithSegments(ApiKeyAuthenticationHandler.HubPath); // the Origin check above stands in for the token
}
